namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>
/// MODWT wavelet shrinkage of a whole series (Donoho and Johnstone, 1994; Percival and Walden, 2000, §10.5):
/// the noise scale from the median absolute deviation of the finest details, σ̂₁ = median|W̃₁,ₜ|/0.6745 over the N
/// coefficients aligned with the series (the std of W̃₁, i.e. σ/√2 for white noise of std σ); per level
/// σ̂ⱼ = σ̂₁/2^((j−1)/2), or each level's own MAD when <see cref="WaveletDenoiseOptions.LevelDependent"/>; the
/// universal threshold δⱼ = σ̂ⱼ√(2 ln N); soft or hard shrinkage of W̃ⱼ (the smooth Ṽ_J is kept); then the inverse MODWT.
/// Acausal over the series it is given (every output reads the whole series); stateless and thread-safe.
/// </summary>
public static class WaveletDenoiser
{
    /// <summary>The MAD-to-σ factor for Gaussian data, Φ⁻¹(3/4).</summary>
    public const double MadToSigma = 0.6744897501960817;

    /// <summary>Denoises a series.</summary>
    /// <param name="series">X, length N ≥ 1, finite.</param>
    /// <param name="options">Wavelet, levels, boundary, rule; null for the defaults.</param>
    /// <returns>The denoised series, length N, in the unit of X.</returns>
    /// <exception cref="ArgumentException">The series is empty or not finite, or an option is invalid.</exception>
    public static double[] Denoise(ReadOnlySpan<double> series, WaveletDenoiseOptions? options = null)
    {
        options ??= new WaveletDenoiseOptions();
        options.Validate();
        var decomposition = Modwt.Transform(series, WaveletFilter.Of(options.Wavelet), options.Levels, options.Boundary);
        var scratch = new double[series.Length];
        ThresholdInPlace(decomposition.Details, series.Length, options, scratch);
        return Modwt.Inverse(decomposition);
    }

    /// <summary>
    /// Shrinks the detail coefficients in place with the universal threshold (see the type's summary).
    /// </summary>
    /// <param name="details">W̃ⱼ for j = 1 … J, each of length M ≥ <paramref name="seriesLength"/>.</param>
    /// <param name="seriesLength">N: the noise scale uses the first N coefficients; the threshold uses ln N.</param>
    /// <param name="options">The rule and level-dependence.</param>
    /// <param name="scratch">Work space of length ≥ N.</param>
    /// <returns>σ̂₁, the noise scale of the finest level (series unit).</returns>
    public static double ThresholdInPlace(double[][] details, int seriesLength, WaveletDenoiseOptions options, Span<double> scratch)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(options);
        var sqrt2LnN = Math.Sqrt(2.0 * Math.Log(Math.Max(seriesLength, 2)));
        var sigma1 = MadSigma(details[0], seriesLength, scratch);
        var sigma = sigma1;
        for (var j = 0; j < details.Length; j++)
        {
            if (j > 0)
            {
                sigma = options.LevelDependent ? MadSigma(details[j], seriesLength, scratch) : sigma / Math.Sqrt(2.0);
            }

            Shrink(details[j], sigma * sqrt2LnN, options.Rule);
        }

        return sigma1;
    }

    /// <summary>The MAD noise scale median(|wₜ|, t &lt; n)/0.6745 (Donoho and Johnstone, 1994), allocation-free.</summary>
    /// <param name="coefficients">Coefficients, length ≥ n.</param>
    /// <param name="n">How many leading coefficients are used, ≥ 1.</param>
    /// <param name="scratch">Work space, length ≥ n.</param>
    /// <returns>σ̂ in the coefficients' unit.</returns>
    public static double MadSigma(ReadOnlySpan<double> coefficients, int n, Span<double> scratch)
    {
        var s = scratch[..n];
        for (var t = 0; t < n; t++)
        {
            s[t] = Math.Abs(coefficients[t]);
        }

        return MedianSelection.MedianInPlace(s) / MadToSigma;
    }

    /// <summary>Applies η with threshold δ to every coefficient.</summary>
    internal static void Shrink(Span<double> coefficients, double threshold, ThresholdRule rule)
    {
        for (var t = 0; t < coefficients.Length; t++)
        {
            coefficients[t] = Shrink(coefficients[t], threshold, rule);
        }
    }

    /// <summary>η(w): soft sign(w)·max(|w| − δ, 0), hard w·1{|w| &gt; δ}.</summary>
    /// <param name="w">A coefficient.</param>
    /// <param name="threshold">δ ≥ 0.</param>
    /// <param name="rule">Soft or hard.</param>
    /// <returns>The shrunk coefficient.</returns>
    public static double Shrink(double w, double threshold, ThresholdRule rule)
    {
        var a = Math.Abs(w);
        if (!(a > threshold))
        {
            return 0.0;
        }

        return rule == ThresholdRule.Hard ? w : Math.CopySign(a - threshold, w);
    }
}
