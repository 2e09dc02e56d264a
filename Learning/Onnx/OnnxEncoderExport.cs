using Quant.Orleans.Learning.Nn;

namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// Emits a <see cref="TransformerEncoder"/> (pre-norm layers, final layer norm, bidirectional, no mask) into an
/// <see cref="OnnxGraphBuilder"/> for a fixed sequence length t: per layer
/// x + W_o·Attn(LN₁(x)), then x + W₂·GELU(W₁·LN₂(x)), with attention per head
/// softmax(q·kᵀ/√d_h + bias)·v and, where the layer has the T5 relative bias, bias = Gather(table (buckets, heads),
/// bucket indices (t, t)) transposed to (heads, t, t). The bucket indices of the window are baked in as an int64
/// constant (<see cref="MultiHeadAttention.RelativePositionBucket"/>, bidirectional).
/// </summary>
internal static class OnnxEncoderExport
{
    /// <summary>Emits the encoder over x of shape (batch, t, d) and returns the output's name, shape (batch, t, d).</summary>
    public static string Encoder(OnnxGraphBuilder g, string x, TransformerEncoder encoder, string path, int t)
    {
        for (var i = 0; i < encoder.Layers.Count; i++)
        {
            x = Layer(g, x, encoder.Layers[i], $"{path}.layers.{i}", t);
        }

        return g.LayerNorm(x, encoder.FinalNorm, $"{path}.norm");
    }

    private static string Layer(OnnxGraphBuilder g, string x, TransformerEncoderLayer layer, string path, int t)
    {
        var a = Attention(g, g.LayerNorm(x, layer.Norm1, $"{path}.norm1"), layer.Attention, $"{path}.attn", t);
        x = g.Node("Add", [x, a]);
        var h = g.Gelu(g.Linear(g.LayerNorm(x, layer.Norm2, $"{path}.norm2"), layer.FeedForward1, $"{path}.ff1"));
        return g.Node("Add", [x, g.Linear(h, layer.FeedForward2, $"{path}.ff2")]);
    }

    private static string Attention(OnnxGraphBuilder g, string x, MultiHeadAttention attention, string path, int t)
    {
        var heads = attention.Heads;
        var d = attention.Query.Weight.Shape[0];
        var dh = d / heads;
        var split = g.Shape(0, 0, heads, dh);

        // (batch, t, d) → (batch, heads, t, dh); k as (batch, heads, dh, t).
        var q = g.Node("Transpose", [g.Node("Reshape", [g.Linear(x, attention.Query, $"{path}.q"), split])], OnnxGraphBuilder.Ints("perm", 0, 2, 1, 3));
        var k = g.Node("Transpose", [g.Node("Reshape", [g.Linear(x, attention.Key, $"{path}.k"), split])], OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1));
        var v = g.Node("Transpose", [g.Node("Reshape", [g.Linear(x, attention.Value, $"{path}.v"), split])], OnnxGraphBuilder.Ints("perm", 0, 2, 1, 3));
        var scores = g.Node("Mul", [g.Node("MatMul", [q, k]), g.Scalar(1f / MathF.Sqrt(dh))]);
        if (attention.RelativeBias is { } table)
        {
            var buckets = new long[t * t];
            for (var i = 0; i < t; i++)
            {
                for (var j = 0; j < t; j++)
                {
                    buckets[(i * t) + j] = MultiHeadAttention.RelativePositionBucket(j - i, bidirectional: true, attention.NumBuckets, attention.MaxDistance);
                }
            }

            var tableName = g.Initializer($"{path}.relative_attention_bias", table.ToArray(), table.Shape[0], table.Shape[1]);
            var gathered = g.Node("Gather", [tableName, g.Int64Initializer($"{path}.relative_position_buckets", buckets, t, t)], OnnxGraphBuilder.Int("axis", 0));
            scores = g.Node("Add", [scores, g.Node("Transpose", [gathered], OnnxGraphBuilder.Ints("perm", 2, 0, 1))]);
        }

        var p = g.Node("Softmax", [scores], OnnxGraphBuilder.Int("axis", -1));
        var merged = g.Node("Reshape", [g.Node("Transpose", [g.Node("MatMul", [p, v])], OnnxGraphBuilder.Ints("perm", 0, 2, 1, 3)), g.Shape(0, 0, d)]);
        return g.Linear(merged, attention.Output, $"{path}.o");
    }
}
