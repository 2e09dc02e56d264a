using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// ACAUSAL — the teacher's "golden" trajectory of a whole day (DESIGN §3, nightly): MODWT denoising of the full
/// series (<see cref="WaveletDenoiser"/>, reflection boundary) followed by the <see cref="UnscentedRtsSmoother"/> on a
/// <see cref="LocalLinearTrendModel"/>. Every output reads the whole day: never use it live.
/// </summary>
public static class AcausalGoldenTrajectory
{
    /// <summary>Builds the trajectory.</summary>
    /// <param name="timesSeconds">Observation times, seconds on any origin, non-decreasing, length T ≥ 1.</param>
    /// <param name="values">Observations (e.g. ln mid − ln first mid, in ln USD), length T, finite.</param>
    /// <param name="model">The local linear trend model in the values' unit.</param>
    /// <param name="denoise">Wavelet options; null for LA8, J = 4, soft, reflection.</param>
    /// <returns>The smoothed level, length T (unit of <paramref name="values"/>).</returns>
    /// <exception cref="ArgumentException">Lengths differ, times decrease, or a value is not finite.</exception>
    public static double[] Build(ReadOnlySpan<double> timesSeconds, ReadOnlySpan<double> values, LocalLinearTrendModel model, WaveletDenoiseOptions? denoise = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (timesSeconds.Length != values.Length || values.IsEmpty)
        {
            throw new ArgumentException($"Need equal, non-zero lengths; got {timesSeconds.Length} times and {values.Length} values.", nameof(values));
        }

        var t = values.Length;
        var dts = new double[t];
        for (var k = 1; k < t; k++)
        {
            dts[k] = timesSeconds[k] - timesSeconds[k - 1];
            if (!(dts[k] >= 0))
            {
                throw new ArgumentException($"Times decrease at index {k}: {timesSeconds[k - 1]} then {timesSeconds[k]}.", nameof(timesSeconds));
            }
        }

        var clean = t >= 8 ? WaveletDenoiser.Denoise(values, denoise) : values.ToArray();
        double[] p0 = [model.ObservationNoiseVariance * 100.0, 0.0, 0.0, 1e-6];
        var result = UnscentedRtsSmoother.Smooth(model, new MerweScaledSigmaPoints(2), [clean[0], 0.0], p0, dts, clean);
        var level = new double[t];
        for (var k = 0; k < t; k++)
        {
            level[k] = result.Smoothed[2 * k];
        }

        return level;
    }
}
