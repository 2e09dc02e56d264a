using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Gates;

/// <summary>
/// Thresholds of the promotion gates. Only <c>prod</c> runs can count, and no option changes that: maintenance, smoke
/// and test runs are monitor-only (<see cref="GateReport.Monitoring"/>). Among prod runs, only those whose score source
/// and data regime are listed here count; by default <c>model</c> runs on <c>prod_live</c> data. The Sharpe gate reads
/// only the <c>daily_agg</c> Sharpe; observation days are distinct out-of-sample session dates.
/// </summary>
public sealed record PromotionGateOptions
{
    /// <summary>Score sources that count (default: model).</summary>
    public IReadOnlySet<ScoreSource> ScoreSources { get; init; } = new HashSet<ScoreSource> { ScoreSource.Model };

    /// <summary>Data regimes that count (default: prod_live; <c>mixed</c> never should).</summary>
    public IReadOnlySet<DataRegime> DataRegimes { get; init; } = new HashSet<DataRegime> { DataRegime.ProdLive };

    /// <summary>Fewest completed eligible runs.</summary>
    public int MinCompletedRuns { get; init; } = 3;

    /// <summary>Fewest distinct out-of-sample session dates over the completed eligible runs (a day two runs share
    /// counts once).</summary>
    public int MinObservationDays { get; init; } = 60;

    /// <summary>Lowest out-of-sample daily Sortino every eligible run must reach.</summary>
    public double MinSortino { get; init; } = 1.0;

    /// <summary>Lowest daily profit factor every eligible run must reach.</summary>
    public double MinProfitFactor { get; init; } = 1.1;

    /// <summary>Largest maximum drawdown (fraction of peak equity) any eligible run may have.</summary>
    public double MaxDrawdown { get; init; } = 0.10;

    /// <summary>Lowest <c>daily_agg</c> Sharpe every eligible run must reach (the only Sharpe method gates read).</summary>
    public double MinSharpeDaily { get; init; } = 0.5;
}
