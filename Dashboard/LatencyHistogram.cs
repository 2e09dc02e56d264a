using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// A lock-free latency histogram with log-linear buckets: 8 sub-buckets per power of two of nanoseconds, from 1 ns to
/// about 137 s (relative bucket width ≤ 12.5%). Recording is one <see cref="Interlocked.Increment(ref long)"/>;
/// percentiles are read from a snapshot and return the bucket's upper bound (a conservative estimate).
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 3;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Powers = 38;

    private readonly long[] _counts = new long[Powers * SubBuckets];

    /// <summary>Number of buckets.</summary>
    public static int BucketCount => Powers * SubBuckets;

    /// <summary>Records one observation of <paramref name="nanoseconds"/> (clamped to the histogram's range).</summary>
    public void Record(long nanoseconds) => Interlocked.Increment(ref _counts[BucketOf(nanoseconds)]);

    /// <summary>Records one observation of <paramref name="milliseconds"/> (the unit of Orleans's latency
    /// instruments), converted to whole nanoseconds (truncated); NaN and negative values are recorded as 0, values
    /// beyond the range fall in the last bucket.</summary>
    public void RecordMilliseconds(double milliseconds)
    {
        var nanoseconds = milliseconds * 1e6;
        Record(nanoseconds >= 1e18 ? 1_000_000_000_000_000_000L : nanoseconds > 0 ? (long)nanoseconds : 0);
    }

    /// <summary>Records one observation measured as a <see cref="Stopwatch"/> timestamp difference.</summary>
    public void RecordStopwatchTicks(long ticks) => Record(ticks * 1_000_000_000L / Stopwatch.Frequency);

    /// <summary>Total observations recorded.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            foreach (ref readonly var c in _counts.AsSpan())
            {
                total += Volatile.Read(ref Unsafe.AsRef(in c));
            }

            return total;
        }
    }

    /// <summary>The latency in nanoseconds below which a fraction <paramref name="quantile"/> of observations fall
    /// (upper bound of the bucket holding that rank); 0 when nothing was recorded.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside [0, 1].</exception>
    public long QuantileNanoseconds(double quantile)
    {
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "Quantile must be in [0, 1].");
        }

        var snapshot = new long[_counts.Length];
        CopyCountsTo(snapshot);
        return QuantileNanoseconds(snapshot, quantile);
    }

    /// <summary>Adds this histogram's bucket counts into <paramref name="counts"/> (length <see cref="BucketCount"/>),
    /// so several histograms can be merged and read with <see cref="QuantileNanoseconds(ReadOnlySpan{long}, double)"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="counts"/> does not have <see cref="BucketCount"/> elements.</exception>
    public void AddCountsTo(Span<long> counts)
    {
        if (counts.Length != _counts.Length)
        {
            throw new ArgumentException($"Expected {_counts.Length} buckets, got {counts.Length}.", nameof(counts));
        }

        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += Volatile.Read(ref _counts[i]);
        }
    }

    /// <summary>The quantile of bucket counts laid out as this histogram's (e.g. several merged with
    /// <see cref="AddCountsTo"/>): the upper bound, in nanoseconds, of the bucket holding rank ⌈q·n⌉; 0 when empty.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException"><paramref name="counts"/> does not have <see cref="BucketCount"/> elements.</exception>
    public static long QuantileNanoseconds(ReadOnlySpan<long> counts, double quantile)
    {
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "Quantile must be in [0, 1].");
        }

        if (counts.Length != BucketCount)
        {
            throw new ArgumentException($"Expected {BucketCount} buckets, got {counts.Length}.", nameof(counts));
        }

        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperBoundOf(i);
            }
        }

        return UpperBoundOf(counts.Length - 1);
    }

    private void CopyCountsTo(long[] snapshot)
    {
        for (var i = 0; i < snapshot.Length; i++)
        {
            snapshot[i] = Volatile.Read(ref _counts[i]);
        }
    }

    /// <summary>The bucket index of a value in nanoseconds.</summary>
    internal static int BucketOf(long nanoseconds)
    {
        if (nanoseconds < SubBuckets)
        {
            return (int)Math.Max(0, nanoseconds);
        }

        var power = 63 - BitOperations.LeadingZeroCount((ulong)nanoseconds);
        var sub = (int)((nanoseconds >> (power - SubBucketBits)) & (SubBuckets - 1));
        var index = ((power - SubBucketBits + 1) * SubBuckets) + sub;
        return Math.Min(index, (Powers * SubBuckets) - 1);
    }

    /// <summary>The largest value (ns) that falls in bucket <paramref name="index"/>.</summary>
    internal static long UpperBoundOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var power = (index / SubBuckets) + SubBucketBits - 1;
        var sub = index % SubBuckets;
        var lower = (1L << power) + ((long)sub << (power - SubBucketBits));
        return lower + (1L << (power - SubBucketBits)) - 1;
    }
}
