using Quant.Orleans.Core;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>A stack of pre-norm <see cref="TransformerEncoderLayer"/>s followed by a final layer norm. Input and
/// output of shape (batch, t, d).</summary>
public sealed class TransformerEncoder : Module
{
    private readonly TransformerEncoderLayer[] _layers;

    /// <summary>Creates <paramref name="layers"/> layers with seeded weights.</summary>
    public TransformerEncoder(int layers, int model, int heads, int ff, DeterministicRandom random, float dropout = 0f, bool relativeBias = false)
    {
        _layers = new TransformerEncoderLayer[layers];
        for (var i = 0; i < layers; i++)
        {
            _layers[i] = Child($"layers.{i}", new TransformerEncoderLayer(model, heads, ff, random, dropout, relativeBias));
        }

        FinalNorm = Child("norm", new LayerNorm(model));
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<TransformerEncoderLayer> Layers => _layers;

    /// <summary>The final layer norm.</summary>
    public LayerNorm FinalNorm { get; }

    /// <summary>Applies every layer, then the final norm.</summary>
    public Tensor Forward(Tensor x, bool causal = false, bool[]? keyPadding = null)
    {
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, causal, keyPadding);
        }

        return FinalNorm.Forward(x);
    }
}
