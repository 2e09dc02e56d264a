using System.Runtime.Intrinsics;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Training;

/// <summary>
/// AdamW with the update of <see cref="Optim.AdamW"/> (PyTorch 1.13's formula, the same float32 operations in the
/// same order, so the same bits: <c>ResumableAdamWTests</c>) whose step count and moments can be saved and restored,
/// which <see cref="Optim.Adam"/> does not expose. Per parameter: p ← p·(1 - lr·λ), m ← β₁m + (1-β₁)g,
/// v ← β₂v + (1-β₂)g·g, p ← p - (lr/(1-β₁ᵗ))·m / (√v/√(1-β₂ᵗ) + ε). The loop runs on 512-bit vectors (separate
/// multiply and add, no fused multiply-add, so each lane rounds as the scalar code does).
/// </summary>
internal sealed class ResumableAdamW
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Eps = 1e-8f;
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly float _weightDecay;

    public ResumableAdamW(IReadOnlyList<Tensor> parameters, float weightDecay)
    {
        _parameters = parameters;
        _weightDecay = weightDecay;
        M = new float[parameters.Count][];
        V = new float[parameters.Count][];
        for (var i = 0; i < parameters.Count; i++)
        {
            M[i] = new float[parameters[i].Length];
            V[i] = new float[parameters[i].Length];
        }
    }

    /// <summary>First moments, one array per parameter.</summary>
    public float[][] M { get; }

    /// <summary>Second moments, one array per parameter.</summary>
    public float[][] V { get; }

    /// <summary>Completed steps (t of the bias corrections).</summary>
    public long StepCount { get; set; }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            _parameters[i].ZeroGrad();
        }
    }

    /// <summary>One update of every parameter that has a gradient, at <paramref name="learningRate"/>.</summary>
    public void Step(float learningRate)
    {
        StepCount++;
        var t = StepCount;
        var bc1 = 1.0 - Math.Pow(Beta1, t);
        var bc2 = 1.0 - Math.Pow(Beta2, t);
        var stepSize = (float)(learningRate / bc1);
        var bc2Sqrt = (float)Math.Sqrt(bc2);
        var decay = 1f - (learningRate * _weightDecay);
        for (var i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.Grad is not null)
            {
                Update(p.Span, p.Grad.Span, M[i], V[i], stepSize, bc2Sqrt, decay);
            }
        }
    }

    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float stepSize, float bc2Sqrt, float decay)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (b1, b2, c1, c2) = (Vector512.Create(Beta1), Vector512.Create(Beta2), Vector512.Create(1f - Beta1), Vector512.Create(1f - Beta2));
            var (dv, ss, bs, ev) = (Vector512.Create(decay), Vector512.Create(stepSize), Vector512.Create(bc2Sqrt), Vector512.Create(Eps));
            for (; i <= p.Length - 16; i += 16)
            {
                var gi = Vector512.Create(g.Slice(i, 16));
                var pi = Vector512.Create(p.Slice(i, 16)) * dv;
                var mi = (b1 * Vector512.Create(m.Slice(i, 16))) + (c1 * gi);
                var vi = (b2 * Vector512.Create(v.Slice(i, 16))) + (c2 * gi * gi);
                var denom = (Vector512.Sqrt(vi) / bs) + ev;
                pi -= ss * mi / denom;
                mi.CopyTo(m.Slice(i, 16));
                vi.CopyTo(v.Slice(i, 16));
                pi.CopyTo(p.Slice(i, 16));
            }
        }

        for (; i < p.Length; i++)
        {
            var gi = g[i];
            p[i] *= decay;
            m[i] = (Beta1 * m[i]) + ((1f - Beta1) * gi);
            v[i] = (Beta2 * v[i]) + ((1f - Beta2) * gi * gi);
            var denom = (MathF.Sqrt(v[i]) / bc2Sqrt) + Eps;
            p[i] -= stepSize * m[i] / denom;
        }
    }
}
