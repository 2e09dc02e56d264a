using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>Softmax over the last axis, exp(x - max) / Σ exp(x - max) (max subtracted for stability); input of
    /// shape (*, n), output of the same shape. A row of -∞ gives NaN.</summary>
    public static Tensor Softmax(Tensor x) => SoftmaxCore(x, log: false, scale: 1f);

    /// <summary>Softmax over the last axis of <paramref name="scale"/>·x in one pass (attention scores scaled by
    /// 1/√d); the same values and gradients as <c>Softmax(MulScalar(x, scale))</c>, bit for bit.</summary>
    public static Tensor ScaledSoftmax(Tensor x, float scale) => SoftmaxCore(x, log: false, scale);

    /// <summary>Log-softmax over the last axis, x - max - log Σ exp(x - max); shape (*, n).</summary>
    public static Tensor LogSoftmax(Tensor x) => SoftmaxCore(x, log: true, scale: 1f);

    private static Tensor SoftmaxCore(Tensor x, bool log, float scale)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var n = x.Shape[^1];
        var rows = x.Length / Math.Max(1, n);
        var y = Tensor.CreateOutputLike(x);
        var xs = x.Span;
        var ys = y.Span;
        for (var r = 0; r < rows; r++)
        {
            var dst = ys.Slice(r * n, n);
            if (scale != 1f)
            {
                TensorPrimitives.Multiply(xs.Slice(r * n, n), scale, dst);
                SoftmaxRow(dst, dst, log);
            }
            else
            {
                SoftmaxRow(xs.Slice(r * n, n), dst, log);
            }
        }

        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, SoftmaxBackward);
            (node.A, node.I0, node.I1, node.Flag0, node.F0) = (x, n, rows, log, scale);
        }

        return y;
    }

    private static void SoftmaxBackward(in TapeNode node)
    {
        var (x, y, n, rows, log, scale) = (node.A!, node.Output, node.I0, node.I1, node.Flag0, node.F0);
        var tmp = TensorPool.Rent(x.Length, clear: false);
        var g = y.Grad!.Span;
        var yv = y.Span;
        for (var r = 0; r < rows; r++)
        {
            SoftmaxRowBackward(g.Slice(r * n, n), yv.Slice(r * n, n), tmp.AsSpan(r * n, n), log);
        }

        if (scale != 1f)
        {
            TensorPrimitives.Multiply(tmp.AsSpan(0, x.Length), scale, tmp.AsSpan(0, x.Length));
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>Softmax (or log-softmax) of one row.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        if (!log && Avx512F.IsSupported && Vector512.IsHardwareAccelerated && x.Length % Vector512<float>.Count == 0)
        {
            SoftmaxRow512(x, y);
            return;
        }

        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            var lse = 0.0;
            foreach (var v in y)
            {
                lse += Math.Exp(v);
            }

            TensorPrimitives.Subtract(y, (float)Math.Log(lse), y);
            return;
        }

        TensorPrimitives.Exp(y, y);
        var sum = TensorPrimitives.Sum(y);
        TensorPrimitives.Multiply(y, 1f / sum, y);
    }

    /// <summary>Softmax of a row whose length is a multiple of 16: max, then e = exp(x - max) with
    /// <see cref="ExpNonPositive"/> and its sum in one pass, then e / sum; three passes over the row instead of five
    /// calls into TensorPrimitives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftmaxRow512(ReadOnlySpan<float> x, Span<float> y)
    {
        const int W = 16;
        var vmax = Vector512.Create(float.NegativeInfinity);
        var nan = Vector512<float>.Zero;
        for (var i = 0; i < x.Length; i += W)
        {
            var v = Vector512.Create(x.Slice(i, W));
            vmax = Vector512.Max(vmax, v);
            nan |= ~Vector512.Equals(v, v).AsSingle();
        }

        var m = nan == Vector512<float>.Zero ? Vector512.Create(Lanes.Max(vmax)) : Vector512.Create(float.NaN);
        var vsum = Vector512<float>.Zero;
        for (var i = 0; i < x.Length; i += W)
        {
            var e = ExpNonPositive(Vector512.Create(x.Slice(i, W)) - m);
            vsum += e;
            e.CopyTo(y.Slice(i, W));
        }

        var inv = Vector512.Create(1f / Vector512.Sum(vsum));
        for (var i = 0; i < y.Length; i += W)
        {
            (Vector512.Create(y.Slice(i, W)) * inv).CopyTo(y.Slice(i, W));
        }
    }

    /// <summary>
    /// e^x for x ≤ 0 (softmax after subtracting the row maximum), 16 lanes: Cephes <c>expf</c> (Moshier 1992):
    /// x = n·ln 2 + r with |r| ≤ ln2/2 (ln 2 split in two constants), e^r by a degree-7 polynomial, times 2^n by
    /// <c>vscalefps</c>. Relative error below 2e-7 on [-87.3, 0]; 0 below -87.3 (and for -∞); NaN propagates. Not
    /// meant for x &gt; 0 (it overflows to +∞ above 88.7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpNonPositive(Vector512<float> x)
    {
        var e = ExpNonPositiveUnchecked(x);
        e = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLow)), Vector512<float>.Zero, e);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), e, x);
    }

    private const float ExpLow = -87.33654f;

    /// <summary><see cref="ExpNonPositive"/> without its two selects: below -87.3 (-∞ included) it gives
    /// e^-87.3 ≈ 1.2e-38 instead of 0, and a NaN input gives that too instead of NaN. For callers that have checked
    /// their inputs finite and handle an all-masked row themselves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpNonPositiveUnchecked(Vector512<float> x)
    {
        var xc = Avx512F.Max(x, Vector512.Create(ExpLow));
        var n = Avx512F.RoundScale(xc * Vector512.Create(1.44269504088896341f), 0);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), xc);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        return Avx512F.Scale(Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One), n);
    }

    /// <summary>dx = y ⊙ (g - ⟨g, y⟩) for softmax, g - softmax · Σg for log-softmax.</summary>
    internal static void SoftmaxRowBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx, bool log)
    {
        if (log)
        {
            var sg = TensorPrimitives.Sum(g);
            for (var i = 0; i < y.Length; i++)
            {
                dx[i] = g[i] - (MathF.Exp(y[i]) * sg);
            }

            return;
        }

        var dot = TensorPrimitives.Dot(g, y);
        for (var i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] * (g[i] - dot);
        }
    }
}
