using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Mean squared error mean((prediction - target)²) over all elements, as <c>F.mse_loss</c>.</summary>
public static class MseLoss
{
    /// <summary>The loss, shape (); prediction and target of the same (or broadcastable) shape.</summary>
    public static Tensor Compute(Tensor prediction, Tensor target) => Ops.MeanAll(Ops.Square(Ops.Sub(prediction, target)));
}
