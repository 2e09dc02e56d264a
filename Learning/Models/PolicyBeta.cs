using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Models;

/// <summary>The Beta parameters a <see cref="PolicyHead"/> gives a batch of states: α and β, each of shape (B) and
/// greater than 1 (on the tape when gradients are recorded).</summary>
/// <param name="Alpha">α = softplus(z₀) + 1, shape (B).</param>
/// <param name="Beta">β = softplus(z₁) + 1, shape (B).</param>
public readonly record struct PolicyBeta(Tensor Alpha, Tensor Beta);
