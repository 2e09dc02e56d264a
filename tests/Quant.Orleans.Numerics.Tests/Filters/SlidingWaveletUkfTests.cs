using Quant.Orleans.Numerics.Tests.Wavelets;
using Quant.Orleans.Numerics.Wavelets;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class SlidingWaveletUkfTests
{
    /// <summary>
    /// The symbol filter's front end at its production settings (and one more), where the sliding denoiser computes only
    /// the cone of coefficients its newest value reads: it still equals the batch denoiser's newest value on each window.
    /// 1e-10 as in WaveletDenoiserTests (the one-point MRA rebuild sums the same terms in another order).
    /// </summary>
    [Theory]
    [InlineData(WaveletFamily.La8, 4, 256, ThresholdRule.Soft)]
    [InlineData(WaveletFamily.D4, 3, 128, ThresholdRule.Hard)]
    [InlineData(WaveletFamily.Haar, 5, 100, ThresholdRule.Soft)]
    public void FrontEndAtProductionSettings_EqualsTheBatchDenoiserOnEachWindow(WaveletFamily family, int levels, int window, ThresholdRule rule)
    {
        var options = new WaveletDenoiseOptions { Wavelet = family, Levels = levels, Boundary = ModwtBoundary.Reflection, Rule = rule };
        var sliding = new SlidingWaveletDenoiser(window, options);
        var x = ModwtTests.RandomWalk(window + 200, 33);
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
}
