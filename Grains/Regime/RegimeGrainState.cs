using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Regime;

/// <summary>A regime grain's persisted state (Orleans grain state <c>regime</c>): the gate's fitted model and filter
/// state, its counters, and the verdicts its symbol grain's last durable checkpoint does not cover yet.</summary>
[GenerateSerializer, Alias("qo.RegimeGrainState")]
public sealed class RegimeGrainState
{
    /// <summary>The HMM gate's state (model, filter, last time); null for the percentile gate. Carried by Orleans's
    /// System.Text.Json codec (Numerics does not reference Orleans).</summary>
    [Id(0)] public HmmRegimeGateState? Hmm { get; set; }

    /// <summary>The percentile gate's state; null for the HMM gate.</summary>
    [Id(1)] public VolatilityPercentileGateState? Percentile { get; set; }

    /// <summary>Signals judged.</summary>
    [Id(2)] public long Evaluations { get; set; }

    /// <summary>Signals that passed.</summary>
    [Id(3)] public long Passed { get; set; }

    /// <summary>The latest verdict; null before the first.</summary>
    [Id(4)] public GateDecision? Last { get; set; }

    /// <summary>Market time of the latest verdict.</summary>
    [Id(5)] public UnixNanos? LastTime { get; set; }

    /// <summary>The highest candidate number judged.</summary>
    [Id(6)] public long LastCandidate { get; set; }

    /// <summary>Verdicts after the symbol grain's last durable checkpoint, by increasing candidate number.</summary>
    [Id(7)] public RegimeVerdict[] Verdicts { get; set; } = [];
}

/// <summary>The verdict given to one candidate, kept to answer it identically if it is delivered again.</summary>
/// <param name="Candidate">The candidate number.</param>
/// <param name="Passed">The verdict.</param>
/// <param name="Value">The statistic it was based on.</param>
/// <param name="Posterior">The HMM gate's filtered state probabilities (calmest first); null for the percentile gate.</param>
[GenerateSerializer, Immutable, Alias("qo.RegimeVerdict")]
public readonly record struct RegimeVerdict([property: Id(0)] long Candidate, [property: Id(1)] bool Passed, [property: Id(2)] double Value, [property: Id(3)] double[]? Posterior = null);
