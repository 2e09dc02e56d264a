using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>The result of <see cref="StudentTradingLoss.Compute"/>: the differentiable total and, copied out as
/// floats (valid after the step ends), each term before weighting.</summary>
/// <param name="Total">Σᵢ exp(-sᵢ)·Lᵢ + sᵢ over the four terms, shape (); call <c>Backward</c> on it. It belongs to
/// the thread's gradient tape like any operation output.</param>
/// <param name="Kl">L₁: τ²-scaled KL divergence from the teacher's to the student's tempered distribution, mean over
/// (batch, horizon).</param>
/// <param name="Pinball">L₂: pinball loss, mean over (batch, horizon, quantile).</param>
/// <param name="SortinoLoss">L₃: softplus(-<paramref name="Sortino"/>) = log(1 + e^(-Sortino)), which is &gt; 0.</param>
/// <param name="Sortino">The Sortino ratio of the batch's net strategy returns (per step, not annualised).</param>
/// <param name="Focal">L₄: multi-class focal loss of the triple-barrier head, mean over the batch.</param>
/// <param name="LogVariances">The four log variances s = (s_KL, s_pinball, s_Sortino, s_focal) used for this value
/// (a copy).</param>
public readonly record struct StudentLossTerms(Tensor Total, float Kl, float Pinball, float SortinoLoss, float Sortino, float Focal, float[] LogVariances);
