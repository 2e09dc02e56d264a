using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Wavelets;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Wavelets;

public sealed class WaveletDenoiserTests
{
    [Theory]
    [InlineData(WaveletFamily.La8, ThresholdRule.Soft, false)]
    [InlineData(WaveletFamily.D4, ThresholdRule.Hard, false)]
    [InlineData(WaveletFamily.Haar, ThresholdRule.Soft, true)]
    public void DenoisingBeatsTheRawObservationsOnASmoothSignal(WaveletFamily family, ThresholdRule rule, bool levelDependent)
    {
        var rng = new DeterministicRandom(3);
        const int n = 1024;
        var truth = new double[n];
        var noisy = new double[n];
        for (var t = 0; t < n; t++)
        {
            truth[t] = Math.Sin(2 * Math.PI * t / 300.0) + (0.5 * Math.Sin(2 * Math.PI * t / 97.0));
            noisy[t] = truth[t] + (0.3 * rng.NextGaussian());
        }

        var options = new WaveletDenoiseOptions { Wavelet = family, Levels = 5, Rule = rule, LevelDependent = levelDependent };
        var denoised = WaveletDenoiser.Denoise(noisy, options);
        Assert.True(Rmse(truth, denoised) < 0.6 * Rmse(truth, noisy), $"denoised {Rmse(truth, denoised)} vs raw {Rmse(truth, noisy)}");
    }

    [Fact]
    public void MadNoiseScaleEstimatesTheFinestDetailStdOfWhiteNoise()
    {
        var rng = new DeterministicRandom(8);
        var x = new double[20_000];
        for (var t = 0; t < x.Length; t++)
        {
            x[t] = 2.0 * rng.NextGaussian();
        }

        var d = Modwt.Transform(x, WaveletFilter.Haar, 1);
        var sigma = WaveletDenoiser.MadSigma(d.Details[0], x.Length, new double[x.Length]);
        Assert.InRange(sigma, 0.97 * 2.0 / Math.Sqrt(2), 1.03 * 2.0 / Math.Sqrt(2)); // W1 of white noise has variance sigma^2/2
    }

    [Fact]
    public void ShrinkRules()
    {
        Assert.Equal(0.5, WaveletDenoiser.Shrink(1.5, 1.0, ThresholdRule.Soft), 15);
        Assert.Equal(-0.5, WaveletDenoiser.Shrink(-1.5, 1.0, ThresholdRule.Soft), 15);
        Assert.Equal(-1.5, WaveletDenoiser.Shrink(-1.5, 1.0, ThresholdRule.Hard), 15);
        Assert.Equal(0.0, WaveletDenoiser.Shrink(0.9, 1.0, ThresholdRule.Hard), 15);
    }

    [Theory]
    [InlineData(WaveletFamily.La8, 4, ModwtBoundary.Reflection, ThresholdRule.Soft, false)]
    [InlineData(WaveletFamily.D4, 3, ModwtBoundary.Periodic, ThresholdRule.Hard, true)]
    [InlineData(WaveletFamily.Haar, 6, ModwtBoundary.Reflection, ThresholdRule.Soft, true)]
    public void SlidingDenoiserEqualsTheBatchDenoiserOnEachWindow(WaveletFamily family, int levels, ModwtBoundary boundary, ThresholdRule rule, bool levelDependent)
    {
        const int window = 64;
        var options = new WaveletDenoiseOptions { Wavelet = family, Levels = levels, Boundary = boundary, Rule = rule, LevelDependent = levelDependent };
        var sliding = new SlidingWaveletDenoiser(window, options);
        var x = ModwtTests.RandomWalk(300, 21);
        for (var t = 0; t < x.Length; t++)
        {
            sliding.Push(x[t]);
            if (t + 1 >= window)
            {
                var batch = WaveletDenoiser.Denoise(x.AsSpan(t + 1 - window, window), options);
                Tolerance.AssertClose(batch[^1], sliding.DenoiseNewest(), 1e-10, $"t={t}");
            }
        }
    }

    [Fact]
    public void SlidingDenoiserIsCausal()
    {
        var x = ModwtTests.RandomWalk(400, 5);
        var changed = (double[])x.Clone();
        for (var t = 250; t < changed.Length; t++)
        {
            changed[t] += 100.0;
        }

        var a = new SlidingWaveletDenoiser(128);
        var b = new SlidingWaveletDenoiser(128);
        for (var t = 0; t < x.Length; t++)
        {
            a.Push(x[t]);
            b.Push(changed[t]);
            if (a.IsFull && t < 250)
            {
                Assert.Equal(a.DenoiseNewest(), b.DenoiseNewest());
            }
        }
    }

    private static double Rmse(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (u, v) => (u - v) * (u - v)).Average());
}
