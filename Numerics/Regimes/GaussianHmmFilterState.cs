namespace Quant.Orleans.Numerics.Regimes;

/// <summary>
/// A checkpoint of a <see cref="GaussianHmmFilter"/> (<see cref="GaussianHmmFilter.Capture"/>): its model and the
/// filtered probabilities. Plain data; the arrays are copies.
/// </summary>
/// <param name="Model">The model's parameters.</param>
/// <param name="Probabilities">P(sₜ = i | x₀..ₜ), length K, non-negative, summing to 1 (±1e-9).</param>
public sealed record GaussianHmmFilterState(GaussianHmmState Model, double[] Probabilities);
