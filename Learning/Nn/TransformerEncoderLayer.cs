using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>
/// Pre-norm transformer encoder layer (Xiong et al. 2020): x + Attn(LN₁(x)), then x + W₂·GELU(W₁·LN₂(x)).
/// Input and output of shape (batch, t, d); feed-forward width <c>ff</c>; dropout p on both residual branches.
/// </summary>
public sealed class TransformerEncoderLayer : Module
{
    private readonly float _dropout;
    private readonly DeterministicRandom _random;

    /// <summary>Creates the layer with seeded weights.</summary>
    public TransformerEncoderLayer(int model, int heads, int ff, DeterministicRandom random, float dropout = 0f, bool relativeBias = false)
    {
        _dropout = dropout;
        _random = random;
        Norm1 = Child("norm1", new LayerNorm(model));
        Attention = Child("attn", new MultiHeadAttention(model, heads, random, relativeBias));
        Norm2 = Child("norm2", new LayerNorm(model));
        FeedForward1 = Child("ff1", new Linear(model, ff, random));
        FeedForward2 = Child("ff2", new Linear(ff, model, random));
    }

    /// <summary>Norm before attention.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>Self-attention.</summary>
    public MultiHeadAttention Attention { get; }

    /// <summary>Norm before the feed-forward block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>First feed-forward projection (d → ff).</summary>
    public Linear FeedForward1 { get; }

    /// <summary>Second feed-forward projection (ff → d).</summary>
    public Linear FeedForward2 { get; }

    /// <summary>Applies the layer to x of shape (batch, t, d).</summary>
    public Tensor Forward(Tensor x, bool causal = false, bool[]? keyPadding = null)
    {
        var a = Attention.Forward(Norm1.Forward(x), causal, keyPadding);
        x = Ops.Add(x, Ops.Dropout(a, _dropout, Training, _random));
        var f = FeedForward2.Forward(Ops.Gelu(FeedForward1.Forward(Norm2.Forward(x))));
        return Ops.Add(x, Ops.Dropout(f, _dropout, Training, _random));
    }
}
