namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// Annualised Sharpe and Sortino ratios with their method in the result. Zero risk-free rate and zero target.
/// <c>step_raw</c>: one-minute returns on a <see cref="TradingCalendar"/>'s regular-session grid
/// (<see cref="SessionGrid"/>), scaled by √(days per year × grid points per day), e.g. √(252·390);
/// <c>daily_agg</c>: returns compounded per session date (<see cref="DailyAggregation"/>), scaled by √(days per year),
/// 252 or 365. A step Sharpe annualised as if irregular marks were regular minutes, or as if steps were days, is the
/// error this type exists to prevent.
/// </summary>
public static class SharpeRatios
{
    /// <summary>Method name of one-minute grid returns.</summary>
    public const string StepRaw = "step_raw";

    /// <summary>Method name of session-day aggregated returns.</summary>
    public const string DailyAgg = "daily_agg";

    /// <summary>
    /// Effectively computes <c>mean(r) / sd(r) · √periodsPerYear</c>, sd with the N−1 normalizer.
    /// </summary>
    /// <param name="method">Starts with <see cref="StepRaw"/> or <see cref="DailyAgg"/>, then its details (reported as is).</param>
    /// <param name="returns">Simple returns per period, shape (n).</param>
    /// <param name="periodsPerYear">Annualisation factor (periods per year; its square root is applied).</param>
    /// <param name="minimumObservations">Fewer returns give <see cref="MetricStatus.InsufficientObservation"/>.</param>
    /// <returns>The metric named <c>sharpe</c>; <see cref="MetricStatus.Undefined"/> on zero variance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodsPerYear"/> is not positive.</exception>
    public static Metric Sharpe(string method, ReadOnlySpan<double> returns, double periodsPerYear, int minimumObservations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodsPerYear);
        if (returns.Length < minimumObservations)
        {
            return Metric.Insufficient("sharpe", method, returns.Length, minimumObservations, periodsPerYear, "ratio");
        }

        var m = ReturnMoments.Of(returns);
        return m.StandardDeviation > 0
            ? Metric.Of("sharpe", method, m.Mean / m.StandardDeviation * Math.Sqrt(periodsPerYear), returns.Length, periodsPerYear, "ratio")
            : Metric.Undefined("sharpe", method, returns.Length, periodsPerYear, "ratio", "zero variance");
    }

    /// <summary>
    /// Sortino ratio (Sortino &amp; Price 1994) with target 0: effectively computes
    /// <c>mean(r) / √(Σ min(r, 0)² / n) · √periodsPerYear</c> (downside deviation over all n periods).
    /// </summary>
    /// <param name="method">Method name, reported as is.</param>
    /// <param name="returns">Simple returns per period, shape (n).</param>
    /// <param name="periodsPerYear">Annualisation factor.</param>
    /// <param name="minimumObservations">Fewer returns give <see cref="MetricStatus.InsufficientObservation"/>.</param>
    /// <returns>The metric named <c>sortino</c>; <see cref="MetricStatus.Undefined"/> with no negative return.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodsPerYear"/> is not positive.</exception>
    public static Metric Sortino(string method, ReadOnlySpan<double> returns, double periodsPerYear, int minimumObservations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodsPerYear);
        if (returns.Length < minimumObservations)
        {
            return Metric.Insufficient("sortino", method, returns.Length, minimumObservations, periodsPerYear, "ratio");
        }

        double sum = 0, downside = 0;
        foreach (var r in returns)
        {
            sum += r;
            if (r < 0)
            {
                downside += r * r;
            }
        }

        var n = returns.Length;
        var dd = Math.Sqrt(downside / n);
        return dd > 0
            ? Metric.Of("sortino", method, sum / n / dd * Math.Sqrt(periodsPerYear), n, periodsPerYear, "ratio", "target 0, downside deviation over all periods")
            : Metric.Undefined("sortino", method, n, periodsPerYear, "ratio", "no negative return");
    }
}
