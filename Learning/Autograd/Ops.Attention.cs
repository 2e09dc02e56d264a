using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Scaled dot-product attention (Vaswani et al. 2017): softmax(q·kᵀ/√d + bias + mask)·v. q of shape
    /// (batch, heads, t, d), k and v of shape (batch, heads, s, d); output (batch, heads, t, d).
    /// <paramref name="causal"/> masks keys after the query position (t must equal s); <paramref name="keyPadding"/>
    /// of shape (batch, s) flat, true where the key is padding, masks those keys; <paramref name="bias"/> of shape
    /// (heads, t, s) is added to the scores (T5 relative position bias). A query whose keys are all masked gets NaN.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static Tensor ScaledDotProductAttention(Tensor q, Tensor k, Tensor v, bool causal = false, bool[]? keyPadding = null, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        if (q.Rank != 4 || k.Rank != 4 || v.Rank != 4 || q.Shape[^1] != k.Shape[^1] || k.Shape[2] != v.Shape[2])
        {
            throw new ArgumentException($"Attention needs q (b, h, t, d), k and v (b, h, s, d); got {ShapeUtil.Format(q.Shape)}, {ShapeUtil.Format(k.Shape)}, {ShapeUtil.Format(v.Shape)}.", nameof(q));
        }

        var scale = 1f / MathF.Sqrt(q.Shape[^1]);
        var scores = MatMul(q, Transpose(k, 2, 3));
        if (causal || keyPadding is not null || bias is not null)
        {
            scores = AttentionMask(MulScalar(scores, scale), causal, keyPadding, bias);
            return MatMul(Softmax(scores), v);
        }

        // No mask or bias: the scale folds into the softmax (the same values, one pass fewer).
        return MatMul(ScaledSoftmax(scores, scale), v);
    }

    /// <summary>scores + bias[h, t, s], then -∞ at masked positions; scores of shape (b, h, t, s).</summary>
    private static Tensor AttentionMask(Tensor scores, bool causal, bool[]? keyPadding, Tensor? bias)
    {
        var (b, h, t, s) = (scores.Shape[0], scores.Shape[1], scores.Shape[2], scores.Shape[3]);
        if ((bias is not null && bias.Length != h * t * s) || (keyPadding is not null && keyPadding.Length != b * s) || (causal && t != s))
        {
            throw new ArgumentException($"Mask or bias does not fit scores {ShapeUtil.Format(scores.Shape)}.", nameof(bias));
        }

        var y = Tensor.CreateOutputLike(scores);
        var xs = scores.Span;
        var ys = y.Span;
        var bs = bias is null ? default : bias.Contiguous().Span;
        for (var bi = 0; bi < b; bi++)
        {
            for (var hi = 0; hi < h; hi++)
            {
                for (var ti = 0; ti < t; ti++)
                {
                    var row = ((((bi * h) + hi) * t) + ti) * s;
                    for (var si = 0; si < s; si++)
                    {
                        var masked = (causal && si > ti) || (keyPadding is not null && keyPadding[(bi * s) + si]);
                        ys[row + si] = masked ? float.NegativeInfinity : xs[row + si] + (bias is null ? 0f : bs[(((hi * t) + ti) * s) + si]);
                    }
                }
            }
        }

        if (GradientTape.IsEnabled && (scores.RequiresGrad || bias?.RequiresGrad == true))
        {
            ref var node = ref GradientTape.Current.Record(y, AttentionMaskBackward);
            (node.A, node.B, node.I0) = (scores, bias, h * t * s);
        }

        return y;
    }

    private static void AttentionMaskBackward(in TapeNode node)
    {
        var (scores, bias, period) = (node.A!, node.B, node.I0);
        var g = node.Output.Grad!.Span;
        if (scores.RequiresGrad)
        {
            scores.AccumulateGrad(g);
        }

        if (bias?.RequiresGrad == true)
        {
            var gb = bias.EnsureGrad().Span;
            for (var i = 0; i < g.Length; i++)
            {
                gb[i % period] += g[i];
            }
        }
    }
}
