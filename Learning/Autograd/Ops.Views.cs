using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

/// <summary>Differentiable tensor operations. Every output is a new contiguous tensor unless the operation is a
/// view (<see cref="Reshape"/>, <see cref="Transpose"/>, <see cref="Slice"/>).</summary>
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
            GradientTape.Current.Record(y, () => x.AccumulateGrad(y.Grad!.Span));
        }

        return y;
    }

    /// <summary>A tensor with the same elements in row-major order and a new shape (one axis may be -1). A view
    /// when <paramref name="x"/> is contiguous, else a copy.</summary>
    /// <exception cref="ArgumentException">The element count does not match.</exception>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        var newShape = (int[])shape.Clone();
        var infer = Array.IndexOf(newShape, -1);
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
        var y = new Tensor(src.Buffer, newShape, ShapeUtil.RowMajorStrides(newShape), src.Offset, ownsBuffer: false);
        GradientTape.Current.Own(y);
        if (GradientTape.ShouldRecord(src))
        {
            GradientTape.Current.Record(y, () => src.AccumulateGrad(y.Grad!.Span));
        }

        return y;
    }

    /// <summary>A view with axes <paramref name="axis0"/> and <paramref name="axis1"/> swapped (no copy).</summary>
    public static Tensor Transpose(Tensor x, int axis0, int axis1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a0 = ShapeUtil.NormalizeAxis(axis0, x.Rank);
        var a1 = ShapeUtil.NormalizeAxis(axis1, x.Rank);
        var shape = (int[])x.Shape.Clone();
        var strides = (int[])x.Strides.Clone();
        (shape[a0], shape[a1]) = (shape[a1], shape[a0]);
        (strides[a0], strides[a1]) = (strides[a1], strides[a0]);
        var y = new Tensor(x.Buffer, shape, strides, x.Offset, ownsBuffer: false);
        GradientTape.Current.Own(y);
        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, () =>
            {
                // The gradient of y is contiguous in y's shape; view it with the axes swapped back and copy.
                var g = y.Grad!;
                var back = new Tensor(g.Buffer, shape, ShapeUtil.RowMajorStrides(shape), g.Offset, ownsBuffer: false);
                var gs = (int[])back.Strides.Clone();
                (gs[a0], gs[a1]) = (gs[a1], gs[a0]);
                var view = new Tensor(g.Buffer, (int[])x.Shape.Clone(), gs, g.Offset, ownsBuffer: false);
                var tmp = TensorPool.Rent(x.Length, clear: false);
                view.CopyTo(tmp);
                x.AccumulateGrad(tmp.AsSpan(0, x.Length));
                TensorPool.Return(tmp);
            });
        }

        return y;
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

        var shape = (int[])x.Shape.Clone();
        shape[a] = length;
        var y = new Tensor(x.Buffer, shape, (int[])x.Strides.Clone(), x.Offset + (start * x.Strides[a]), ownsBuffer: false);
        GradientTape.Current.Own(y);
        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, () =>
            {
                var tmp = TensorPool.Rent(x.Length, clear: true);
                var outer = ShapeUtil.Count(x.Shape.AsSpan(0, a));
                var inner = ShapeUtil.Count(x.Shape.AsSpan(a + 1));
                var g = y.Grad!.Span;
                for (var o = 0; o < outer; o++)
                {
                    g.Slice(o * length * inner, length * inner).CopyTo(tmp.AsSpan(((o * x.Shape[a]) + start) * inner));
                }

                x.AccumulateGrad(tmp.AsSpan(0, x.Length));
                TensorPool.Return(tmp);
            });
        }

        return y;
    }
}
