namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// A checkpoint of an <see cref="InnovationAdaptiveObservationNoise"/> (<see cref="InnovationAdaptiveObservationNoise.Capture"/>).
/// The R it last set lives in the filter's own checkpoint (<see cref="UkfState.ObservationNoise"/>). Plain data.
/// </summary>
/// <param name="Forgetting">a, the EWMA weight of the past, in (0, 1) (checked against the estimator restored into).</param>
/// <param name="Floor">The smallest R allowed, &gt; 0 (checked against the estimator restored into).</param>
/// <param name="Started">True once the first innovation was seen.</param>
/// <param name="InnovationMoment">The EWMA of ν², observation unit squared, finite and ≥ 0.</param>
public sealed record InnovationAdaptiveNoiseState(double Forgetting, double Floor, bool Started, double InnovationMoment);
