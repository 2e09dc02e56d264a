using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Models;

/// <summary>The outputs of <see cref="ChronosStudent.Forward"/> for one batch (a struct: a forward pass allocates no
/// object for it).</summary>
/// <param name="Quantiles">Forecast quantiles of shape (batch, H, Q), one column per quantile level (not sorted by
/// construction), as Chronos-Bolt's direct multi-horizon output.</param>
/// <param name="Logits">Logits over the teacher's K bins, shape (batch, H, K).</param>
/// <param name="Position">Target position tanh(·) of shape (batch), in [-1, 1].</param>
/// <param name="BarrierLogits">Triple-barrier class logits of shape (batch, 3): down, time, up.</param>
public readonly record struct StudentOutput(Tensor Quantiles, Tensor Logits, Tensor Position, Tensor BarrierLogits);
