using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Gates;

/// <summary>
/// Thresholds of the promotion gates. Only runs whose source, score source and data regime are listed here count;
/// by default that is <c>prod</c> + <c>model</c> runs on <c>prod_live</c> data, so smoke, maintenance and test runs
/// can never promote a model. The Sharpe gate reads only the <c>daily_agg</c> Sharpe.
/// </summary>
public sealed record PromotionGateOptions
{
    /// <summary>Run sources that count (default: prod).</summary>
    public IReadOnlySet<RunSource> RunSources { get; init; } = new HashSet<RunSource> { RunSource.Prod };

    /// <summary>Score sources that count (default: model).</summary>
    public IReadOnlySet<ScoreSource> ScoreSources { get; init; } = new HashSet<ScoreSource> { ScoreSource.Model };

    /// <summary>Data regimes that count (default: prod_live; <c>mixed</c> never should).</summary>
    public IReadOnlySet<DataRegime> DataRegimes { get; init; } = new HashSet<DataRegime> { DataRegime.ProdLive };

    /// <summary>Fewest completed eligible runs.</summary>
    public int MinCompletedRuns { get; init; } = 3;

    /// <summary>Fewest observation days summed over the eligible runs.</summary>
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
