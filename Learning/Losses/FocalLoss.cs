using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Binary focal loss (Lin et al. 2017, eq. 5) as torchvision's <c>sigmoid_focal_loss(reduction='mean')</c>:
/// mean of α_t·(1 - p_t)^γ·BCE(x, y), p = σ(x), p_t = p·y + (1-p)(1-y), α_t = α·y + (1-α)(1-y).</summary>
public static class FocalLoss
{
    /// <summary>The loss, shape (); logits and targets (0 or 1) of the same shape.</summary>
    public static Tensor Compute(Tensor logits, Tensor targets, float alpha = 0.25f, float gamma = 2f)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        var p = Ops.Sigmoid(logits);
        var ce = Ops.Sub(Ops.Softplus(logits), Ops.Mul(logits, targets));
        // 1 - p_t = p + y - 2·p·y
        var oneMinusPt = Ops.Sub(Ops.Add(p, targets), Ops.MulScalar(Ops.Mul(p, targets), 2f));
        var loss = Ops.Mul(ce, Ops.Pow(oneMinusPt, gamma));
        if (alpha >= 0f)
        {
            var alphaT = Ops.AddScalar(Ops.MulScalar(targets, (2f * alpha) - 1f), 1f - alpha);
            loss = Ops.Mul(loss, alphaT);
        }

        return Ops.MeanAll(loss);
    }
}
