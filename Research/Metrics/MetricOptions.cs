using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Research.Metrics;

/// <summary>How <see cref="PerformanceReport"/> computes and annualises its metrics.</summary>
public sealed record MetricOptions
{
    /// <summary>Fewest returns (session days for daily metrics, grid minutes for <c>step_raw</c>) for a Sharpe,
    /// Sortino, profit factor, Calmar, hit rate or PSR/DSR to be reported; fewer gives
    /// <see cref="MetricStatus.InsufficientObservation"/>.</summary>
    public int MinimumObservations { get; init; } = 20;

    /// <summary>The instrument's trading calendar: session dates, days per year (252 US equities, 365 24/7 markets)
    /// and the <c>step_raw</c> grid. Default <see cref="TradingCalendar.UsEquity"/>.</summary>
    public TradingCalendar Calendar { get; init; } = TradingCalendar.UsEquity;

    /// <summary>The trials behind the reported strategy, for the deflated Sharpe ratio (N and V[SR_n] of Bailey &amp;
    /// López de Prado 2014); default <see cref="TrialStatistics.Untracked"/> (N = 1, which the method then says).</summary>
    public TrialStatistics Trials { get; init; } = TrialStatistics.Untracked;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentNullException">The calendar or the trials are null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumObservations, 2);
        ArgumentNullException.ThrowIfNull(Calendar);
        ArgumentNullException.ThrowIfNull(Trials);
        ArgumentOutOfRangeException.ThrowIfLessThan(Trials.Trials, 1);
        if (Trials.SharpeVariance is { } v && (!(v >= 0) || !double.IsFinite(v)))
        {
            throw new ArgumentOutOfRangeException(nameof(Trials), v, "V[SR] must be finite and ≥ 0.");
        }
    }
}
