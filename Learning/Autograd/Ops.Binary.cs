using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    private enum BinaryKind
    {
        Add,
        Sub,
        Mul,
        Div,
    }

    /// <summary>Element-wise a + b with NumPy broadcasting; output of the broadcast shape.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Add);

    /// <summary>Element-wise a - b with broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
    public static Tensor Sub(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Sub);

    /// <summary>Element-wise a · b with broadcasting.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
    public static Tensor Mul(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Mul);

    /// <summary>Element-wise a / b with broadcasting (IEEE: division by zero gives ±∞ or NaN).</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
    public static Tensor Div(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Div);

    private static Tensor Binary(Tensor a, Tensor b, BinaryKind kind)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = a.Contiguous();
        b = b.Contiguous();
        var same = ShapeUtil.SameShape(a.Shape, b.Shape);
        Tensor y;
        if (same)
        {
            y = Tensor.CreateOutputLike(a);
            var sa = a.Span;
            var sb = b.Span;
            var sy = y.Span;
            switch (kind)
            {
                case BinaryKind.Add: TensorPrimitives.Add(sa, sb, sy); break;
                case BinaryKind.Sub: TensorPrimitives.Subtract(sa, sb, sy); break;
                case BinaryKind.Mul: TensorPrimitives.Multiply(sa, sb, sy); break;
                default: TensorPrimitives.Divide(sa, sb, sy); break;
            }
        }
        else
        {
            Span<int> shape = stackalloc int[Math.Max(a.Rank, b.Rank)];
            ShapeUtil.Broadcast(a.Shape, b.Shape, shape);
            y = Tensor.CreateOutput(shape);
            BroadcastForward(a, b, y, kind);
        }

        if (GradientTape.ShouldRecord(a, b))
        {
            ref var node = ref GradientTape.Current.Record(y, BinaryBackward);
            (node.A, node.B, node.I0, node.Flag0) = (a, b, (int)kind, same);
        }

        return y;
    }

    private static float Apply(BinaryKind kind, float x, float z) => kind switch
    {
        BinaryKind.Add => x + z,
        BinaryKind.Sub => x - z,
        BinaryKind.Mul => x * z,
        _ => x / z,
    };

    private static void BinaryBackward(in TapeNode node)
    {
        var (a, b, y, kind, same) = (node.A!, node.B!, node.Output, (BinaryKind)node.I0, node.Flag0);
        var g = y.Grad!.Span;
        var ga = a.RequiresGrad ? TensorPool.Rent(a.Length, clear: true) : null;
        var gb = b.RequiresGrad ? TensorPool.Rent(b.Length, clear: true) : null;
        if (same)
        {
            var sa = a.Span;
            var sb = b.Span;
            var n = a.Length;
            switch (kind)
            {
                case BinaryKind.Add:
                    if (ga is not null)
                    {
                        g.CopyTo(ga);
                    }

                    if (gb is not null)
                    {
                        g.CopyTo(gb);
                    }

                    break;
                case BinaryKind.Sub:
                    if (ga is not null)
                    {
                        g.CopyTo(ga);
                    }

                    if (gb is not null)
                    {
                        TensorPrimitives.Negate(g, gb);
                    }

                    break;
                case BinaryKind.Mul:
                    if (ga is not null)
                    {
                        TensorPrimitives.Multiply(g, sb, ga.AsSpan(0, n));
                    }

                    if (gb is not null)
                    {
                        TensorPrimitives.Multiply(g, sa, gb.AsSpan(0, n));
                    }

                    break;
                default:
                    if (ga is not null)
                    {
                        TensorPrimitives.Divide(g, sb, ga.AsSpan(0, n));
                    }

                    if (gb is not null)
                    {
                        for (var i = 0; i < n; i++)
                        {
                            gb[i] = -g[i] * sa[i] / (sb[i] * sb[i]);
                        }
                    }

                    break;
            }
        }
        else
        {
            BroadcastBackward(a, b, y, kind, ga, gb);
        }

        if (ga is not null)
        {
            a.AccumulateGrad(ga.AsSpan(0, a.Length));
            TensorPool.Return(ga);
        }

        if (gb is not null)
        {
            b.AccumulateGrad(gb.AsSpan(0, b.Length));
            TensorPool.Return(gb);
        }
    }

    /// <summary>y = a ∘ b over the broadcast of contiguous a and b into y (an odometer moves the input indices).</summary>
    private static void BroadcastForward(Tensor a, Tensor b, Tensor y, BinaryKind kind)
    {
        var shape = y.Shape;
        var rank = shape.Length;
        Span<int> sa = stackalloc int[rank];
        Span<int> sb = stackalloc int[rank];
        Span<int> counter = stackalloc int[rank];
        BroadcastStrides(a.Shape, shape, sa);
        BroadcastStrides(b.Shape, shape, sb);
        var (ab, bb, yb) = (a.Buffer, b.Buffer, y.Buffer);
        var (ao, bo, yo) = (a.Offset, b.Offset, y.Offset);
        int ia = 0, ib = 0;
        for (var o = 0; o < y.Length; o++)
        {
            yb[yo + o] = Apply(kind, ab[ao + ia], bb[bo + ib]);
            Advance(shape, sa, sb, counter, ref ia, ref ib);
        }
    }

    /// <summary>Accumulates the gradients of a broadcast binary operation into ga and gb (either may be null).</summary>
    private static void BroadcastBackward(Tensor a, Tensor b, Tensor y, BinaryKind kind, float[]? ga, float[]? gb)
    {
        var shape = y.Shape;
        var rank = shape.Length;
        Span<int> sa = stackalloc int[rank];
        Span<int> sb = stackalloc int[rank];
        Span<int> counter = stackalloc int[rank];
        BroadcastStrides(a.Shape, shape, sa);
        BroadcastStrides(b.Shape, shape, sb);
        var (ab, bb) = (a.Buffer, b.Buffer);
        var (ao, bo) = (a.Offset, b.Offset);
        var gy = y.Grad!.Buffer;
        var go = y.Grad!.Offset;
        int ia = 0, ib = 0;
        for (var o = 0; o < y.Length; o++)
        {
            var gv = gy[go + o];
            var av = ab[ao + ia];
            var bv = bb[bo + ib];
            var (da, db) = kind switch
            {
                BinaryKind.Add => (gv, gv),
                BinaryKind.Sub => (gv, -gv),
                BinaryKind.Mul => (gv * bv, gv * av),
                _ => (gv / bv, -gv * av / (bv * bv)),
            };
            if (ga is not null)
            {
                ga[ia] += da;
            }

            if (gb is not null)
            {
                gb[ib] += db;
            }

            Advance(shape, sa, sb, counter, ref ia, ref ib);
        }
    }

    /// <summary>Moves the odometer one output element forward, updating both input indices.</summary>
    private static void Advance(int[] shape, ReadOnlySpan<int> sa, ReadOnlySpan<int> sb, Span<int> counter, ref int ia, ref int ib)
    {
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            counter[d]++;
            ia += sa[d];
            ib += sb[d];
            if (counter[d] < shape[d])
            {
                return;
            }

            ia -= sa[d] * shape[d];
            ib -= sb[d] * shape[d];
            counter[d] = 0;
        }
    }

    private static void BroadcastStrides(int[] inShape, int[] outShape, Span<int> strides)
    {
        var shift = outShape.Length - inShape.Length;
        var s = 1;
        for (var d = outShape.Length - 1; d >= 0; d--)
        {
            var dim = d < shift ? 1 : inShape[d - shift];
            strides[d] = dim == 1 ? 0 : s;
            s *= dim;
        }
    }

    /// <summary>x + c for a scalar c.</summary>
    public static Tensor AddScalar(Tensor x, float c)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        TensorPrimitives.Add(x.Span, c, y.Span);
        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, PassThroughBackward).A = x;
        }

        return y;
    }

    /// <summary>c · x for a scalar c.</summary>
    public static Tensor MulScalar(Tensor x, float c)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        TensorPrimitives.Multiply(x.Span, c, y.Span);
        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, MulScalarBackward);
            (node.A, node.F0) = (x, c);
        }

        return y;
    }

    private static void MulScalarBackward(in TapeNode node)
    {
        var x = node.A!;
        var tmp = TensorPool.Rent(x.Length, clear: false);
        TensorPrimitives.Multiply(node.Output.Grad!.Span, node.F0, tmp.AsSpan(0, x.Length));
        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>-x.</summary>
    public static Tensor Neg(Tensor x) => MulScalar(x, -1f);
}
