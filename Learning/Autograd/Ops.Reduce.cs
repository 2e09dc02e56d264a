using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>The sum of all elements, shape ().</summary>
    public static Tensor SumAll(Tensor x) => Sum(Reshape(x, -1), 0);

    /// <summary>The mean of all elements, shape ().</summary>
    public static Tensor MeanAll(Tensor x) => Mean(Reshape(x, -1), 0);

    /// <summary>The sum over <paramref name="axis"/>; the axis is removed unless <paramref name="keepDim"/>.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false) => Reduce(x, axis, keepDim, mean: false);

    /// <summary>The mean over <paramref name="axis"/>; the axis is removed unless <paramref name="keepDim"/>.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false) => Reduce(x, axis, keepDim, mean: true);

    private static (int Outer, int N, int Inner, int[] Shape) SplitAxis(Tensor x, int axis, bool keepDim)
    {
        var a = ShapeUtil.NormalizeAxis(axis, x.Rank);
        var outer = ShapeUtil.Count(x.Shape.AsSpan(0, a));
        var inner = ShapeUtil.Count(x.Shape.AsSpan(a + 1));
        var shape = keepDim
            ? x.Shape.Select((d, i) => i == a ? 1 : d).ToArray()
            : x.Shape.Where((_, i) => i != a).ToArray();
        return (outer, x.Shape[a], inner, shape);
    }

    private static Tensor Reduce(Tensor x, int axis, bool keepDim, bool mean)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var (outer, n, inner, shape) = SplitAxis(x, axis, keepDim);
        var y = Tensor.CreateOutput(shape, clear: true);
        var xs = x.Span;
        var ys = y.Span;
        var scale = mean ? 1f / n : 1f;
        for (var o = 0; o < outer; o++)
        {
            var dst = ys.Slice(o * inner, inner);
            if (inner == 1)
            {
                dst[0] = TensorPrimitives.Sum(xs.Slice(o * n, n)) * scale;
                continue;
            }

            for (var k = 0; k < n; k++)
            {
                TensorPrimitives.Add(dst, xs.Slice(((o * n) + k) * inner, inner), dst);
            }

            if (mean)
            {
                TensorPrimitives.Multiply(dst, scale, dst);
            }
        }

        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, () =>
            {
                var tmp = TensorPool.Rent(x.Length, clear: false);
                var g = y.Grad!.Span;
                for (var o = 0; o < outer; o++)
                {
                    for (var k = 0; k < n; k++)
                    {
                        TensorPrimitives.Multiply(g.Slice(o * inner, inner), scale, tmp.AsSpan(((o * n) + k) * inner, inner));
                    }
                }

                x.AccumulateGrad(tmp.AsSpan(0, x.Length));
                TensorPool.Return(tmp);
            });
        }

        return y;
    }

    /// <summary>The maximum over <paramref name="axis"/>; the gradient goes to the first maximal element (NaN
    /// propagates through the comparison as false, so a NaN is never selected unless all are NaN).</summary>
    public static Tensor Max(Tensor x, int axis, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var (outer, n, inner, shape) = SplitAxis(x, axis, keepDim);
        var y = Tensor.CreateOutput(shape);
        var arg = new int[outer * inner];
        var xs = x.Span;
        var ys = y.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var best = 0;
                var bv = xs[(o * n * inner) + i];
                for (var k = 1; k < n; k++)
                {
                    var v = xs[(((o * n) + k) * inner) + i];
                    if (v > bv)
                    {
                        bv = v;
                        best = k;
                    }
                }

                ys[(o * inner) + i] = bv;
                arg[(o * inner) + i] = best;
            }
        }

        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, () =>
            {
                var tmp = TensorPool.Rent(x.Length, clear: true);
                var g = y.Grad!.Span;
                for (var o = 0; o < outer; o++)
                {
                    for (var i = 0; i < inner; i++)
                    {
                        tmp[(((o * n) + arg[(o * inner) + i]) * inner) + i] = g[(o * inner) + i];
                    }
                }

                x.AccumulateGrad(tmp.AsSpan(0, x.Length));
                TensorPool.Return(tmp);
            });
        }

        return y;
    }
}
