namespace Quant.Orleans.Numerics.Statistics;

/// <summary>
/// A Sharpe ratio with its method stated, so a number is never read without how it was made.
/// <c>step_raw</c>: mean / standard deviation (N-1) of per-step simple returns, times √(steps per year);
/// <c>daily_agg</c>: the same on returns aggregated by trading day, times √(trading days per year).
/// Zero risk-free rate. Fewer than <see cref="MinimumObservations"/> returns gives
/// <see cref="SharpeStatus.InsufficientObservation"/> and no number.
/// </summary>
/// <param name="Method">"step_raw" or "daily_agg".</param>
/// <param name="Value">Annualised ratio; NaN unless <see cref="Status"/> is <see cref="SharpeStatus.Ok"/>.</param>
/// <param name="Observations">Returns used.</param>
/// <param name="AnnualisationFactor">Periods per year the ratio was scaled by (√ of it is applied).</param>
/// <param name="Status">Whether there was enough data.</param>
public sealed record SharpeRatio(string Method, double Value, int Observations, double AnnualisationFactor, SharpeStatus Status)
{
    /// <summary>The fewest returns for which a ratio is reported.</summary>
    public const int MinimumObservations = 20;

    /// <summary>Computes the ratio of <paramref name="returns"/> (simple returns per period).</summary>
    /// <param name="method">A name of the method, reported as is.</param>
    /// <param name="returns">Per-period simple returns.</param>
    /// <param name="periodsPerYear">Annualisation: 252 for trading days, 252 × 390 for regular-session minutes, 365 for 24/7 days.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodsPerYear"/> is not positive.</exception>
    public static SharpeRatio Compute(string method, ReadOnlySpan<double> returns, double periodsPerYear)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodsPerYear);
        if (returns.Length < MinimumObservations)
        {
            return new SharpeRatio(method, double.NaN, returns.Length, periodsPerYear, SharpeStatus.InsufficientObservation);
        }

        var moments = new RunningMoments();
        foreach (var r in returns)
        {
            moments.Add(r);
        }

        var sd = Math.Sqrt(moments.Variance);
        var value = sd > 0 ? moments.Mean / sd * Math.Sqrt(periodsPerYear) : double.NaN;
        return new SharpeRatio(method, value, returns.Length, periodsPerYear, sd > 0 ? SharpeStatus.Ok : SharpeStatus.ZeroVariance);
    }

    /// <summary>e.g. <c>1.234 (step_raw, n=1170, annualised by √98280)</c> or <c>insufficient_observation (daily_agg, n=4 &lt; 20)</c>.</summary>
    public override string ToString() => Status switch
    {
        SharpeStatus.Ok => FormattableString.Invariant($"{Value:0.000} ({Method}, n={Observations}, annualised by √{AnnualisationFactor:0})"),
        SharpeStatus.InsufficientObservation => FormattableString.Invariant($"insufficient_observation ({Method}, n={Observations} < {MinimumObservations})"),
        _ => FormattableString.Invariant($"zero_variance ({Method}, n={Observations})"),
    };
}

/// <summary>Whether a <see cref="SharpeRatio"/> has a value.</summary>
public enum SharpeStatus
{
    /// <summary>A value was computed.</summary>
    Ok,

    /// <summary>Too few returns.</summary>
    InsufficientObservation,

    /// <summary>All returns were equal.</summary>
    ZeroVariance,
}
