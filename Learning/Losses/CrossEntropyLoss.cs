using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Cross-entropy with label smoothing (Szegedy et al. 2016), as <c>F.cross_entropy(logits, target,
/// label_smoothing=ε)</c>: mean over rows of (1-ε)·(-log pᵧ) + ε·mean_c(-log p_c).</summary>
public static class CrossEntropyLoss
{
    /// <summary>The loss, shape (); logits of shape (n, classes), one class index per row.</summary>
    /// <exception cref="ArgumentException">The number of targets differs from n.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε is outside [0, 1].</exception>
    public static Tensor Compute(Tensor logits, int[] targets, float labelSmoothing = 0f)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Length != logits.Shape[0])
        {
            throw new ArgumentException($"{targets.Length} targets for {logits.Shape[0]} rows.", nameof(targets));
        }

        if (labelSmoothing is < 0f or > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must lie in [0, 1].");
        }

        var logp = Ops.LogSoftmax(logits);
        var nll = Ops.Neg(Ops.MeanAll(Ops.Gather(logp, targets)));
        if (labelSmoothing == 0f)
        {
            return nll;
        }

        var smooth = Ops.Neg(Ops.MeanAll(logp));
        return Ops.Add(Ops.MulScalar(nll, 1f - labelSmoothing), Ops.MulScalar(smooth, labelSmoothing));
    }
}
