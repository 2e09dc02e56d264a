using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

/// <summary>Differentiable tensor operations. Every output is a new contiguous tensor unless the operation is a
/// view (<see cref="Reshape"/>, <see cref="Transpose"/>, <see cref="Slice"/>). Outputs created while gradients are
/// enabled, or inside an inference scope, belong to the thread's <see cref="GradientTape"/> (see its ownership rule).</summary>
public static partial class Ops
{
    /// <summary>A contiguous copy of <paramref name="x"/> (any strides).</summary>
    public static Tensor Copy(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.CreateOutputLike(x);
        x.CopyTo(y.Span);
        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, PassThroughBackward).A = x;
        }

        return y;
    }

    /// <summary>dL/dA += dL/dy for an output of A's shape whose gradient is the identity (copies, reshapes, +c).</summary>
    private static void PassThroughBackward(in TapeNode node) => node.A!.AccumulateGrad(node.Output.Grad!.Span);

    /// <summary>A tensor with the same elements in row-major order and a new shape (one axis may be -1). A view
    /// when <paramref name="x"/> is contiguous, else a copy.</summary>
    /// <exception cref="ArgumentException">The element count does not match.</exception>
    public static Tensor Reshape(Tensor x, params ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        Span<int> newShape = stackalloc int[shape.Length];
        shape.CopyTo(newShape);
        var infer = newShape.IndexOf(-1);
        if (infer >= 0)
        {
            newShape[infer] = 1;
            newShape[infer] = x.Length / Math.Max(1, ShapeUtil.Count(newShape));
        }

        if (ShapeUtil.Count(newShape) != x.Length)
        {
            throw new ArgumentException($"Cannot reshape {ShapeUtil.Format(x.Shape)} ({x.Length} elements) to {ShapeUtil.Format(shape)}.", nameof(shape));
        }

        var src = x.Contiguous();
        var interned = ShapeCache.Intern(newShape);
        var y = Tensor.CreateView(src.Buffer, interned, ShapeCache.RowMajorStrides(interned), src.Offset);
        if (GradientTape.ShouldRecord(src))
        {
            GradientTape.Current.Record(y, PassThroughBackward).A = src;
        }

        return y;
    }

    /// <summary>A view with axes <paramref name="axis0"/> and <paramref name="axis1"/> swapped (no copy).</summary>
    public static Tensor Transpose(Tensor x, int axis0, int axis1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a0 = ShapeUtil.NormalizeAxis(axis0, x.Rank);
        var a1 = ShapeUtil.NormalizeAxis(axis1, x.Rank);
        Span<int> shape = stackalloc int[x.Rank];
        Span<int> strides = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        x.Strides.CopyTo(strides);
        (shape[a0], shape[a1]) = (shape[a1], shape[a0]);
        (strides[a0], strides[a1]) = (strides[a1], strides[a0]);
        var y = Tensor.CreateView(x.Buffer, ShapeCache.Intern(shape), ShapeCache.Intern(strides), x.Offset);
        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, TransposeBackward);
            (node.A, node.I0, node.I1) = (x, a0, a1);
        }

        return y;
    }

    private static void TransposeBackward(in TapeNode node)
    {
        // The gradient of y is contiguous in y's shape; read it with the strides of its axes swapped back (a view of
        // x's shape) and copy.
        var (x, g, a0, a1) = (node.A!, node.Output.Grad!, node.I0, node.I1);
        var rank = x.Rank;
        Span<int> gs = stackalloc int[rank];
        var step = 1;
        var yShape = node.Output.Shape;
        for (var d = rank - 1; d >= 0; d--)
        {
            gs[d] = step;
            step *= yShape[d];
        }

        (gs[a0], gs[a1]) = (gs[a1], gs[a0]);
        var tmp = TensorPool.Rent(x.Length, clear: false);
        Tensor.StridedCopy(g.Buffer, g.Offset, x.Shape, gs, tmp);
        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>A view of <paramref name="length"/> elements along <paramref name="axis"/> starting at
    /// <paramref name="start"/> (no copy).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the axis.</exception>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a = ShapeUtil.NormalizeAxis(axis, x.Rank);
        if (start < 0 || length < 0 || start + length > x.Shape[a])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) is outside axis {a} of size {x.Shape[a]}.");
        }

        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[a] = length;
        var y = Tensor.CreateView(x.Buffer, ShapeCache.Intern(shape), x.Strides, x.Offset + (start * x.Strides[a]));
        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, SliceBackward);
            (node.A, node.I0, node.I1, node.I2) = (x, a, start, length);
        }

        return y;
    }

    private static void SliceBackward(in TapeNode node)
    {
        var (x, a, start, length) = (node.A!, node.I0, node.I1, node.I2);
        var tmp = TensorPool.Rent(x.Length, clear: true);
        var outer = ShapeUtil.Count(x.Shape.AsSpan(0, a));
        var inner = ShapeUtil.Count(x.Shape.AsSpan(a + 1));
        var g = node.Output.Grad!.Span;
        for (var o = 0; o < outer; o++)
        {
            g.Slice(o * length * inner, length * inner).CopyTo(tmp.AsSpan(((o * x.Shape[a]) + start) * inner));
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }
}
