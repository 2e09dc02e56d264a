using Quant.Orleans.Grains.Interfaces.Messages;

namespace Quant.Orleans.Grains.Interfaces;

/// <summary>The per-symbol grain (key: ticker): causal filter state, features and the forecast, gated by the
/// symbol's regime and judge grains. Its checkpoint (filter state, model, counters and the last event sequence) is
/// persisted on a period and on deactivation, so a restarted silo carries on from it.</summary>
[Alias("qo.ISymbolGrain")]
public interface ISymbolGrain : IGrainWithStringKey
{
    /// <summary>Processes this symbol's market events in time order; events the checkpoint already covers (same
    /// stream, sequence not above the last processed) are skipped and counted.</summary>
    [Alias("OnMarketData")]
    ValueTask<SymbolBatchResult> OnMarketData(MarketBatch batch);

    /// <summary>Writes the checkpoint now (the regime grain's first), if anything changed since the last one.</summary>
    [Alias("Checkpoint")]
    Task Checkpoint();

    /// <summary>Counters and the current view.</summary>
    [Alias("GetStatus")]
    Task<SymbolStatus> GetStatus();

    /// <summary>The latest forecast candidates (at most 64, oldest first) with their gate verdicts.</summary>
    [Alias("GetRecentCandidates")]
    Task<CandidateVerdict[]> GetRecentCandidates();
}

/// <summary>The per-symbol regime grain (key: ticker): decides whether the market state allows trading. Its fitted
/// model, filter state and recent verdicts are persisted after each fit and whenever its symbol grain checkpoints.</summary>
[Alias("qo.IRegimeGrain")]
public interface IRegimeGrain : IGrainWithStringKey
{
    /// <summary>Fits the gate on a finished day's realised-volatility sample; a fit for a day already fitted is ignored.</summary>
    [Alias("FitDay")]
    Task FitDay(DayVolatility day);

    /// <summary>Judges one signal by the regime at its time; a candidate number already judged gets its first verdict again.</summary>
    [Alias("Evaluate")]
    ValueTask<GateDecision> Evaluate(Signal signal);

    /// <summary>Persists the gate's state now. Verdicts of candidates up to <paramref name="durableCandidate"/> (those
    /// the symbol grain's last written checkpoint covers, so never asked again) are dropped first; later ones are kept so
    /// that a symbol grain restored from an older checkpoint gets the same verdicts again.</summary>
    [Alias("Checkpoint")]
    Task Checkpoint(long durableCandidate);

    /// <summary>Forgets everything (a new stream starts): the gate is unfitted again and the state is cleared.</summary>
    [Alias("Reset")]
    Task Reset();

    /// <summary>The gate, its fitted day and its latest verdict.</summary>
    [Alias("GetStatus")]
    Task<RegimeStatus> GetStatus();
}

/// <summary>The per-symbol judge grain (key: ticker): decides whether a signal is worth acting on (meta-labeling).
/// The baseline is a stateless rule, so its activations are stateless workers.</summary>
[Alias("qo.IJudgeGrain")]
public interface IJudgeGrain : IGrainWithStringKey
{
    /// <summary>Judges one candidate that passed the regime gate: the rule baseline, the profile's confidence threshold,
    /// and (when served) the trained judge's P(take) ≥ its threshold.</summary>
    [Alias("Evaluate")]
    ValueTask<GateDecision> Evaluate(JudgeRequest request);

    /// <summary>The profile, the rule and the trained judge (version, threshold, AUC, gain importance) it decides with.</summary>
    [Alias("GetStatus")]
    ValueTask<JudgeStatus> GetStatus();
}
