using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Numerics.Tests.Signals;

/// <summary>The Sniper profile's HMM filter: it also blocks when the calmest state is probable.</summary>
public sealed class HmmLowVolatilityGateTests
{
    private static double[] TwoRegimeSample()
    {
        var random = new Random(7);
        var sample = new double[2_000];
        for (var i = 0; i < sample.Length; i++)
        {
            var calm = (i / 200) % 2 == 0;
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            sample[i] = Math.Exp((calm ? -9.0 : -7.0) + (0.1 * z));
        }

        return sample;
    }

    [Fact]
    public void CalmValuesPassTheDefaultGateButNotTheLowVolatilityBlockAndThePosteriorIsADistribution()
    {
        var day = new DateOnly(2013, 10, 7);
        var plain = new HmmRegimeGate(2, 0.5, 1.0);
        var sniper = new HmmRegimeGate(2, 0.5, 1.0, maxLowVolatilityProbability: 0.5);
        Assert.True(plain.Fit(day, TwoRegimeSample()));
        Assert.True(sniper.Fit(day, TwoRegimeSample()));
        var t = UnixNanos.FromDateTime(new DateTime(2013, 10, 8, 14, 0, 0, DateTimeKind.Utc)).Value;
        for (var i = 0; i < 30; i++)
        {
            var time = new UnixNanos(t + (i * 1_000_000_000L));
            var calmPlain = plain.Passes(time, Math.Exp(-9.0), out var pHighPlain);
            var calmSniper = sniper.Passes(time, Math.Exp(-9.0), out var pHighSniper);
            Assert.Equal(pHighPlain, pHighSniper); // the same filter underneath
            Assert.Equal(1.0, sniper.Posterior[0] + sniper.Posterior[1], 12);
            Assert.True(calmPlain, $"step {i}: a calm value passes the high-volatility rule (P(high) = {pHighPlain})");
            Assert.Equal(sniper.Posterior[0] <= 0.5 && pHighSniper <= 0.5, calmSniper);
            Assert.False(calmSniper, $"step {i}: P(calm) = {sniper.Posterior[0]} blocks under the Sniper rule");
        }

        Assert.False(sniper.Passes(new UnixNanos(t + 40_000_000_000L), Math.Exp(-7.0), out _) && sniper.Posterior[1] > 0.5);
    }

    [Fact]
    public void ACheckpointOfTheDefaultGateDoesNotRestoreIntoALowVolatilityGate()
    {
        var plain = new HmmRegimeGate(2, 0.5, 1.0);
        Assert.True(plain.Fit(new DateOnly(2013, 10, 7), TwoRegimeSample()));
        var sniper = new HmmRegimeGate(2, 0.5, 1.0, maxLowVolatilityProbability: 0.5);
        Assert.Throws<ArgumentException>(() => sniper.Restore(plain.Capture()));
        var again = new HmmRegimeGate(2, 0.5, 1.0, maxLowVolatilityProbability: 1.0);
        again.Restore(plain.Capture()); // the default option leaves the fingerprint as it was
    }
}
