namespace Quant.Orleans.Dashboard.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void EveryValueFallsInABucketWhoseBoundsContainItWithinOneEighth()
    {
        for (long v = 0; v < 5_000_000; v = (v * 11 / 10) + 1)
        {
            var bucket = LatencyHistogram.BucketOf(v);
            var upper = LatencyHistogram.UpperBoundOf(bucket);
            var lower = bucket == 0 ? 0 : LatencyHistogram.UpperBoundOf(bucket - 1) + 1;
            Assert.InRange(v, lower, upper);
            Assert.True(upper - lower <= Math.Max(1, v / 8) + 1, $"bucket of {v} is [{lower}, {upper}]");
        }
    }

    [Fact]
    public void QuantilesOfAKnownSampleAreWithinTheBucketWidth()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Record(i * 1000L); // 1 µs .. 1 ms
        }

        Assert.Equal(1000, histogram.Count);
        Assert.InRange(histogram.QuantileNanoseconds(0.5), 500_000, 500_000 * 9 / 8);
        Assert.InRange(histogram.QuantileNanoseconds(0.99), 990_000, 990_000 * 9 / 8);
        Assert.Equal(0, new LatencyHistogram().QuantileNanoseconds(0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.QuantileNanoseconds(1.5));
    }

    [Theory]
    [InlineData(0.0, 0L)]
    [InlineData(0.000_5, 500L)]
    [InlineData(1.25, 1_250_000L)]
    [InlineData(-3.0, 0L)]
    [InlineData(double.NaN, 0L)]
    public void MillisecondsAreRecordedAsWholeNanoseconds(double milliseconds, long nanoseconds)
    {
        var histogram = new LatencyHistogram();
        histogram.RecordMilliseconds(milliseconds);
        Assert.Equal(1, histogram.Count);
        Assert.Equal(LatencyHistogram.UpperBoundOf(LatencyHistogram.BucketOf(nanoseconds)), histogram.QuantileNanoseconds(1));
    }

    [Fact]
    public void HugeAndInfiniteMillisecondsFallInTheLastBucket()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordMilliseconds(double.PositiveInfinity);
        histogram.RecordMilliseconds(1e300);
        Assert.Equal(2, histogram.Count);
        Assert.Equal(LatencyHistogram.UpperBoundOf(LatencyHistogram.BucketCount - 1), histogram.QuantileNanoseconds(0));
    }
}
