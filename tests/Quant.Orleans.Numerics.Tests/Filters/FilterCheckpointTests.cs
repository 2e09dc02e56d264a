using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class FilterCheckpointTests
{
    private static UnscentedKalmanFilter TrendFilter() =>
        new(new LocalLinearTrendModel(0.01, 1e-6, 0.01), new MerweScaledSigmaPoints(2), [0.0, 0.0], [1.0, 0.0, 0.0, 1e-2]);

    private static UnscentedKalmanFilter LogVolatilityFilter() =>
        new(new TrendLogVolatilityModel(1e-4, 1e-8, 1e-4, Math.Log(1e-4), 0.01, 0.01), new MerweScaledSigmaPoints(3), [0.0, 0.0, Math.Log(1e-4)], [1e-3, 0, 0, 0, 1e-6, 0, 0, 0, 1.0]);

    /// <summary>Everything a reader of the filter can see, as bits.</summary>
    private static long[] Observe(UnscentedKalmanFilter filter) =>
    [
        .. Bits(filter.State), .. Bits(filter.Covariance), .. Bits(filter.PredictedObservation), .. Bits(filter.Innovation),
        .. Bits(filter.InnovationCovariance), .. Bits(filter.Gain), .. Bits(filter.ObservationNoise),
        BitConverter.DoubleToInt64Bits(filter.LastLogLikelihood), filter.JitterCount, filter.UpdateCount,
    ];

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        }

        return bits;
    }

    [Fact]
    public void AScalarUkfWithAdaptiveNoiseRestoredEveryFewStepsContinuesBitForBit()
    {
        var rng = new DeterministicRandom(5);
        var z = new double[2_000];
        var level = 0.0;
        for (var t = 0; t < z.Length; t++)
        {
            level += 0.1 * rng.NextGaussian();
            z[t] = level + (0.5 * rng.NextGaussian());
        }

        var reference = TrendFilter();
        var referenceNoise = new InnovationAdaptiveObservationNoise(0.99, 1e-6);
        var filter = TrendFilter();
        var noise = new InnovationAdaptiveObservationNoise(0.99, 1e-6);
        for (var t = 0; t < z.Length; t++)
        {
            if (t % 37 == 0)
            {
                var state = JsonSerializer.Deserialize<UkfState>(JsonSerializer.Serialize(filter.Capture()))!;
                var noiseState = noise.Capture();
                filter = TrendFilter();
                filter.Restore(state);
                noise = new InnovationAdaptiveObservationNoise(0.99, 1e-6);
                noise.Restore(noiseState);
                Assert.Equal(Observe(reference), Observe(filter));
            }

            var dt = t % 5 == 0 ? 0.0 : 1.0; // repeated timestamps
            reference.Step(dt, [z[t]]);
            filter.Step(dt, [z[t]]);
            Assert.Equal(referenceNoise.Adapt(reference), noise.Adapt(filter));
            Assert.Equal(Observe(reference), Observe(filter));
        }
    }

    [Fact]
    public void AMatrixUkfRestoredEveryFewStepsContinuesBitForBit()
    {
        var rng = new DeterministicRandom(9);
        var reference = LogVolatilityFilter();
        var filter = LogVolatilityFilter();
        var y = 0.0;
        var z = new double[2];
        for (var t = 0; t < 1_500; t++)
        {
            if (t % 41 == 3)
            {
                var state = filter.Capture();
                filter = LogVolatilityFilter();
                filter.Restore(state);
            }

            var change = 0.01 * rng.NextGaussian();
            y += change;
            z[0] = y;
            z[1] = TrendLogVolatilityModel.PseudoObservation(change, 1.0, 1e-8);
            reference.Step(1.0, z);
            filter.Step(1.0, z);
            Assert.Equal(Observe(reference), Observe(filter));
        }
    }

    [Fact]
    public void ASlidingWaveletUkfRestoredAroundTheWindowFillContinuesBitForBit()
    {
        static SlidingWaveletUkf Create() => new(TrendFilter(), new SlidingWaveletDenoiser(64), 2.0);
        var rng = new DeterministicRandom(17);
        var reference = Create();
        var filter = Create();
        var time = 0.0;
        var x = 0.0;
        for (var t = 0; t < 600; t++)
        {
            if (t % 7 == 0 || (t >= 60 && t <= 70))
            {
                var state = filter.Capture();
                filter = Create();
                filter.Restore(state);
                Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(filter.Capture()));
            }

            time += rng.NextDouble() < 0.2 ? 0.0 : rng.NextDouble();
            x += 0.05 * rng.NextGaussian();
            Assert.Equal(reference.Step(time, x), filter.Step(time, x));
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.LastFilterInput), BitConverter.DoubleToInt64Bits(filter.LastFilterInput));
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.Denoiser.LastNoiseScale), BitConverter.DoubleToInt64Bits(filter.Denoiser.LastNoiseScale));
            Assert.Equal(Observe(reference.Filter), Observe(filter.Filter));
        }
    }

    [Fact]
    public void AFilterRefusesACheckpointOfAnotherShapeOrAnAsymmetricCovarianceAndStaysUnchanged()
    {
        var filter = TrendFilter();
        filter.Step(1.0, [0.3]);
        var before = Observe(filter);

        var shape = Assert.Throws<ArgumentException>(() => filter.Restore(LogVolatilityFilter().Capture()));
        var asymmetric = Assert.Throws<ArgumentException>(() => filter.Restore(filter.Capture() with { Covariance = [1.0, 0.1, 0.2, 1.0] }));
        var counter = Assert.Throws<ArgumentException>(() => filter.Restore(filter.Capture() with { UpdateCount = -1 }));

        Assert.StartsWith("UkfState.State has length 3, expected 2", shape.Message, StringComparison.Ordinal);
        Assert.StartsWith("UkfState.Covariance", asymmetric.Message, StringComparison.Ordinal);
        Assert.StartsWith("UkfState.UpdateCount", counter.Message, StringComparison.Ordinal);
        Assert.Equal(before, Observe(filter));
    }

    [Fact]
    public void AdaptiveNoiseAndSlidingWaveletRefuseOtherSettings()
    {
        var noise = new InnovationAdaptiveObservationNoise(0.99, 1e-6);
        var sliding = new SlidingWaveletUkf(TrendFilter(), new SlidingWaveletDenoiser(64), 2.0);

        var forgetting = Assert.Throws<ArgumentException>(() => new InnovationAdaptiveObservationNoise(0.98, 1e-6).Restore(noise.Capture()));
        var cadence = Assert.Throws<ArgumentException>(() => new SlidingWaveletUkf(TrendFilter(), new SlidingWaveletDenoiser(64), 1.0).Restore(sliding.Capture()));
        var window = Assert.Throws<ArgumentException>(() => new SlidingWaveletUkf(TrendFilter(), new SlidingWaveletDenoiser(32), 2.0).Restore(sliding.Capture()));

        Assert.StartsWith("InnovationAdaptiveNoiseState.Forgetting", forgetting.Message, StringComparison.Ordinal);
        Assert.StartsWith("SlidingWaveletUkfState.DenoiseIntervalSeconds", cadence.Message, StringComparison.Ordinal);
        Assert.StartsWith("SlidingWaveletDenoiserState.Ring has length 64, expected 32", window.Message, StringComparison.Ordinal);
    }
}
