using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>The result of <see cref="GrpoLoss.Compute"/>: the loss on the tape and its parts as plain numbers.</summary>
/// <param name="Total">The loss, shape (): mean over states and group of −min(ρA, clip(ρ)A) + β·k3 (on the tape).</param>
/// <param name="Surrogate">Mean over states and group of min(ρA, clip(ρ, 1 − ε, 1 + ε)A) (the clipped objective, to be
/// maximised).</param>
/// <param name="Kl">Mean k3 estimate of KL(π_θ ‖ π_ref) (Schulman 2020): π_ref/π_θ − ln(π_ref/π_θ) − 1.</param>
/// <param name="ClipFraction">Fraction of (state, action) pairs whose clipped term is the minimum and differs from the
/// unclipped one (ρ &gt; 1 + ε with A &gt; 0, or ρ &lt; 1 − ε with A &lt; 0): those contribute no gradient.</param>
/// <param name="MeanReward">Mean reward over states and group.</param>
public readonly record struct GrpoLossTerms(Tensor Total, double Surrogate, double Kl, double ClipFraction, double MeanReward);
