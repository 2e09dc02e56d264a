using Quant.Orleans.Core;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>Seeded weight initialisers (always <see cref="DeterministicRandom"/>, never <see cref="Random"/>).</summary>
public static class Initializers
{
    /// <summary>A tensor of i.i.d. U(<paramref name="low"/>, <paramref name="high"/>) draws.</summary>
    public static Tensor Uniform(DeterministicRandom random, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var t = Tensor.Zeros(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return t;
    }

    /// <summary>A tensor of i.i.d. N(<paramref name="mean"/>, <paramref name="std"/>²) draws.</summary>
    public static Tensor Normal(DeterministicRandom random, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var t = Tensor.Zeros(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)(mean + (std * random.NextGaussian()));
        }

        return t;
    }

    /// <summary>Xavier/Glorot uniform for a weight of shape (out, in): U(-a, a), a = gain·√(6 / (in + out))
    /// (Glorot and Bengio 2010).</summary>
    public static Tensor XavierUniform(DeterministicRandom random, int fanOut, int fanIn, float gain = 1f)
    {
        var a = gain * MathF.Sqrt(6f / (fanIn + fanOut));
        return Uniform(random, -a, a, fanOut, fanIn);
    }

    /// <summary>Kaiming/He uniform for a weight of shape (out, in) as PyTorch's <c>nn.Linear</c> default
    /// (a = √5): U(-b, b), b = 1/√in (He et al. 2015).</summary>
    public static Tensor KaimingUniform(DeterministicRandom random, int fanOut, int fanIn)
    {
        var b = 1f / MathF.Sqrt(fanIn);
        return Uniform(random, -b, b, fanOut, fanIn);
    }
}
