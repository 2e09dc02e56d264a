using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

// The packed copy of the model's weights that Refresh makes.
public sealed unsafe partial class TransformerEncoderInference
{
    private static float[] Padded(Tensor t, int n)
    {
        var a = new float[n];
        t.ToArray().CopyTo(a, 0);
        return a;
    }

    /// <summary>One layer's packed weights and norms.</summary>
    private sealed class LayerWeights
    {
        private readonly MultiHeadAttention _attention;
        private readonly float[]? _relativeBias;

        public LayerWeights(TransformerEncoderLayer layer, int d, int dh, int dhp, int aw, int dp, int ff, int fp)
        {
            _attention = layer.Attention;
            var (wq, wk, wv) = (layer.Attention.Query.Weight.ToArray(), layer.Attention.Key.Weight.ToArray(), layer.Attention.Value.Weight.ToArray());
            var (bq, bk, bv) = (BiasOf(layer.Attention.Query, d), BiasOf(layer.Attention.Key, d), BiasOf(layer.Attention.Value, d));
            var weights = new[] { wq, wk, wv };
            var biases = new[] { bq, bk, bv };

            // Column c of [q | k | v]: projection c / aw, head (c % aw) / dhp, lane (c % aw) % dhp (zero past dh).
            // The 1/√dh of the scores is folded into the q columns.
            int Source(int c) => (c % aw % dhp) < dh ? ((c % aw / dhp) * dh) + (c % aw % dhp) : -1;
            var scale = 1f / MathF.Sqrt(dh);
            float Scale(int c) => c < aw ? scale : 1f;
            Qkv = new PackedWeight(dp, 3 * aw, (p, c) => p < d && Source(c) >= 0 ? weights[c / aw][(Source(c) * d) + p] * Scale(c) : 0f, c => Source(c) >= 0 ? biases[c / aw][Source(c)] * Scale(c) : 0f);
            var wo = layer.Attention.Output.Weight.ToArray();
            var bo = BiasOf(layer.Attention.Output, d);
            int Merged(int p) => (p % dhp) < dh ? ((p / dhp) * dh) + (p % dhp) : -1;
            Output = new PackedWeight(aw, dp, (p, j) => j < d && Merged(p) >= 0 ? wo[(j * d) + Merged(p)] : 0f, j => j < d ? bo[j] : 0f);
            var (w1, b1) = (layer.FeedForward1.Weight.ToArray(), BiasOf(layer.FeedForward1, ff));
            Ff1 = new PackedWeight(dp, fp, (p, j) => p < d && j < ff ? w1[(j * d) + p] : 0f, j => j < ff ? b1[j] : 0f);
            var (w2, b2) = (layer.FeedForward2.Weight.ToArray(), BiasOf(layer.FeedForward2, d));
            Ff2 = new PackedWeight(fp, dp, (p, j) => p < ff && j < d ? w2[(j * ff) + p] : 0f, j => j < d ? b2[j] : 0f);
            (Norm1Weight, Norm1Bias, Norm1Eps) = (Padded(layer.Norm1.Weight, dp), Padded(layer.Norm1.Bias, dp), layer.Norm1.Epsilon);
            (Norm2Weight, Norm2Bias, Norm2Eps) = (Padded(layer.Norm2.Weight, dp), Padded(layer.Norm2.Bias, dp), layer.Norm2.Epsilon);
            _relativeBias = layer.Attention.RelativeBias?.ToArray();
        }

        public PackedWeight Qkv { get; }

        public PackedWeight Output { get; }

        public PackedWeight Ff1 { get; }

        public PackedWeight Ff2 { get; }

        public float[] Norm1Weight { get; }

        public float[] Norm1Bias { get; }

        public float Norm1Eps { get; }

        public float[] Norm2Weight { get; }

        public float[] Norm2Bias { get; }

        public float Norm2Eps { get; }

        /// <summary>The T5 table (buckets, heads), or null.</summary>
        public float[]? RelativeBias => _relativeBias;

        /// <summary>The bias for the current (t, causal), laid out (heads, t, t); null without a T5 table.</summary>
        public float[]? RelativeBiasTable { get; private set; }

        public void PrepareRelativeBias(int t, bool causal)
        {
            if (_relativeBias is null)
            {
                return;
            }

            var heads = _attention.Heads;
            var table = new float[heads * t * t];
            for (var i = 0; i < t; i++)
            {
                for (var j = 0; j < t; j++)
                {
                    var bucket = MultiHeadAttention.RelativePositionBucket(j - i, bidirectional: !causal, _attention.NumBuckets, _attention.MaxDistance);
                    for (var h = 0; h < heads; h++)
                    {
                        table[(((h * t) + i) * t) + j] = _relativeBias[(bucket * heads) + h];
                    }
                }
            }

            RelativeBiasTable = table;
        }

        private static float[] BiasOf(Linear linear, int n) => linear.Bias?.ToArray() ?? new float[n];
    }
}
