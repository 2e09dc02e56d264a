using System.Runtime.Intrinsics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>Layer normalisation over the last axis (Ba et al. 2016): (x - mean) / √(var + eps) · weight + bias,
    /// with the biased (1/n) variance as PyTorch. Input of shape (*, n); weight and bias of shape (n) or null.</summary>
    /// <exception cref="ArgumentException">Weight or bias does not have n elements.</exception>
    public static Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-5f) => NormCore(x, weight, bias, eps, rms: false);

    /// <summary>Root-mean-square normalisation over the last axis, T5 style (Zhang and Sennrich 2019; no mean
    /// subtraction, no bias): x / √(mean(x²) + eps) · weight. Input of shape (*, n), weight of shape (n) or null.</summary>
    /// <exception cref="ArgumentException">Weight does not have n elements.</exception>
    public static Tensor RmsNorm(Tensor x, Tensor? weight, float eps = 1e-6f) => NormCore(x, weight, null, eps, rms: true);

    private static Tensor NormCore(Tensor x, Tensor? weight, Tensor? bias, float eps, bool rms)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var n = x.Shape[^1];
        if ((weight is not null && weight.Length != n) || (bias is not null && bias.Length != n))
        {
            throw new ArgumentException($"Normalisation over {n} features needs weight and bias of {n} elements.", nameof(weight));
        }

        var rows = x.Length / n;
        var y = Tensor.CreateOutputLike(x);
        var xhat = TensorPool.Rent(x.Length, clear: false);
        var rstd = TensorPool.Rent(rows, clear: false);
        var xs = x.Span;
        var ys = y.Span;
        var wide = Vector512.IsHardwareAccelerated && n % Vector512<float>.Count == 0 && weight is not null && (bias is not null || rms);
        for (var r = 0; r < rows; r++)
        {
            var row = xs.Slice(r * n, n);
            var h = xhat.AsSpan(r * n, n);
            if (wide)
            {
                rstd[r] = NormRow512(row, h, ys.Slice(r * n, n), weight!.Span, bias is null ? default : bias.Span, eps, rms);
                continue;
            }

            var mean = rms ? 0f : TensorPrimitives.Sum(row) / n;
            TensorPrimitives.Subtract(row, mean, h);
            var ms = TensorPrimitives.SumOfSquares(h) / n;
            var s = 1f / MathF.Sqrt(ms + eps);
            rstd[r] = s;
            TensorPrimitives.Multiply(h, s, h);
            var dst = ys.Slice(r * n, n);
            if (weight is not null && bias is not null)
            {
                TensorPrimitives.FusedMultiplyAdd(h, weight.Span, bias.Span, dst);
            }
            else if (weight is not null)
            {
                TensorPrimitives.Multiply(h, weight.Span, dst);
            }
            else
            {
                h.CopyTo(dst);
            }
        }

        var record = GradientTape.IsEnabled && (x.RequiresGrad || weight?.RequiresGrad == true || bias?.RequiresGrad == true);
        if (!record)
        {
            TensorPool.Return(xhat);
            TensorPool.Return(rstd);
            return y;
        }

        ref var node = ref GradientTape.Current.Record(y, NormBackward);
        (node.A, node.B, node.C, node.Buf0, node.Buf1, node.I0, node.I1, node.Flag0) = (x, weight, bias, xhat, rstd, n, rows, rms);
        return y;
    }

    /// <summary>One row of layer (or RMS) normalisation, n a multiple of 16, in three passes: the sum, then
    /// h = x - mean with the sum of squares, then h·s into <paramref name="h"/> and h·weight + bias into
    /// <paramref name="y"/>; returns s = 1/√(var + eps).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float NormRow512(ReadOnlySpan<float> x, Span<float> h, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, bool rms)
    {
        const int W = 16;
        var n = x.Length;
        var mean = 0f;
        if (!rms)
        {
            var acc = Vector512<float>.Zero;
            for (var i = 0; i < n; i += W)
            {
                acc += Vector512.Create(x.Slice(i, W));
            }

            mean = Vector512.Sum(acc) / n;
        }

        var m = Vector512.Create(mean);
        var sq = Vector512<float>.Zero;
        for (var i = 0; i < n; i += W)
        {
            var d = Vector512.Create(x.Slice(i, W)) - m;
            sq = Vector512.FusedMultiplyAdd(d, d, sq);
            d.CopyTo(h.Slice(i, W));
        }

        var s = 1f / MathF.Sqrt((Vector512.Sum(sq) / n) + eps);
        var sv = Vector512.Create(s);
        for (var i = 0; i < n; i += W)
        {
            var hv = Vector512.Create(h.Slice(i, W)) * sv;
            hv.CopyTo(h.Slice(i, W));
            var w = Vector512.Create(weight.Slice(i, W));
            var o = rms ? hv * w : Vector512.FusedMultiplyAdd(hv, w, Vector512.Create(bias.Slice(i, W)));
            o.CopyTo(y.Slice(i, W));
        }

        return s;
    }

    private static void NormBackward(in TapeNode node)
    {
        var (x, weight, bias, xhat, rstd, n, rows, rms) = (node.A!, node.B, node.C, node.Buf0!, node.Buf1!, node.I0, node.I1, node.Flag0);
        var g = node.Output.Grad!.Span;
        var dx = TensorPool.Rent(x.Length, clear: false);
        var dw = weight?.RequiresGrad == true ? TensorPool.Rent(n, clear: true) : null;
        var db = bias?.RequiresGrad == true ? TensorPool.Rent(n, clear: true) : null;
        var dhBuffer = TensorPool.Rent(n, clear: false);
        var dh = dhBuffer.AsSpan(0, n);
        for (var r = 0; r < rows; r++)
        {
            var gr = g.Slice(r * n, n);
            var h = xhat.AsSpan(r * n, n);
            if (dw is not null)
            {
                TensorPrimitives.FusedMultiplyAdd(gr, h, dw.AsSpan(0, n), dw.AsSpan(0, n));
            }

            if (db is not null)
            {
                TensorPrimitives.Add(db.AsSpan(0, n), gr, db.AsSpan(0, n));
            }

            if (weight is not null)
            {
                TensorPrimitives.Multiply(gr, weight.Span, dh);
            }
            else
            {
                gr.CopyTo(dh);
            }

            var meanDh = rms ? 0f : TensorPrimitives.Sum(dh) / n;
            var meanDhH = TensorPrimitives.Dot(dh, h) / n;
            var dst = dx.AsSpan(r * n, n);
            var sr = rstd[r];
            for (var i = 0; i < n; i++)
            {
                dst[i] = sr * (dh[i] - meanDh - (h[i] * meanDhH));
            }
        }

        if (x.RequiresGrad)
        {
            x.AccumulateGrad(dx.AsSpan(0, x.Length));
        }

        if (dw is not null)
        {
            weight!.AccumulateGrad(dw.AsSpan(0, n));
            TensorPool.Return(dw);
        }

        if (db is not null)
        {
            bias!.AccumulateGrad(db.AsSpan(0, n));
            TensorPool.Return(db);
        }

        TensorPool.Return(dx);
        TensorPool.Return(dhBuffer);
        TensorPool.Return(xhat);
        TensorPool.Return(rstd);
    }
}
