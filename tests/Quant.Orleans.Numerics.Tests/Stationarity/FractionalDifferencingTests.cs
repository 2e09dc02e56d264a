using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Stationarity;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Stationarity;

public sealed class FractionalDifferencingTests
{
    private static double[] RandomWalk(ulong seed, int n)
    {
        var random = new DeterministicRandom(seed);
        var x = new double[n];
        x[0] = 4.6;
        for (var i = 1; i < n; i++)
        {
            x[i] = x[i - 1] + (0.01 * random.NextGaussian());
        }

        return x;
    }

    [Fact]
    public void WeightsForHalfMatchTheClosedForm()
    {
        // (1 − B)^½ = 1 − ½B − ⅛B² − 1/16 B³ − 5/128 B⁴ − 7/256 B⁵ …
        var w = FractionalDifferencing.Weights(0.5, 1e-12, 6);
        Tolerance.AssertAllClose([1.0, -0.5, -0.125, -0.0625, -5.0 / 128.0, -7.0 / 256.0], w, Tolerance.SameFormulaDouble, "w(d = 0.5)");
    }

    [Fact]
    public void WeightsMatchTheBinomialCoefficients()
    {
        // wₖ = (−1)ᵏ Γ(d + 1) / (Γ(k + 1) Γ(d − k + 1)) = (−1)ᵏ C(d, k).
        const double d = 0.37;
        var w = FractionalDifferencing.Weights(d, 1e-12, 30);
        Assert.Equal(30, w.Length);
        for (var k = 0; k < w.Length; k++)
        {
            var binomial = 1.0;
            for (var j = 0; j < k; j++)
            {
                binomial *= (d - j) / (j + 1);
            }

            Tolerance.AssertClose((k % 2 == 0 ? 1 : -1) * binomial, w[k], Tolerance.SameFormulaDouble, $"w[{k}]");
        }
    }

    [Fact]
    public void IntegerOrdersGiveFiniteDifferences()
    {
        Assert.Equal([1.0], FractionalDifferencing.Weights(0.0, 1e-5));
        Assert.Equal([1.0, -1.0], FractionalDifferencing.Weights(1.0, 1e-5));
        Assert.Equal([1.0, -2.0, 1.0], FractionalDifferencing.Weights(2.0, 1e-5));
    }

    [Fact]
    public void ThresholdAndMaxWidthTruncate()
    {
        var w = FractionalDifferencing.Weights(0.4, 1e-3);
        Assert.True(Math.Abs(w[^1]) >= 1e-3);
        var next = -w[^1] * (0.4 - w.Length + 1) / w.Length;
        Assert.True(Math.Abs(next) < 1e-3);
        Assert.Equal(7, FractionalDifferencing.Weights(0.4, 1e-12, 7).Length);
    }

    [Fact]
    public void OrderZeroIsTheIdentityAndOrderOneTheDifference()
    {
        var x = RandomWalk(11, 50);
        Assert.Equal(x, FractionalDifferencing.Transform(x, 0.0, 1e-5));
        var diff = FractionalDifferencing.Transform(x, 1.0, 1e-5);
        Assert.Equal(49, diff.Length);
        for (var i = 0; i < diff.Length; i++)
        {
            Assert.Equal(x[i + 1] - x[i], diff[i]);
        }
    }

    [Fact]
    public void BatchEqualsStreaming()
    {
        var x = RandomWalk(12, 400);
        var w = FractionalDifferencing.Weights(0.35, 1e-4, 100);
        var batch = FractionalDifferencing.Transform(x, w);
        Assert.Equal(x.Length - w.Length + 1, batch.Length);
        var stream = new StreamingFractionalDifferencer(w);
        for (var t = 0; t < x.Length; t++)
        {
            var value = stream.Update(x[t]);
            if (t < w.Length - 1)
            {
                Assert.True(double.IsNaN(value));
                Assert.False(stream.IsReady);
            }
            else
            {
                Assert.True(stream.IsReady);
                Assert.Equal(batch[t - w.Length + 1], value);
            }
        }

        stream.Reset();
        Assert.True(double.IsNaN(stream.Update(x[0])));
    }

    [Fact]
    public void StreamingUpdateDoesNotAllocate()
    {
        var x = RandomWalk(13, 300);
        var stream = new StreamingFractionalDifferencer(FractionalDifferencing.Weights(0.4, 1e-3));
        stream.Update(x[0]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var t = 1; t < x.Length; t++)
        {
            var v = stream.Update(x[t]);
            if (!double.IsNaN(v))
            {
                sum += v;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void IsCausal()
    {
        var x = RandomWalk(14, 200);
        var w = FractionalDifferencing.Weights(0.6, 1e-4, 60);
        var reference = FractionalDifferencing.Transform(x, w);
        const int cut = 120;
        var changed = (double[])x.Clone();
        var random = new DeterministicRandom(99);
        for (var t = cut + 1; t < changed.Length; t++)
        {
            changed[t] += random.NextGaussian();
        }

        var other = FractionalDifferencing.Transform(changed, w);
        for (var t = w.Length - 1; t <= cut; t++)
        {
            Assert.Equal(reference[t - w.Length + 1], other[t - w.Length + 1]);
        }

        Assert.NotEqual(reference[cut + 1 - w.Length + 1], other[cut + 1 - w.Length + 1]);
    }

    [Fact]
    public void MatchesTheFixtureWeightsAndSeries()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "adf_fixture.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var ffd = root.GetProperty("ffd");
        var expectedWeights = ffd.GetProperty("weights").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var w = FractionalDifferencing.Weights(ffd.GetProperty("d").GetDouble(), ffd.GetProperty("threshold").GetDouble());
        Tolerance.AssertAllClose(expectedWeights, w, Tolerance.FixtureDouble, "FFD weights");
        var series = root.GetProperty("series");
        var walk = series.GetProperty("random_walk").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expected = series.GetProperty("ffd_random_walk").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Tolerance.AssertAllClose(expected, FractionalDifferencing.Transform(walk, w), Tolerance.FixtureDouble, "FFD of the random walk");
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FractionalDifferencing.Weights(-0.1, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => FractionalDifferencing.Weights(0.5, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FractionalDifferencing.Weights(0.5, 1e-5, 0));
        Assert.Throws<ArgumentException>(() => FractionalDifferencing.Transform([1.0, 2.0], [1.0, -0.5, -0.1]));
        Assert.Throws<ArgumentException>(() => FractionalDifferencing.Transform([1.0, double.NaN], [1.0]));
        var stream = new StreamingFractionalDifferencer([1.0, -1.0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Update(double.PositiveInfinity));
        Assert.Equal(0, stream.Count);
    }
}
