using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>A symbol grain's checkpoint (Orleans grain state <c>symbol</c>): the causal session's exact state and the
/// grain's counters, as of the end of a batch. Written on <see cref="StrategyOptions.CheckpointInterval"/>, on
/// <see cref="Interfaces.ISymbolGrain.Checkpoint"/> and on deactivation, never per tick.</summary>
[GenerateSerializer, Alias("qo.SymbolGrainState")]
public sealed class SymbolGrainState
{
    /// <summary>The stream the state was built from (<see cref="MarketBatch.Stream"/>); null before the first batch.</summary>
    [Id(0)] public string? Stream { get; set; }

    /// <summary>The <see cref="MarketData.Replay.MarketEvent.Sequence"/> of the last event processed.</summary>
    [Id(1)] public long LastSequence { get; set; } = -1;

    /// <summary>The session's state (filter, features, today's feature log, the model in use); carried by Orleans's
    /// System.Text.Json codec (Numerics does not reference Orleans).</summary>
    [Id(2)] public SymbolSessionState? Session { get; set; }

    /// <summary>Trade prints seen.</summary>
    [Id(3)] public long Trades { get; set; }

    /// <summary>Candidates the regime gate stopped.</summary>
    [Id(4)] public long RegimeBlocked { get; set; }

    /// <summary>Candidates the judge stopped.</summary>
    [Id(5)] public long JudgeBlocked { get; set; }

    /// <summary>Signals that passed both gates.</summary>
    [Id(6)] public long Signals { get; set; }

    /// <summary>Last NBBO mid, USD; NaN before the first quote.</summary>
    [Id(7)] public double LastMid { get; set; } = double.NaN;

    /// <summary>The latest candidates with their verdicts, oldest first.</summary>
    [Id(8)] public CandidateVerdict[] Recent { get; set; } = [];

    /// <summary>Candidates ever recorded in <see cref="Recent"/>.</summary>
    [Id(9)] public long RecentCount { get; set; }
}
