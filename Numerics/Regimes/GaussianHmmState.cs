namespace Quant.Orleans.Numerics.Regimes;

/// <summary>
/// The parameters of a <see cref="GaussianHmm"/> as plain arrays (a model rebuilt from them computes bit for bit as the
/// original). K states; the arrays are copies.
/// </summary>
/// <param name="Initial">π, length K ≥ 1, non-negative, summing to 1 (±1e-9).</param>
/// <param name="Transition">A, shape (K, K), row-major; each row non-negative, summing to 1 (±1e-9).</param>
/// <param name="Means">μ, length K, finite (observation unit).</param>
/// <param name="Variances">σ², length K, finite and &gt; 0 (observation unit squared).</param>
public sealed record GaussianHmmState(double[] Initial, double[] Transition, double[] Means, double[] Variances);
