using System.Runtime.CompilerServices;
using Quant.Orleans.Learning.Autograd;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>
/// A float32 tensor: a buffer, a shape, row-major strides and an offset. Views (<see cref="Reshape"/>,
/// <see cref="Transpose"/>, <see cref="Slice"/>) share the buffer; operations (<see cref="Ops"/>) write contiguous
/// outputs. A tensor with <see cref="RequiresGrad"/> receives its gradient in <see cref="Grad"/> after
/// <see cref="Backward"/> (reverse-mode autograd on the thread's <see cref="GradientTape"/>).
/// </summary>
public sealed class Tensor : IDisposable
{
    private readonly bool _ownsBuffer;
    private float[] _data;

    internal Tensor(float[] data, int[] shape, int[] strides, int offset, bool ownsBuffer = true)
    {
        _data = data;
        _ownsBuffer = ownsBuffer;
        Shape = shape;
        Strides = strides;
        Offset = offset;
        Length = ShapeUtil.Count(shape);
        IsContiguous = ComputeContiguous(shape, strides);
    }

    /// <summary>A contiguous tensor over a pooled buffer with the shape of <paramref name="like"/>; the shape and
    /// stride arrays of a contiguous <paramref name="like"/> are shared (they are never modified), so no arrays are
    /// allocated for them.</summary>
    private Tensor(Tensor like, bool clear)
    {
        Length = like.Length;
        _data = TensorPool.Rent(Length, clear);
        _ownsBuffer = true;
        Shape = like.IsContiguous ? like.Shape : (int[])like.Shape.Clone();
        Strides = like.IsContiguous ? like.Strides : ShapeUtil.RowMajorStrides(Shape);
        IsContiguous = true;
    }

    /// <summary>The size of each axis.</summary>
    public int[] Shape { get; }

    /// <summary>The step in elements between neighbours along each axis.</summary>
    public int[] Strides { get; }

    /// <summary>Index of the first element in the underlying buffer.</summary>
    public int Offset { get; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The number of axes.</summary>
    public int Rank => Shape.Length;

    /// <summary>Whether the elements lie in row-major order without gaps (then <see cref="Span"/> is valid).</summary>
    public bool IsContiguous { get; }

    /// <summary>Whether the tape records operations on this tensor and <see cref="Backward"/> fills <see cref="Grad"/>.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The accumulated gradient of the last <see cref="Backward"/> calls (same shape, contiguous), or null.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Optional name (parameter path in a module, key in a safetensors file).</summary>
    public string? Name { get; set; }

    /// <summary>The underlying buffer (shared with views).</summary>
    internal float[] Buffer => _data;

    /// <summary>The elements of a contiguous tensor in row-major order.</summary>
    /// <exception cref="InvalidOperationException">The tensor is a non-contiguous view (call <see cref="Contiguous"/>).</exception>
    public Span<float> Span
    {
        get
        {
            if (!IsContiguous)
            {
                throw new InvalidOperationException($"Tensor of shape {ShapeUtil.Format(Shape)} is a non-contiguous view; call Contiguous() first.");
            }

            return _data.AsSpan(Offset, Length);
        }
    }

    /// <summary>The size of axis <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => Shape[ShapeUtil.NormalizeAxis(axis, Rank)];

    /// <summary>A new contiguous tensor of zeros, buffer from <see cref="TensorPool"/>.</summary>
    public static Tensor Zeros(params int[] shape) => FromPool((int[])shape.Clone(), clear: true);

    /// <summary>A new tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = FromPool((int[])shape.Clone(), clear: false);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A new tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor over a copy of <paramref name="values"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        var n = ShapeUtil.Count(shape);
        if (values.Length != n)
        {
            throw new ArgumentException($"{values.Length} values cannot fill shape {ShapeUtil.Format(shape)} ({n} elements).", nameof(values));
        }

        var t = FromPool((int[])shape.Clone(), clear: false);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>A scalar tensor of shape ().</summary>
    public static Tensor Scalar(float value) => FromArray([value]);

    internal static Tensor FromPool(int[] shape, bool clear)
    {
        var n = ShapeUtil.Count(shape);
        return new Tensor(TensorPool.Rent(n, clear), shape, ShapeUtil.RowMajorStrides(shape), 0);
    }

    /// <summary>An output tensor for an operation: pooled and, while gradients are enabled, owned by the tape so
    /// that <see cref="GradientTape.EndStep"/> returns its buffer.</summary>
    internal static Tensor CreateOutput(int[] shape, bool clear = false)
    {
        var t = FromPool(shape, clear);
        GradientTape.Current.Own(t);
        return t;
    }

    /// <summary>An operation output (as <see cref="CreateOutput"/>) of the same shape as <paramref name="like"/>.</summary>
    internal static Tensor CreateOutputLike(Tensor like, bool clear = false)
    {
        var t = new Tensor(like, clear);
        GradientTape.Current.Own(t);
        return t;
    }

    /// <summary>The element at a flat row-major index (honours strides).</summary>
    public float this[int flatIndex]
    {
        get => _data[PhysicalIndex(flatIndex)];
        set => _data[PhysicalIndex(flatIndex)] = value;
    }

    /// <summary>The value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float ToScalar()
    {
        if (Length != 1)
        {
            throw new InvalidOperationException($"ToScalar() needs one element; shape is {ShapeUtil.Format(Shape)}.");
        }

        return _data[Offset];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray()
    {
        var result = new float[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Copies the elements in row-major order into <paramref name="destination"/> (honours strides).</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Length"/>.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (IsContiguous)
        {
            _data.AsSpan(Offset, Length).CopyTo(destination);
            return;
        }

        if (Length == 0)
        {
            return;
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination of {destination.Length} elements is shorter than the tensor ({Length}).", nameof(destination));
        }

        // Row by row over the last axis: a span copy when it is unit-strided, a strided gather otherwise; an odometer
        // over the outer axes moves the source index without divisions.
        var rank = Rank;
        var inner = Shape[rank - 1];
        var innerStride = Strides[rank - 1];
        var rows = Length / inner;
        Span<int> counter = stackalloc int[rank];
        var src = Offset;
        var dst = 0;
        for (var r = 0; r < rows; r++)
        {
            if (innerStride == 1)
            {
                _data.AsSpan(src, inner).CopyTo(destination.Slice(dst, inner));
            }
            else
            {
                for (var j = 0; j < inner; j++)
                {
                    destination[dst + j] = _data[src + (j * innerStride)];
                }
            }

            dst += inner;
            for (var d = rank - 2; d >= 0; d--)
            {
                counter[d]++;
                src += Strides[d];
                if (counter[d] < Shape[d])
                {
                    break;
                }

                src -= Strides[d] * Shape[d];
                counter[d] = 0;
            }
        }
    }

    /// <summary>Overwrites the elements (no gradient recorded), e.g. to load weights.</summary>
    /// <exception cref="ArgumentException">The number of values differs from <see cref="Length"/>.</exception>
    public void CopyFrom(ReadOnlySpan<float> values)
    {
        if (values.Length != Length)
        {
            throw new ArgumentException($"{values.Length} values for a tensor of {Length} elements.", nameof(values));
        }

        if (IsContiguous)
        {
            values.CopyTo(_data.AsSpan(Offset, Length));
            return;
        }

        for (var i = 0; i < Length; i++)
        {
            _data[PhysicalIndex(i)] = values[i];
        }
    }

    /// <summary>This tensor if contiguous, else a contiguous copy (recorded for autograd).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Ops.Copy(this);

    /// <summary>A view with a new shape and the same elements; copies only if the tensor is not contiguous. One
    /// dimension may be -1 (inferred).</summary>
    /// <exception cref="ArgumentException">The element count does not match.</exception>
    public Tensor Reshape(params int[] shape) => Ops.Reshape(this, shape);

    /// <summary>A view with axes <paramref name="axis0"/> and <paramref name="axis1"/> swapped (no copy).</summary>
    public Tensor Transpose(int axis0, int axis1) => Ops.Transpose(this, axis0, axis1);

    /// <summary>A view of <paramref name="length"/> elements along <paramref name="axis"/> from <paramref name="start"/> (no copy).</summary>
    public Tensor Slice(int axis, int start, int length) => Ops.Slice(this, axis, start, length);

    /// <summary>A tensor sharing this buffer, cut from the graph (no gradient flows through it).</summary>
    public Tensor Detach() => new(_data, Shape, Strides, Offset, ownsBuffer: false);

    /// <summary>Runs reverse-mode differentiation from this scalar: gradients accumulate into <see cref="Grad"/> of
    /// every tensor with <see cref="RequiresGrad"/> that it depends on.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public void Backward() => GradientTape.Current.Backward(this);

    /// <summary>Sets <see cref="Grad"/> to zero (keeps its buffer).</summary>
    public void ZeroGrad() => Grad?.Span.Clear();

    /// <summary>Returns the buffer (unless this is a view of another tensor's buffer) and the gradient to
    /// <see cref="TensorPool"/>; the tensor (and its views) must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_data.Length > 0 && _ownsBuffer)
        {
            TensorPool.Return(_data);
        }

        _data = [];

        if (Grad is { } g && !ReferenceEquals(g, this))
        {
            g.Dispose();
            Grad = null;
        }
    }

    /// <summary>Accumulates <paramref name="g"/> (same shape, contiguous) into <see cref="Grad"/>.</summary>
    internal void AccumulateGrad(ReadOnlySpan<float> g)
    {
        if (Grad is null)
        {
            Grad = new Tensor(this, clear: false);
            g.CopyTo(Grad.Span);
            return;
        }

        System.Numerics.Tensors.TensorPrimitives.Add(Grad.Span, g, Grad.Span);
    }

    /// <summary>The gradient tensor, created as zeros when absent (for operations that accumulate in place).</summary>
    internal Tensor EnsureGrad() => Grad ??= new Tensor(this, clear: true);

    /// <summary>The buffer index of a flat row-major element index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int PhysicalIndex(int flatIndex)
    {
        if (IsContiguous)
        {
            return Offset + flatIndex;
        }

        var idx = Offset;
        for (var a = Rank - 1; a >= 0; a--)
        {
            var d = Shape[a];
            idx += flatIndex % d * Strides[a];
            flatIndex /= d;
        }

        return idx;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeUtil.Format(Shape)}{(RequiresGrad ? " requires_grad" : string.Empty)}";

    private static bool ComputeContiguous(int[] shape, int[] strides)
    {
        var expected = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] != 1 && strides[i] != expected)
            {
                return false;
            }

            expected *= shape[i];
        }

        return true;
    }
}
