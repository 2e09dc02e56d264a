namespace Quant.Orleans.Research.Metrics;

/// <summary>How <see cref="PerformanceReport"/> computes and annualises its metrics.</summary>
public sealed record MetricOptions
{
    /// <summary>Fewest returns (steps or days, per method) for a Sharpe, Sortino, profit factor, Calmar, hit rate or
    /// PSR/DSR to be reported; fewer gives <see cref="MetricStatus.InsufficientObservation"/>.</summary>
    public int MinimumObservations { get; init; } = 20;

    /// <summary>Annualisation of daily metrics: 252 trading days (exchange-traded) or 365 (24/7 markets).</summary>
    public int DaysPerYear { get; init; } = 252;

    /// <summary>Annualisation of <c>step_raw</c>: steps per year, e.g. 252 × 390 for regular-session minutes.</summary>
    public double StepsPerYear { get; init; } = 252.0 * 390.0;

    /// <summary>Independent trials behind the reported strategy, for the deflated Sharpe ratio (≥ 1; 1 means no deflation).</summary>
    public int Trials { get; init; } = 1;

    /// <summary>Variance across trials of their non-annualised Sharpe ratios (V[SR_n] of Bailey &amp; López de Prado 2014), ≥ 0.</summary>
    public double TrialSharpeVariance { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (DaysPerYear must be 252 or 365).</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumObservations, 2);
        if (DaysPerYear is not (252 or 365))
        {
            throw new ArgumentOutOfRangeException(nameof(DaysPerYear), DaysPerYear, "DaysPerYear must be 252 (trading days) or 365 (24/7 markets).");
        }

        if (!(StepsPerYear > 0) || !double.IsFinite(StepsPerYear))
        {
            throw new ArgumentOutOfRangeException(nameof(StepsPerYear), StepsPerYear, "StepsPerYear must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Trials, 1);
        if (!(TrialSharpeVariance >= 0) || !double.IsFinite(TrialSharpeVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(TrialSharpeVariance), TrialSharpeVariance, "TrialSharpeVariance must be finite and ≥ 0.");
        }
    }
}
