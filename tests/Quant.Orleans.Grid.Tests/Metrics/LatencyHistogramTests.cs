using Quant.Orleans.Grid.Metrics;
using Quant.Orleans.Grid.Tests.Grains;

namespace Quant.Orleans.Grid.Tests.Metrics;

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

    [Fact]
    public async Task GrainCallsAreCountedPerMethodWithErrors()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.Add(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("x"));
        var add = GridMetrics.AllMethods.Single(s => s.InterfaceName == nameof(ICounterGrain) && s.MethodName == nameof(ICounterGrain.Add));
        var fail = GridMetrics.AllMethods.Single(s => s.InterfaceName == nameof(ICounterGrain) && s.MethodName == nameof(ICounterGrain.Fail));
        var (calls, failCalls) = (add.Calls, fail.Errors);

        await grain.Add(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("x"));

        Assert.True(add.Calls >= calls + 1);
        Assert.True(fail.Errors >= failCalls + 1);
        Assert.True(add.Latency.Count >= 2);
        Assert.True(GridMetrics.Activations[nameof(CounterGrain)] >= 1);
    }
}
