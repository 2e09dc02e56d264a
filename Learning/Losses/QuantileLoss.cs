using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Quantile (pinball) loss (Koenker and Bassett 1978), as used by Chronos-Bolt: mean over rows and
/// quantiles of max(q·(y - ŷ_q), (q - 1)·(y - ŷ_q)).</summary>
public static class QuantileLoss
{
    /// <summary>The loss, shape (); predictions of shape (n, Q), target of shape (n, 1), quantile levels of shape (Q)
    /// in (0, 1).</summary>
    public static Tensor Compute(Tensor predictions, Tensor target, Tensor quantiles)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(quantiles);
        var diff = Ops.Sub(target, predictions);
        var over = Ops.Mul(Ops.Relu(diff), quantiles);
        var under = Ops.Mul(Ops.Relu(Ops.Neg(diff)), Ops.AddScalar(Ops.Neg(quantiles), 1f));
        return Ops.MeanAll(Ops.Add(over, under));
    }
}
