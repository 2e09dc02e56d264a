using Quant.Orleans.Core;
using Quant.Orleans.Research.Evaluation;

namespace Quant.Orleans.Research.Tests.Evaluation;

public sealed class BlockBootstrapTests
{
    private static double Mean(double[] data, ReadOnlySpan<int> rows)
    {
        double sum = 0;
        foreach (var i in rows)
        {
            sum += data[i];
        }

        return sum / rows.Length;
    }

    [Fact]
    public void TheOrdinaryBootstrapIntervalOfAMeanHasTheWidthOfTheNormalTheory()
    {
        // Block length 1 is Efron's bootstrap: the 95% interval of a mean of n i.i.d. N(0, 1) draws is about
        // ±1.96·σ̂/√n (σ̂ the sample deviation).
        var random = new DeterministicRandom(11);
        var data = Enumerable.Range(0, 2000).Select(_ => random.NextGaussian()).ToArray();
        var estimate = BlockBootstrap.Interval(data.Length, rows => Mean(data, rows), 1, 2000, 0.95, 3);
        var mean = data.Average();
        var sd = Math.Sqrt(data.Sum(x => (x - mean) * (x - mean)) / data.Length);
        var half = 1.96 * sd / Math.Sqrt(data.Length);
        Assert.Equal(mean, estimate.Value, 12);
        Assert.InRange(estimate.High - estimate.Low, 2 * half * 0.9, 2 * half * 1.1);
        Assert.InRange((estimate.High + estimate.Low) / 2, mean - (0.2 * half), mean + (0.2 * half));
    }

    [Fact]
    public void BlocksWidenTheIntervalOfAnAutocorrelatedSeriesAsTheyShould()
    {
        // AR(1) with φ = 0.8: the long-run variance of the mean is (1 + φ)/(1 − φ) = 9 times the i.i.d. one, so the
        // interval should be about 3 times as wide; the ordinary bootstrap misses that, blocks of 50 catch most of it.
        var random = new DeterministicRandom(5);
        var x = new double[4000];
        for (var i = 1; i < x.Length; i++)
        {
            x[i] = (0.8 * x[i - 1]) + random.NextGaussian();
        }

        var iid = BlockBootstrap.Interval(x.Length, rows => Mean(x, rows), 1, 1000, 0.95, 1);
        var blocks = BlockBootstrap.Interval(x.Length, rows => Mean(x, rows), 50, 1000, 0.95, 1);
        var ratio = (blocks.High - blocks.Low) / (iid.High - iid.Low);
        Assert.InRange(ratio, 2.3, 3.6);
    }

    [Fact]
    public void TheSameSeedGivesTheSameIntervalAndBadArgumentsAreRefused()
    {
        double[] data = [1, 2, 3, 4, 5, 6, 7, 8];
        var a = BlockBootstrap.Interval(8, rows => Mean(data, rows), 2, 100, 0.9, 42);
        var b = BlockBootstrap.Interval(8, rows => Mean(data, rows), 2, 100, 0.9, 42);
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => BlockBootstrap.Interval(8, rows => 0, 9, 100, 0.9, 1));
        Assert.Throws<ArgumentException>(() => BlockBootstrap.Interval(8, rows => 0, 2, 100, 1.0, 1));
    }
}
