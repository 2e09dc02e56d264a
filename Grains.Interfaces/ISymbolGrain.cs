using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Grains.Interfaces;

/// <summary>The per-symbol grain (key: ticker): causal filter state, features and the forecast, gated by the
/// symbol's regime and judge grains.</summary>
public interface ISymbolGrain : IGrainWithStringKey
{
    /// <summary>Processes this symbol's market events in time order (the array is owned by the grain afterwards).</summary>
    ValueTask<SymbolBatchResult> OnMarketData(MarketEvent[] events);

    /// <summary>Counters and the current view.</summary>
    Task<SymbolStatus> GetStatus();

    /// <summary>The latest forecast candidates (at most <c>SymbolGrain.RecentCandidateCapacity</c>, oldest first) with
    /// their gate verdicts.</summary>
    Task<CandidateVerdict[]> GetRecentCandidates();
}

/// <summary>The per-symbol regime grain (key: ticker): decides whether the market state allows trading.</summary>
public interface IRegimeGrain : IGrainWithStringKey
{
    /// <summary>Fits the gate on a finished day's realised-volatility sample (log return per √second).</summary>
    Task FitDay(DateOnly day, double[] realisedVolatility);

    /// <summary>Judges one signal by the regime at its time.</summary>
    ValueTask<GateDecision> Evaluate(Signal signal);

    /// <summary>The gate, its fitted day and its latest verdict.</summary>
    Task<RegimeStatus> GetStatus();
}

/// <summary>The per-symbol judge grain (key: ticker): decides whether a signal is worth acting on (meta-labeling).</summary>
public interface IJudgeGrain : IGrainWithStringKey
{
    /// <summary>Judges one signal.</summary>
    ValueTask<GateDecision> Evaluate(Signal signal);
}
