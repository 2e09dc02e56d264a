namespace Quant.Orleans.Grains.Rollout;

/// <summary>The persisted part of a family's rollout (<see cref="ModelRolloutGrain"/>): the nightly gate outcomes
/// reported for each version in its current stage, written after every report, so that the
/// <c>consecutive_gate_failures</c> rule counts failed nights across silo restarts and re-activations. The monitored
/// predictions, features and shadow books are not persisted (they fill again from the next batches).</summary>
[GenerateSerializer, Alias("qo.RolloutGateState")]
public sealed class RolloutGateState
{
    /// <summary>Per version id, the stage the outcomes were reported in and the outcomes, oldest first.</summary>
    [Id(0)]
    public Dictionary<string, RolloutGateHistory> Versions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The gate outcomes of one version in one stage.</summary>
/// <param name="Stage">The registry stage (e.g. <c>Live</c>) the outcomes belong to; a change of stage starts a new
/// history, as the in-memory monitor does.</param>
/// <param name="Passes">True for a night whose gates all passed, oldest first.</param>
/// <param name="Days">The evidence day of each outcome (same order): one outcome per day.</param>
[GenerateSerializer, Immutable, Alias("qo.RolloutGateHistory")]
public sealed record RolloutGateHistory([property: Id(0)] string Stage, [property: Id(1)] bool[] Passes, [property: Id(2)] DateOnly[] Days);
