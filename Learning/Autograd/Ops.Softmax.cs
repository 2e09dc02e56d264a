using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>Softmax over the last axis, exp(x - max) / Σ exp(x - max) (max subtracted for stability); input of
    /// shape (*, n), output of the same shape. A row of -∞ gives NaN.</summary>
    public static Tensor Softmax(Tensor x) => SoftmaxCore(x, log: false);

    /// <summary>Log-softmax over the last axis, x - max - log Σ exp(x - max); shape (*, n).</summary>
    public static Tensor LogSoftmax(Tensor x) => SoftmaxCore(x, log: true);

    private static Tensor SoftmaxCore(Tensor x, bool log)
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
            SoftmaxRow(xs.Slice(r * n, n), ys.Slice(r * n, n), log);
        }

        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, SoftmaxBackward);
            (node.A, node.I0, node.I1, node.Flag0) = (x, n, rows, log);
        }

        return y;
    }

    private static void SoftmaxBackward(in TapeNode node)
    {
        var (x, y, n, rows, log) = (node.A!, node.Output, node.I0, node.I1, node.Flag0);
        var tmp = TensorPool.Rent(x.Length, clear: false);
        var g = y.Grad!.Span;
        var yv = y.Span;
        for (var r = 0; r < rows; r++)
        {
            SoftmaxRowBackward(g.Slice(r * n, n), yv.Slice(r * n, n), tmp.AsSpan(r * n, n), log);
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>Softmax (or log-softmax) of one row.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
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
