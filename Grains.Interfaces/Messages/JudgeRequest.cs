namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>A candidate the regime gate passed, as the judge is asked about it (never changed once sent).</summary>
/// <param name="Signal">The candidate.</param>
/// <param name="Features">The judge's feature row at the candidate (schema of the served judge), written by the symbol
/// grain from its causal market state and the regime gate's posterior; null when no trained judge is served or no
/// grid step of the session had been seen yet.</param>
[GenerateSerializer, Immutable, Alias("qo.JudgeRequest")]
public sealed record JudgeRequest([property: Id(0)] Signal Signal, [property: Id(1)] float[]? Features = null);
