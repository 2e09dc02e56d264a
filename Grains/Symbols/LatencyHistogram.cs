using System.Diagnostics;
using System.Numerics;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// A fixed-size histogram of durations on a logarithmic grid — each power of two of nanoseconds split into
/// <see cref="SubBuckets"/> equal sub-buckets, the layout of HdrHistogram (Tene) with 3 bits of sub-bucket precision —
/// so that recording allocates nothing and costs a few integer operations. A quantile is reported as the upper edge of
/// the bucket that holds it: never below the exact order statistic and at most 1/<see cref="SubBuckets"/> (12.5 %)
/// above it (durations under 8 ns are exact to 1 ns). Durations come as <see cref="Stopwatch"/> ticks. Not
/// thread-safe (one grain activation owns one).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Sub-buckets per power of two.</summary>
    public const int SubBuckets = 8;

    private const int SubBits = 3;
    private readonly long[] _counts = new long[64 * SubBuckets];
    private readonly double _nanosPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>Durations recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of the recorded durations, <see cref="Stopwatch"/> ticks.</summary>
    public long TotalTicks { get; private set; }

    /// <summary>Records one duration.</summary>
    /// <param name="elapsedTicks">The duration in <see cref="Stopwatch"/> ticks (e.g. the difference of two
    /// <see cref="Stopwatch.GetTimestamp"/>); negative values count as 0.</param>
    public void Record(long elapsedTicks)
    {
        var ticks = Math.Max(0, elapsedTicks);
        Count++;
        TotalTicks += ticks;
        _counts[BucketOf((long)(ticks * _nanosPerTick))]++;
    }

    /// <summary>Records one duration in nanoseconds (what <see cref="Record"/> does after converting ticks).</summary>
    /// <param name="nanoseconds">The duration, ns; negative values count as 0.</param>
    public void RecordNanoseconds(long nanoseconds)
    {
        Count++;
        TotalTicks += (long)(Math.Max(0, nanoseconds) / _nanosPerTick);
        _counts[BucketOf(Math.Max(0, nanoseconds))]++;
    }

    /// <summary>The <paramref name="quantile"/>-quantile in microseconds: the upper edge of the bucket holding the
    /// ⌈q·n⌉-th smallest duration (the lower empirical quantile, "inverted CDF", Hyndman and Fan (1996) definition 1);
    /// NaN when nothing was recorded.</summary>
    /// <param name="quantile">q in (0, 1].</param>
    /// <returns>Microseconds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is not in (0, 1].</exception>
    public double QuantileMicroseconds(double quantile)
    {
        if (!(quantile > 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The quantile must lie in (0, 1].");
        }

        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1L, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var b = 0; b < _counts.Length; b++)
        {
            seen += _counts[b];
            if (seen >= rank)
            {
                return UpperEdgeNanos(b) / 1e3;
            }
        }

        return UpperEdgeNanos(_counts.Length - 1) / 1e3;
    }

    /// <summary>The bucket of a duration: values below 8 ns get their own bucket; above, the exponent e = ⌊log2 v⌋ and
    /// the next 3 bits select one of 8 sub-buckets.</summary>
    /// <param name="nanoseconds">The duration, ns, ≥ 0.</param>
    /// <returns>The bucket index.</returns>
    public static int BucketOf(long nanoseconds)
    {
        if (nanoseconds < SubBuckets)
        {
            return (int)nanoseconds;
        }

        var exponent = BitOperations.Log2((ulong)nanoseconds);
        var sub = (int)((nanoseconds >> (exponent - SubBits)) & (SubBuckets - 1));
        return ((exponent - SubBits + 1) * SubBuckets) + sub;
    }

    /// <summary>The largest duration of bucket <paramref name="bucket"/> plus one nanosecond, ns (exclusive upper edge).</summary>
    /// <param name="bucket">The bucket index.</param>
    /// <returns>Nanoseconds.</returns>
    public static double UpperEdgeNanos(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket + 1;
        }

        var exponent = (bucket / SubBuckets) + SubBits - 1;
        var sub = bucket % SubBuckets;
        var width = Math.Pow(2, exponent - SubBits);
        return Math.Pow(2, exponent) + ((sub + 1) * width);
    }
}
