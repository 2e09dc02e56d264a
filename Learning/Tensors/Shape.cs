namespace Quant.Orleans.Learning.Tensors;

/// <summary>Shape arithmetic: element counts, row-major strides and NumPy broadcasting rules.</summary>
public static class ShapeUtil
{
    /// <summary>The number of elements of a tensor of this shape (1 for a scalar of shape ()).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public static int Count(ReadOnlySpan<int> shape)
    {
        var n = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            n = checked(n * d);
        }

        return n;
    }

    /// <summary>Row-major (C order) strides in elements: the last axis has stride 1.</summary>
    public static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }

    /// <summary>The broadcast shape of two shapes under NumPy rules (align trailing axes; a 1 stretches).</summary>
    /// <exception cref="ArgumentException">The shapes are not broadcast-compatible.</exception>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var result = new int[Math.Max(a.Length, b.Length)];
        Broadcast(a, b, result);
        return result;
    }

    /// <summary>Writes the broadcast shape of two shapes (NumPy rules) into <paramref name="result"/>, whose length
    /// must be the larger rank.</summary>
    /// <exception cref="ArgumentException">The shapes are not broadcast-compatible.</exception>
    public static void Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> result)
    {
        var n = result.Length;
        for (var i = 0; i < n; i++)
        {
            var da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            var db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"Shapes ({string.Join(", ", a.ToArray())}) and ({string.Join(", ", b.ToArray())}) cannot be broadcast: axis {i} has {da} and {db}.");
            }

            result[i] = da == 1 ? db : da;
        }
    }

    /// <summary>Whether two shapes are equal.</summary>
    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Normalises a possibly negative axis (-1 is the last) for a tensor of rank <paramref name="rank"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [-rank, rank).</exception>
    public static int NormalizeAxis(int axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis must lie in [-{rank}, {rank}).");
        }

        return a;
    }

    /// <summary>Formats a shape as "(2, 3)".</summary>
    public static string Format(ReadOnlySpan<int> shape) => "(" + string.Join(", ", shape.ToArray()) + ")";
}
