using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>Horizontal reductions of a <see cref="Vector512{T}"/> in a tree of four halvings (eight instructions),
/// where <see cref="Vector512.Sum{T}(Vector512{T})"/> compiles to about 25 mostly sequential ones. The order of the
/// additions differs from a left-to-right sum (float rounding).</summary>
internal static class Lanes
{
    /// <summary>Sum of the 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v)
    {
        var h = v.GetLower() + v.GetUpper();
        var q = h.GetLower() + h.GetUpper();
        q += Vector128.Shuffle(q, Vector128.Create(2, 3, 0, 1));
        q += Vector128.Shuffle(q, Vector128.Create(1, 0, 3, 2));
        return q.ToScalar();
    }

    /// <summary>Maximum of the 16 lanes (NaN handling as <see cref="Vector128.Max{T}(Vector128{T}, Vector128{T})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(Vector512<float> v)
    {
        var h = Vector256.Max(v.GetLower(), v.GetUpper());
        var q = Vector128.Max(h.GetLower(), h.GetUpper());
        q = Vector128.Max(q, Vector128.Shuffle(q, Vector128.Create(2, 3, 0, 1)));
        q = Vector128.Max(q, Vector128.Shuffle(q, Vector128.Create(1, 0, 3, 2)));
        return q.ToScalar();
    }
}
