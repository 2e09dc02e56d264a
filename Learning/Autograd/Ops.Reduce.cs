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
        Span<int> shape = stackalloc int[keepDim ? x.Rank : x.Rank - 1];
        var j = 0;
        for (var i = 0; i < x.Rank; i++)
        {
            if (i == a)
            {
                if (keepDim)
                {
                    shape[j++] = 1;
                }

                continue;
            }

            shape[j++] = x.Shape[i];
        }

        return (outer, x.Shape[a], inner, ShapeCache.Intern(shape));
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
            ref var node = ref GradientTape.Current.Record(y, ReduceBackward);
            (node.A, node.I0, node.I1, node.I2, node.F0) = (x, outer, n, inner, scale);
        }

        return y;
    }

    private static void ReduceBackward(in TapeNode node)
    {
        var (x, outer, n, inner, scale) = (node.A!, node.I0, node.I1, node.I2, node.F0);
        var tmp = TensorPool.Rent(x.Length, clear: false);
        var g = node.Output.Grad!.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < n; k++)
            {
                TensorPrimitives.Multiply(g.Slice(o * inner, inner), scale, tmp.AsSpan(((o * n) + k) * inner, inner));
            }
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>The maximum over <paramref name="axis"/>; the gradient goes to the first maximal element (NaN
    /// propagates through the comparison as false, so a NaN is never selected unless all are NaN).</summary>
    public static Tensor Max(Tensor x, int axis, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var (outer, n, inner, shape) = SplitAxis(x, axis, keepDim);
        var y = Tensor.CreateOutput(shape);
        var arg = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, outer * inner));
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
            ref var node = ref GradientTape.Current.Record(y, MaxBackward);
            (node.A, node.State, node.I0, node.I1, node.I2) = (x, arg, outer, n, inner);
        }
        else
        {
            System.Buffers.ArrayPool<int>.Shared.Return(arg);
        }

        return y;
    }

    private static void MaxBackward(in TapeNode node)
    {
        var (x, arg, outer, n, inner) = (node.A!, (int[])node.State!, node.I0, node.I1, node.I2);
        var tmp = TensorPool.Rent(x.Length, clear: true);
        var g = node.Output.Grad!.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                tmp[(((o * n) + arg[(o * inner) + i]) * inner) + i] = g[(o * inner) + i];
            }
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
        System.Buffers.ArrayPool<int>.Shared.Return(arg);
    }
}
