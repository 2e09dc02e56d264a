using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Multi-class focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection", eq. 4 with the softmax
/// probability of the true class, no α weight): mean over rows of -(1 - p_y)^γ·log p_y, p = softmax(logits). With
/// γ = 0 it equals <see cref="CrossEntropyLoss"/> without label smoothing. (<see cref="FocalLoss"/> is the binary,
/// sigmoid form.)</summary>
public static class MultiClassFocalLoss
{
    /// <summary>The loss, shape (); logits of shape (n, classes), one class index per row. log p_y comes from
    /// log-softmax (stable for large logits); for 0 &lt; γ &lt; 1 the gradient is infinite where p_y rounds to 1, as
    /// the derivative of (1 - p)^γ is.</summary>
    /// <exception cref="ArgumentException">The logits are not of rank 2, or the number of targets differs from n.</exception>
    /// <exception cref="ArgumentOutOfRangeException">γ is negative or not finite, or a target is outside [0, classes).</exception>
    public static Tensor Compute(Tensor logits, int[] targets, float gamma = 2f)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"logits must have shape (n, classes); got {ShapeUtil.Format(logits.Shape)}.", nameof(logits));
        }

        if (targets.Length != logits.Shape[0])
        {
            throw new ArgumentException($"{targets.Length} targets for {logits.Shape[0]} rows.", nameof(targets));
        }

        if (!(gamma >= 0f) || !float.IsFinite(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be finite and >= 0.");
        }

        var classes = logits.Shape[1];
        for (var i = 0; i < targets.Length; i++)
        {
            if ((uint)targets[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), targets[i], $"targets[{i}] is outside [0, {classes}).");
            }
        }

        var logpY = Ops.Gather(Ops.LogSoftmax(logits), targets);
        if (gamma == 0f)
        {
            return Ops.Neg(Ops.MeanAll(logpY));
        }

        var weight = Ops.Pow(Ops.AddScalar(Ops.Neg(Ops.Exp(logpY)), 1f), gamma);
        return Ops.Neg(Ops.MeanAll(Ops.Mul(weight, logpY)));
    }
}
