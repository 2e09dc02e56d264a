using Quant.Orleans.Numerics.Signals;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Grains;

/// <summary>The baseline strategy's settings, shared by the grains through the silo's services.</summary>
public sealed record StrategyOptions
{
    /// <summary>The simulated venue's name, the key of its execution grain.</summary>
    public const string DefaultVenueName = Interfaces.IExecutionGrain.SimulatedVenue;

    /// <summary>Per-symbol forecasting session (features, training, cadence).</summary>
    public SignalSessionOptions Session { get; init; } = new();

    /// <summary>Regime gate: realised-volatility percentile bounds of the previous day, percent.</summary>
    public double RegimeLowerPercentile { get; init; } = 10;

    /// <summary>Upper bound of the regime gate, percent.</summary>
    public double RegimeUpperPercentile { get; init; } = 95;

    /// <summary>Which regime gate the symbols use: the HMM forward filter (default) or the realised-volatility
    /// percentile baseline.</summary>
    public RegimeGateKind RegimeGate { get; init; } = RegimeGateKind.Hmm;

    /// <summary>HMM gate: number of states K (2–6).</summary>
    public int RegimeHmmStates { get; init; } = 3;

    /// <summary>HMM gate: largest filtered probability of the most volatile state that passes, in (0, 1].</summary>
    public double RegimeHmmMaxHighVolatilityProbability { get; init; } = 0.5;

    /// <summary>HMM gate: largest filtered probability of the calmest state that passes, in (0, 1]; 1 (default) does not
    /// block on it. The Sniper profile sets 0.5 (the HMM filter blocks the low-volatility state).</summary>
    public double RegimeHmmMaxLowVolatilityProbability { get; init; } = 1.0;

    /// <summary>The distilled student the symbol grains forecast with (loaded once per silo from
    /// <c>Strategy:StudentModel</c>); null: the ridge baseline forecasts (the default). With a student the ridge baseline
    /// keeps running as the control arm and the fallback while the student cannot serve.</summary>
    public Symbols.StudentModel? Student { get; init; }

    /// <summary>The staged rollout of registered students (<c>Strategy:Rollout</c>, docs/rollout.md): the symbol grains
    /// serve the family's live or canary version and its shadow version instead of <see cref="Student"/>; null (the
    /// default): versions are pinned by configuration.</summary>
    public Rollout.StudentRolloutOptions? Rollout { get; init; }

    /// <summary>Judge gate: minimum |forecast| / noise (the rule baseline, used when <see cref="Profile"/> is
    /// <see cref="StrategyProfile.Baseline"/>).</summary>
    public double JudgeMinimumRatio { get; init; } = 0.25;

    /// <summary>The strategy profile (seed 002): <see cref="StrategyProfile.Baseline"/> (the |forecast|/noise rule, the
    /// default), Sniper, Audited or Reckless (a confidence threshold, Audited with the trained judge).</summary>
    public StrategyProfile Profile { get; init; } = StrategyProfile.Baseline;

    /// <summary>The profile's threshold on the primary model's confidence (<c>Signal.Confidence</c>, in [0.5, 1]); NaN
    /// for the baseline profile.</summary>
    public double MinimumConfidence { get; init; } = double.NaN;

    /// <summary>The trained judge the judge grains score with (Audited); null: none.</summary>
    public Judge.JudgeServingModel? Judge { get; init; }

    /// <summary>Records every candidate and the judge grid's steps for training a judge (in-process research runs);
    /// null: nothing recorded.</summary>
    public Judge.JudgeCandidateRecorder? JudgeRecorder { get; init; }

    /// <summary>The judge's feature options: regime columns = the HMM gate's K (0 for the percentile gate), the quantile
    /// columns (the student's 0.1 and 0.9 quantiles; the ridge's Gaussian μ ∓ 1.2816·σ), the us_equity calendar.</summary>
    public Research.Judge.JudgeFeatureOptions JudgeFeatures => new() { RegimeCount = RegimeGate == RegimeGateKind.Hmm ? RegimeHmmStates : 0, IncludeQuantiles = true };

    /// <summary>Spacing of the judge's feature grid (its training grid). Default one second.</summary>
    public TimeSpan JudgeCadence { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Half-life of the judge's trade-flow imbalance. Default 30 s (the distillation data sets' value).</summary>
    public TimeSpan JudgeTradeFlowHalfLife { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sizing, limits and starting cash of every account.</summary>
    public PortfolioBookOptions Portfolio { get; init; } = new();

    /// <summary>The venue every account sends to (name, latency, fees). Default: 1 ms latency, $0.0035 per share,
    /// $0.35 minimum per order.</summary>
    public VenueOptions Venue { get; init; } = new(DefaultVenueName, 1_000_000, new FeeSchedule(0.0035m, 0m, 0.35m));

    /// <summary>Wall-clock period of the symbol grains' checkpoints (filter state, model, counters; the regime grain's
    /// state with them); zero or negative: only on request and on deactivation. Default one minute.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>True (default) to write the grains' state when they deactivate (graceful shutdown, idle collection);
    /// false when the state lives in the silo's memory and dies with it anyway (Orleans's memory provider keeps it in
    /// grains that are themselves deactivating at shutdown, so the writes would only fail).</summary>
    public bool PersistOnDeactivation { get; init; } = true;

    /// <summary>The folder of the accounts' trading journals (one journal per account, <c>portfolio-{account}</c>) on
    /// this silo's disk, a <see cref="FileJournalStore"/>; null for no journal (a backtest that starts from nothing)
    /// unless <see cref="JournalStore"/> is set.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>Where the accounts journal their orders and fills when not on this silo's disk: a store every silo of a
    /// cluster reaches (the silo's Azure Blob store), so an account re-activated on another silo recovers everything
    /// acknowledged. Takes precedence over <see cref="JournalDirectory"/>; null: <see cref="JournalDirectory"/> decides.</summary>
    public IJournalStore? JournalStore { get; init; }

    /// <summary>The store the accounts journal to: <see cref="JournalStore"/>, else a <see cref="FileJournalStore"/> in
    /// <see cref="JournalDirectory"/>, else null (no journal).</summary>
    public IJournalStore? ResolveJournalStore() =>
        JournalStore ?? (JournalDirectory is { } directory ? new FileJournalStore(directory) : null);
}

/// <summary>The regime gate of <see cref="Regime.RegimeGrain"/>.</summary>
public enum RegimeGateKind
{
    /// <summary><see cref="HmmRegimeGate"/>: a Gaussian HMM on ln realised volatility fitted on the previous day.</summary>
    Hmm,

    /// <summary><see cref="VolatilityPercentileGate"/>: the baseline.</summary>
    VolatilityPercentile,
}

/// <summary>Strategy profiles (seed 002): how a candidate's confidence, the HMM filter and the judge combine.</summary>
public enum StrategyProfile
{
    /// <summary>The rule baseline: |forecast|/noise ≥ <see cref="StrategyOptions.JudgeMinimumRatio"/>, HMM gate as set.</summary>
    Baseline,

    /// <summary>Confidence ≥ 0.95; the HMM filter also blocks the low-volatility state; no judge.</summary>
    Sniper,

    /// <summary>Confidence ≥ 0.75 and the trained judge's P(take) ≥ its threshold.</summary>
    Audited,

    /// <summary>Confidence ≥ 0.75; no judge.</summary>
    Reckless,
}
