using System.Runtime.InteropServices;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>
/// Interned shape and stride arrays: one shared, never-modified <c>int[]</c> per distinct content, so that an
/// operation creating a tensor of a shape seen before allocates no shape or stride array (a training step of the
/// same model creates the same few dozen shapes every time). Thread-safe (one lock). The table holds at most
/// <see cref="Capacity"/> entries; past that, new contents get fresh arrays (correct, but allocating).
/// </summary>
internal static class ShapeCache
{
    /// <summary>The most distinct arrays kept.</summary>
    internal const int Capacity = 4096;

    private static readonly Dictionary<int[], Entry> Table = new(ContentComparer.Instance);
    private static readonly Dictionary<int[], Entry>.AlternateLookup<ReadOnlySpan<int>> Lookup = Table.GetAlternateLookup<ReadOnlySpan<int>>();
    private static readonly Lock TableLock = new();

    /// <summary>The shared array with these contents (callers must never modify it).</summary>
    public static int[] Intern(ReadOnlySpan<int> values) => GetEntry(values).Array;

    /// <summary>The shared row-major strides of a shape (an array from <see cref="Intern"/> or any array with the
    /// same contents).</summary>
    public static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        var entry = GetEntry(shape);
        if (entry.RowMajor is { } strides)
        {
            return strides;
        }

        Span<int> s = stackalloc int[shape.Length];
        var step = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = step;
            step *= shape[i];
        }

        strides = Intern(s);
        entry.RowMajor = strides;
        return strides;
    }

    private static Entry GetEntry(ReadOnlySpan<int> values)
    {
        lock (TableLock)
        {
            if (Lookup.TryGetValue(values, out var entry))
            {
                return entry;
            }

            entry = new Entry(values.ToArray());
            if (Table.Count < Capacity)
            {
                Table[entry.Array] = entry;
            }

            return entry;
        }
    }

    private sealed class Entry(int[] array)
    {
        public int[] Array { get; } = array;

        public int[]? RowMajor { get; set; }
    }

    private sealed class ContentComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
    {
        public static readonly ContentComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(int[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

        public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<int> values)
        {
            var h = new HashCode();
            h.AddBytes(MemoryMarshal.AsBytes(values));
            h.Add(values.Length);
            return h.ToHashCode();
        }
    }
}
