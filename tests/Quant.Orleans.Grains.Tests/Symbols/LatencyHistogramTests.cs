using Quant.Orleans.Core;
using Quant.Orleans.Grains.Symbols;

namespace Quant.Orleans.Grains.Tests.Symbols;

/// <summary>The in-grain latency histogram against exact order statistics of the same durations.</summary>
public sealed class LatencyHistogramTests
{
    /// <summary>The lower empirical quantile (Hyndman and Fan definition 1): the ⌈q·n⌉-th smallest value.</summary>
    private static long Exact(long[] sorted, double q) => sorted[Math.Max(1, (int)Math.Ceiling(q * sorted.Length)) - 1];

    [Theory]
    [InlineData(1UL, 1_000)]
    [InlineData(2UL, 37)]
    [InlineData(3UL, 20_000)]
    public void EveryQuantileLiesAtOrAboveTheExactOrderStatisticAndWithinOneEighthAboveIt(ulong seed, int count)
    {
        var random = new DeterministicRandom(seed);
        var values = new long[count];
        var histogram = new LatencyHistogram();
        for (var i = 0; i < count; i++)
        {
            // Log-uniform over 8 ns .. ~1 s, plus a heavy tail every 50th value: the shape of call latencies.
            values[i] = (long)Math.Exp((random.NextDouble() * 18.4) + 2.08) * (i % 50 == 0 ? 10 : 1);
            histogram.RecordNanoseconds(values[i]);
        }

        Array.Sort(values);
        Assert.Equal(count, histogram.Count);
        foreach (var q in new[] { 0.01, 0.5, 0.9, 0.99, 0.999, 1.0 })
        {
            var exactMicros = Exact(values, q) / 1e3;
            var reported = histogram.QuantileMicroseconds(q);
            Assert.True(reported > exactMicros, $"q {q}: {reported} µs reported, exact {exactMicros} µs");
            Assert.True(reported <= exactMicros * (1 + (1.0 / LatencyHistogram.SubBuckets)) + 1e-12, $"q {q}: {reported} µs reported, exact {exactMicros} µs");
        }
    }

    [Fact]
    public void SmallDurationsAreExactToOneNanosecondAndAnEmptyHistogramHasNoQuantile()
    {
        var histogram = new LatencyHistogram();
        Assert.True(double.IsNaN(histogram.QuantileMicroseconds(0.5)));
        foreach (var ns in new long[] { 0, 3, 3, 7, -5 })
        {
            histogram.RecordNanoseconds(ns);
        }

        Assert.Equal(0.001, histogram.QuantileMicroseconds(0.2), 12); // 0 ns and −5 ns (counted as 0): bucket [0, 1)
        Assert.Equal(0.004, histogram.QuantileMicroseconds(0.8), 12); // the 4th smallest is 3 ns: bucket [3, 4)
        Assert.Equal(0.008, histogram.QuantileMicroseconds(1.0), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.QuantileMicroseconds(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.QuantileMicroseconds(1.5));
    }

    [Fact]
    public void BucketsTileTheLineWithoutGapsOrOverlaps()
    {
        // Consecutive durations fall in the same or the next bucket, and each bucket's upper edge is the first duration
        // of the next one (checked over 0 .. 2^20 ns and around 2^40 ns).
        foreach (var start in new long[] { 0, (1L << 40) - 5000 })
        {
            var previous = LatencyHistogram.BucketOf(start);
            for (var v = start + 1; v < start + (start == 0 ? 1 << 20 : 10_000); v++)
            {
                var bucket = LatencyHistogram.BucketOf(v);
                Assert.InRange(bucket, previous, previous + 1);
                if (bucket == previous + 1)
                {
                    Assert.Equal(v, LatencyHistogram.UpperEdgeNanos(previous));
                }

                previous = bucket;
            }
        }
    }
}
