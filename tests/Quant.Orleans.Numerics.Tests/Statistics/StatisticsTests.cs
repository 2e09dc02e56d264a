using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Statistics;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Statistics;

public sealed class EmpiricalDistributionTests
{
    [Fact]
    public void PercentilesAndCdf_MatchHandComputedValues()
    {
        // Sorted sample: 1, 2, 4, 7, 10 (n = 5). Type 7: h = 4·p/100.
        var d = new EmpiricalDistribution([7.0, 1.0, 10.0, 2.0, 4.0]);
        Assert.Equal(1.0, d.Percentile(0));
        Assert.Equal(10.0, d.Percentile(100));
        Assert.Equal(4.0, d.Percentile(50));          // h = 2
        Assert.Equal(2.0, d.Percentile(25));          // h = 1
        Assert.Equal(5.5, d.Percentile(62.5));        // h = 2.5: 4 + 0.5·3
        Assert.Equal(8.2, d.Percentile(85), 12);      // h = 3.4: 7 + 0.4·3
        Assert.Equal(0.0, d.Cdf(0.5));
        Assert.Equal(0.2, d.Cdf(1.0));
        Assert.Equal(0.4, d.Cdf(3.9));
        Assert.Equal(0.6, d.Cdf(4.0));
        Assert.Equal(1.0, d.Cdf(10.0));
        Assert.True(double.IsNaN(d.Cdf(double.NaN)));
        Assert.Equal("percent", Assert.Throws<ArgumentOutOfRangeException>(() => d.Percentile(101)).ParamName);
        Assert.Throws<ArgumentException>(() => new EmpiricalDistribution([1.0, double.NaN]));
    }
}

public sealed class RunningMomentsTests
{
    [Fact]
    public void WelfordMatchesTwoPassAndMergeMatchesSequential()
    {
        var rng = new DeterministicRandom(1);
        var values = Enumerable.Range(0, 1000).Select(_ => 1e6 + rng.NextGaussian()).ToArray();
        var all = default(RunningMoments);
        var left = default(RunningMoments);
        var right = default(RunningMoments);
        for (var i = 0; i < values.Length; i++)
        {
            all.Add(values[i]);
            if (i < 400)
            {
                left.Add(values[i]);
            }
            else
            {
                right.Add(values[i]);
            }
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        Tolerance.AssertClose(mean, all.Mean, Tolerance.SameFormulaDouble, "mean");
        Tolerance.AssertClose(variance, all.Variance, Tolerance.DifferentAlgorithmDouble, "variance");
        left.Merge(right);
        Tolerance.AssertClose(all.Mean, left.Mean, Tolerance.SameFormulaDouble, "merged mean");
        Tolerance.AssertClose(all.Variance, left.Variance, Tolerance.DifferentAlgorithmDouble, "merged variance");
        Assert.True(double.IsNaN(default(RunningMoments).Variance));
    }
}

public sealed class EwmaRealizedVolatilityTests
{
    [Fact]
    public void BrownianMotionWithIrregularTimes_RecoversSigma()
    {
        // σ = 2e-4 per √s; Δt ~ U(0, 2) s. Half-life 600 s gives an effective sample of about
        // τ/E[Δt] ≈ 866 returns, so the relative standard error of σ̂ is about 1/√(2·866) ≈ 2.4 %; we average the
        // estimate at 20 well-separated check points (≈ 10 τ apart) and allow 3 %, about 5 standard errors of that mean.
        const double sigma = 2e-4;
        var rng = new DeterministicRandom(17);
        var vol = new EwmaRealizedVolatility(TimeSpan.FromSeconds(600));
        var t = 1_000_000_000_000_000_000L;
        var logPrice = Math.Log(150.0);
        vol.Add(new UnixNanos(t), logPrice);
        var estimates = new List<double>();
        for (var k = 1; k <= 20 * 10_000; k++)
        {
            var dt = 2.0 * rng.NextDouble();
            t += (long)(dt * UnixNanos.NanosPerSecond);
            var exactDt = Math.Floor(dt * UnixNanos.NanosPerSecond) / UnixNanos.NanosPerSecond;
            logPrice += sigma * Math.Sqrt(exactDt) * rng.NextGaussian();
            vol.Add(new UnixNanos(t), logPrice);
            if (k % 10_000 == 0)
            {
                estimates.Add(vol.Volatility);
            }
        }

        var mean = estimates.Average();
        Assert.True(Math.Abs(mean / sigma - 1.0) < 0.03, $"mean estimate {mean:E4} vs true {sigma:E4}");
        Assert.All(estimates, e => Assert.True(Math.Abs(e / sigma - 1.0) < 0.15, $"estimate {e:E4} vs true {sigma:E4}"));
    }

    /// <summary>Causality (DESIGN §4; issue 15 asked to check every EWMA volatility): the estimate after the k-th price
    /// depends only on prices up to k; changing every later price leaves it bit for bit the same. The first price only
    /// sets the reference (NaN until a return exists), so nothing is seeded with a future return.</summary>
    [Fact]
    public void ChangingTheFutureDoesNotMoveThePast()
    {
        var rng = new DeterministicRandom(23);
        var times = new long[200];
        var logs = new double[200];
        var t = 1_000_000_000_000_000_000L;
        for (var i = 0; i < times.Length; i++)
        {
            t += (long)(1 + (2 * rng.NextDouble() * UnixNanos.NanosPerSecond));
            times[i] = t;
            logs[i] = (i == 0 ? Math.Log(100.0) : logs[i - 1]) + (1e-3 * rng.NextGaussian());
        }

        double[] Run(double[] input)
        {
            var vol = new EwmaRealizedVolatility(TimeSpan.FromSeconds(30));
            var output = new double[input.Length];
            for (var i = 0; i < input.Length; i++)
            {
                vol.Add(new UnixNanos(times[i]), input[i]);
                output[i] = vol.Volatility;
            }

            return output;
        }

        var reference = Run(logs);
        Assert.True(double.IsNaN(reference[0]));
        foreach (var k in new[] { 1, 2, 50, 199 })
        {
            var changed = (double[])logs.Clone();
            for (var j = k; j < changed.Length; j++)
            {
                changed[j] += 0.05 * (j - k + 1);
            }

            var output = Run(changed);
            for (var i = 0; i < k; i++)
            {
                Assert.True(reference[i].Equals(output[i]), $"estimate {i} moved when the prices from {k} on changed");
            }
        }
    }

    [Fact]
    public void NaNBeforeTimeElapses_AndRejectsBackwardsTime()
    {
        var vol = new EwmaRealizedVolatility(TimeSpan.FromMinutes(1));
        Assert.True(double.IsNaN(vol.Volatility));
        vol.Add(new UnixNanos(10), 0.0);
        Assert.True(double.IsNaN(vol.Volatility));
        Assert.Equal("time", Assert.Throws<ArgumentOutOfRangeException>(() => vol.Add(new UnixNanos(5), 0.0)).ParamName);
    }
}
