using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>
/// Multi-head self-attention (Vaswani et al. 2017) with separate q, k, v and output projections (d → d) and an
/// optional learned T5 relative position bias (Raffel et al. 2020, §2.1: one scalar per head and log-spaced
/// distance bucket, added to the scores). Input of shape (batch, t, d), output of the same shape.
/// </summary>
public sealed class MultiHeadAttention : Module
{
    private readonly int _heads;
    private readonly int _numBuckets;
    private readonly int _maxDistance;
    private (int T, bool Causal, int[] Buckets)[] _bucketCache = [];

    /// <summary>Creates the layer; d must be a multiple of the number of heads.</summary>
    /// <exception cref="ArgumentException">d is not a multiple of heads.</exception>
    public MultiHeadAttention(int model, int heads, DeterministicRandom random, bool relativeBias = false, int numBuckets = 32, int maxDistance = 128)
    {
        if (heads <= 0 || model % heads != 0)
        {
            throw new ArgumentException($"Model width {model} must be a positive multiple of the head count {heads}.", nameof(heads));
        }

        _heads = heads;
        _numBuckets = numBuckets;
        _maxDistance = maxDistance;
        Query = Child("q", new Linear(model, model, random));
        Key = Child("k", new Linear(model, model, random));
        Value = Child("v", new Linear(model, model, random));
        Output = Child("o", new Linear(model, model, random));
        if (relativeBias)
        {
            RelativeBias = Parameter("relative_attention_bias", Initializers.Normal(random, 0f, 0.1f, numBuckets, heads));
        }
    }

    /// <summary>Number of heads.</summary>
    public int Heads => _heads;

    /// <summary>Buckets of the T5 relative position bias.</summary>
    public int NumBuckets => _numBuckets;

    /// <summary>Distance at which the T5 buckets stop growing.</summary>
    public int MaxDistance => _maxDistance;

    /// <summary>Query projection.</summary>
    public Linear Query { get; }

    /// <summary>Key projection.</summary>
    public Linear Key { get; }

    /// <summary>Value projection.</summary>
    public Linear Value { get; }

    /// <summary>Output projection.</summary>
    public Linear Output { get; }

    /// <summary>T5 bias table of shape (buckets, heads), or null.</summary>
    public Tensor? RelativeBias { get; }

    /// <summary>Self-attention over x of shape (batch, t, d); <paramref name="keyPadding"/> of shape (batch, t) flat,
    /// true at padding.</summary>
    public Tensor Forward(Tensor x, bool causal = false, bool[]? keyPadding = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (b, t, d) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var dh = d / _heads;
        var q = Split(Query.Forward(x), b, t, dh);
        var k = Split(Key.Forward(x), b, t, dh);
        var v = Split(Value.Forward(x), b, t, dh);
        Tensor? bias = null;
        if (RelativeBias is not null)
        {
            var buckets = Buckets(t, causal);

            // (t, t, heads) → (heads, t, t)
            bias = Ops.Transpose(Ops.Reshape(Ops.Embedding(RelativeBias, buckets, t * t), t, t, _heads), 0, 2).Transpose(1, 2).Contiguous();
        }

        var attended = Ops.ScaledDotProductAttention(q, k, v, causal, keyPadding, bias);
        var merged = Ops.Reshape(Ops.Transpose(attended, 1, 2), b, t, d);
        return Output.Forward(merged);
    }

    /// <summary>The (t·t) bucket indices for a sequence of t steps, computed once per (t, causal) and kept (the
    /// last two shapes), so a forward pass with the T5 bias allocates no index array in steady state.</summary>
    private int[] Buckets(int t, bool causal)
    {
        var cache = _bucketCache;
        foreach (var (ct, cc, cb) in cache)
        {
            if (ct == t && cc == causal)
            {
                return cb;
            }
        }

        var buckets = new int[t * t];
        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < t; j++)
            {
                buckets[(i * t) + j] = RelativePositionBucket(j - i, bidirectional: !causal, _numBuckets, _maxDistance);
            }
        }

        _bucketCache = [(t, causal, buckets), cache.Length > 0 ? cache[0] : (t, causal, buckets)];
        return buckets;
    }

    private Tensor Split(Tensor y, int b, int t, int dh) => Ops.Transpose(Ops.Reshape(y, b, t, _heads, dh), 1, 2);

    /// <summary>T5's bucket of a relative position (memory - query): exact below half the buckets, log-spaced up to
    /// <paramref name="maxDistance"/>; bidirectional buckets split by sign (Hugging Face <c>_relative_position_bucket</c>).</summary>
    public static int RelativePositionBucket(int relativePosition, bool bidirectional, int numBuckets, int maxDistance)
    {
        var bucket = 0;
        var n = numBuckets;
        int rp;
        if (bidirectional)
        {
            n /= 2;
            bucket += relativePosition > 0 ? n : 0;
            rp = Math.Abs(relativePosition);
        }
        else
        {
            rp = -Math.Min(relativePosition, 0);
        }

        var maxExact = n / 2;
        if (rp < maxExact)
        {
            return bucket + rp;
        }

        var large = maxExact + (int)(MathF.Log(rp / (float)maxExact) / MathF.Log(maxDistance / (float)maxExact) * (n - maxExact));
        return bucket + Math.Min(large, n - 1);
    }
}
