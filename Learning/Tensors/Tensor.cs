using System.Diagnostics.CodeAnalysis;
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
    private bool _ownsBuffer;
    private float[] _data;

    internal Tensor(float[] data, int[] shape, int[] strides, int offset, bool ownsBuffer = true)
    {
        _data = data;
        Init(data, shape, strides, offset, ownsBuffer);
    }

    /// <summary>(Re)initialises the tensor's fields (also used when a pooled tensor object is handed out again).</summary>
    [MemberNotNull(nameof(Shape), nameof(Strides))]
    internal void Init(float[] data, int[] shape, int[] strides, int offset, bool ownsBuffer)
    {
        _data = data;
        _ownsBuffer = ownsBuffer;
        Shape = shape;
        Strides = strides;
        Offset = offset;
        Length = ShapeUtil.Count(shape);
        IsContiguous = ComputeContiguous(shape, strides);
        IsReleased = false;
        RequiresGrad = false;
        Grad = null;
        Name = null;
    }

    /// <summary>The size of each axis.</summary>
    /// <remarks>The array may be shared with other tensors (shapes are interned); never modify it.</remarks>
    public int[] Shape { get; private set; }

    /// <summary>The step in elements between neighbours along each axis.</summary>
    /// <remarks>The array may be shared with other tensors; never modify it.</remarks>
    public int[] Strides { get; private set; }

    /// <summary>Index of the first element in the underlying buffer.</summary>
    public int Offset { get; private set; }

    /// <summary>The number of elements.</summary>
    public int Length { get; private set; }

    /// <summary>The number of axes.</summary>
    public int Rank => Shape.Length;

    /// <summary>Whether the elements lie in row-major order without gaps (then <see cref="Span"/> is valid).</summary>
    public bool IsContiguous { get; private set; }

    /// <summary>Whether the tensor has been released (<see cref="Dispose"/>, or recycled by the
    /// <see cref="GradientTape"/> that owned it); its elements can no longer be read or written.</summary>
    public bool IsReleased { get; private set; }

    /// <summary>Whether this object belongs to a <see cref="GradientTape"/>'s pool of tensor objects: a step output,
    /// or the gradient of one, recycled by <see cref="GradientTape.EndStep"/> or at the end of an inference scope.</summary>
    internal bool IsPooled { get; set; }

    /// <summary>Whether the tape records operations on this tensor and <see cref="Backward"/> fills <see cref="Grad"/>.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The accumulated gradient of the last <see cref="Backward"/> calls (same shape, contiguous), or null.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Optional name (parameter path in a module, key in a safetensors file).</summary>
    public string? Name { get; set; }

    /// <summary>The underlying buffer (shared with views).</summary>
    internal float[] Buffer
    {
        get
        {
            if (IsReleased)
            {
                ThrowReleased();
            }

            return _data;
        }
    }

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

            return Buffer.AsSpan(Offset, Length);
        }
    }

    /// <summary>The size of axis <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => Shape[ShapeUtil.NormalizeAxis(axis, Rank)];

    /// <summary>A new contiguous tensor of zeros, buffer from <see cref="TensorPool"/>.</summary>
    public static Tensor Zeros(params ReadOnlySpan<int> shape) => FromPool(shape, clear: true);

    /// <summary>A new tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params ReadOnlySpan<int> shape)
    {
        var t = FromPool(shape, clear: false);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A new tensor of ones.</summary>
    public static Tensor Ones(params ReadOnlySpan<int> shape) => Full(1f, shape);

    /// <summary>A tensor over a copy of <paramref name="values"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> values, params ReadOnlySpan<int> shape)
    {
        var n = ShapeUtil.Count(shape);
        if (values.Length != n)
        {
            throw new ArgumentException($"{values.Length} values cannot fill shape {ShapeUtil.Format(shape)} ({n} elements).", nameof(values));
        }

        var t = FromPool(shape, clear: false);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>A scalar tensor of shape ().</summary>
    public static Tensor Scalar(float value) => FromArray([value]);

    /// <summary>A tensor not owned by any tape (the caller or the GC owns it), buffer from the pool.</summary>
    internal static Tensor FromPool(ReadOnlySpan<int> shape, bool clear)
    {
        var interned = ShapeCache.Intern(shape);
        return new Tensor(TensorPool.Rent(ShapeUtil.Count(interned), clear), interned, ShapeCache.RowMajorStrides(interned), 0);
    }

    /// <summary>An output tensor for an operation: pooled buffer; while gradients are enabled (or inside an inference
    /// scope) the object comes from and goes back to the thread's <see cref="GradientTape"/>, which recycles it at
    /// <see cref="GradientTape.EndStep"/> (or the end of the scope).</summary>
    internal static Tensor CreateOutput(ReadOnlySpan<int> shape, bool clear = false)
    {
        var interned = ShapeCache.Intern(shape);
        return GradientTape.Current.NewOutput(TensorPool.Rent(ShapeUtil.Count(interned), clear), interned, ShapeCache.RowMajorStrides(interned), 0, ownsBuffer: true);
    }

    /// <summary>An operation output (as <see cref="CreateOutput"/>) of the same shape as <paramref name="like"/>;
    /// the shape and stride arrays of a contiguous <paramref name="like"/> are shared.</summary>
    internal static Tensor CreateOutputLike(Tensor like, bool clear = false)
    {
        var strides = like.IsContiguous ? like.Strides : ShapeCache.RowMajorStrides(like.Shape);
        return GradientTape.Current.NewOutput(TensorPool.Rent(like.Length, clear), like.Shape, strides, 0, ownsBuffer: true);
    }

    /// <summary>A view of another tensor's buffer created by an operation (owned by the tape as outputs are).</summary>
    internal static Tensor CreateView(float[] buffer, int[] shape, int[] strides, int offset) =>
        GradientTape.Current.NewOutput(buffer, shape, strides, offset, ownsBuffer: false);

    /// <summary>The element at a flat row-major index (honours strides).</summary>
    public float this[int flatIndex]
    {
        get => Buffer[PhysicalIndex(flatIndex)];
        set => Buffer[PhysicalIndex(flatIndex)] = value;
    }

    /// <summary>The value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float ToScalar()
    {
        if (Length != 1)
        {
            throw new InvalidOperationException($"ToScalar() needs one element; shape is {ShapeUtil.Format(Shape)}.");
        }

        return Buffer[Offset];
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
            Buffer.AsSpan(Offset, Length).CopyTo(destination);
            return;
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination of {destination.Length} elements is shorter than the tensor ({Length}).", nameof(destination));
        }

        StridedCopy(Buffer, Offset, Shape, Strides, destination);
    }

    /// <summary>Copies the elements of a strided view (buffer, offset, shape, strides) in row-major order into
    /// <paramref name="destination"/>: row by row over the last axis, a span copy when it is unit-strided, a strided
    /// gather otherwise; an odometer over the outer axes moves the source index without divisions.</summary>
    internal static void StridedCopy(float[] buffer, int offset, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, Span<float> destination)
    {
        var length = ShapeUtil.Count(shape);
        if (length == 0)
        {
            return;
        }

        var rank = shape.Length;
        if (rank == 0)
        {
            destination[0] = buffer[offset];
            return;
        }

        var inner = shape[rank - 1];
        var innerStride = strides[rank - 1];
        var rows = length / inner;
        Span<int> counter = stackalloc int[rank];
        var src = offset;
        var dst = 0;
        for (var r = 0; r < rows; r++)
        {
            if (innerStride == 1)
            {
                buffer.AsSpan(src, inner).CopyTo(destination.Slice(dst, inner));
            }
            else
            {
                for (var j = 0; j < inner; j++)
                {
                    destination[dst + j] = buffer[src + (j * innerStride)];
                }
            }

            dst += inner;
            for (var d = rank - 2; d >= 0; d--)
            {
                counter[d]++;
                src += strides[d];
                if (counter[d] < shape[d])
                {
                    break;
                }

                src -= strides[d] * shape[d];
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
            values.CopyTo(Buffer.AsSpan(Offset, Length));
            return;
        }

        for (var i = 0; i < Length; i++)
        {
            Buffer[PhysicalIndex(i)] = values[i];
        }
    }

    /// <summary>This tensor if contiguous, else a contiguous copy (recorded for autograd).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Ops.Copy(this);

    /// <summary>A view with a new shape and the same elements; copies only if the tensor is not contiguous. One
    /// dimension may be -1 (inferred).</summary>
    /// <exception cref="ArgumentException">The element count does not match.</exception>
    public Tensor Reshape(params ReadOnlySpan<int> shape) => Ops.Reshape(this, shape);

    /// <summary>A view with axes <paramref name="axis0"/> and <paramref name="axis1"/> swapped (no copy).</summary>
    public Tensor Transpose(int axis0, int axis1) => Ops.Transpose(this, axis0, axis1);

    /// <summary>A view of <paramref name="length"/> elements along <paramref name="axis"/> from <paramref name="start"/> (no copy).</summary>
    public Tensor Slice(int axis, int start, int length) => Ops.Slice(this, axis, start, length);

    /// <summary>A tensor sharing this buffer, cut from the graph (no gradient flows through it). Created inside a
    /// training step or an inference scope, it is recycled with the step's other outputs.</summary>
    public Tensor Detach() => CreateView(Buffer, Shape, Strides, Offset);

    /// <summary>Runs reverse-mode differentiation from this scalar: gradients accumulate into <see cref="Grad"/> of
    /// every tensor with <see cref="RequiresGrad"/> that it depends on.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public void Backward() => GradientTape.Current.Backward(this);

    /// <summary>Sets <see cref="Grad"/> to zero (keeps its buffer).</summary>
    public void ZeroGrad() => Grad?.Span.Clear();

    /// <summary>Returns the buffer (unless this is a view of another tensor's buffer) and the gradient to
    /// <see cref="TensorPool"/>; the tensor (and its views) must not be used afterwards (reading or writing its
    /// elements throws <see cref="ObjectDisposedException"/>). Disposing twice does nothing.</summary>
    public void Dispose() => Release();

    /// <summary>Returns the buffer and the gradient's buffer to the pool and marks the tensor released; a pooled
    /// gradient object goes back to <paramref name="objects"/> when given.</summary>
    internal void Release(Stack<Tensor>? objects = null)
    {
        if (IsReleased)
        {
            return;
        }

        if (_data.Length > 0 && _ownsBuffer)
        {
            TensorPool.Return(_data);
        }

        _data = [];
        IsReleased = true;
        RequiresGrad = false;
        Name = null;
        if (Grad is { } g && !ReferenceEquals(g, this))
        {
            g.Release();
            if (objects is not null && g.IsPooled)
            {
                objects.Push(g);
            }
        }

        Grad = null;
    }

    /// <summary>Accumulates <paramref name="g"/> (same shape, contiguous) into <see cref="Grad"/>.</summary>
    internal void AccumulateGrad(ReadOnlySpan<float> g)
    {
        if (Grad is null)
        {
            Grad = NewGrad(clear: false);
            g.CopyTo(Grad.Span);
            return;
        }

        System.Numerics.Tensors.TensorPrimitives.Add(Grad.Span, g, Grad.Span);
    }

    /// <summary>The gradient tensor, created as zeros when absent (for operations that accumulate in place).</summary>
    internal Tensor EnsureGrad() => Grad ??= NewGrad(clear: true);

    /// <summary>A contiguous tensor of this shape for <see cref="Grad"/>: a pooled object (recycled with this tensor)
    /// when this tensor is itself a pooled step output, a plain object otherwise (parameters keep theirs).</summary>
    private Tensor NewGrad(bool clear)
    {
        var strides = IsContiguous ? Strides : ShapeCache.RowMajorStrides(Shape);
        var data = TensorPool.Rent(Length, clear);
        return IsPooled ? GradientTape.Current.NewPooledObject(data, Shape, strides) : new Tensor(data, Shape, strides, 0);
    }

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
    public override string ToString() => $"Tensor{ShapeUtil.Format(Shape)}{(RequiresGrad ? " requires_grad" : string.Empty)}{(IsReleased ? " released" : string.Empty)}";

    [DoesNotReturn]
    private void ThrowReleased() =>
        throw new ObjectDisposedException(nameof(Tensor), $"Tensor of shape {ShapeUtil.Format(Shape)} was released (disposed, or recycled by GradientTape.EndStep or the end of an inference scope); copy results out before the step or scope ends.");

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
