namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>
/// The MODWT filters of one wavelet (Percival and Walden, 2000, §5.2): scaling filter g̃ₗ = gₗ/√2 and wavelet filter
/// h̃ₗ = (−1)ˡ g̃_{L−1−l} (the quadrature mirror, P&amp;W eq. 75b), l = 0 … L−1, where gₗ is the DWT scaling filter
/// (Σ gₗ = √2, Σ gₗ² = 1). Values of gₗ are PyWavelets 1.1.1's <c>dec_lo</c> for "haar", the time reverse of "db2"'s
/// <c>dec_lo</c> (P&amp;W's D(4)), and "sym4"'s <c>dec_lo</c> (P&amp;W's LA(8)); see docs/numerics.md for the pywt link.
/// Immutable and shared.
/// </summary>
public sealed class WaveletFilter
{
    private static readonly double InvSqrt2 = 1.0 / Math.Sqrt(2.0);

    private readonly double[] _scaling;
    private readonly double[] _wavelet;

    private WaveletFilter(WaveletFamily family, double[] dwtScaling)
    {
        Family = family;
        var l = dwtScaling.Length;
        _scaling = new double[l];
        _wavelet = new double[l];
        for (var i = 0; i < l; i++)
        {
            _scaling[i] = dwtScaling[i] * InvSqrt2;
        }

        for (var i = 0; i < l; i++)
        {
            _wavelet[i] = ((i & 1) == 0 ? 1.0 : -1.0) * _scaling[l - 1 - i];
        }
    }

    /// <summary>Haar (L = 2).</summary>
    public static WaveletFilter Haar { get; } = new(WaveletFamily.Haar, [InvSqrt2, InvSqrt2]);

    /// <summary>D(4) (L = 4), P&amp;W Table 109.</summary>
    public static WaveletFilter D4 { get; } = new(WaveletFamily.D4, [0.48296291314453416, 0.8365163037378079, 0.2241438680420134, -0.12940952255126037]);

    /// <summary>LA(8) (L = 8), P&amp;W Table 109.</summary>
    public static WaveletFilter La8 { get; } = new(WaveletFamily.La8,
    [
        -0.07576571478927333, -0.02963552764599851, 0.49761866763201545, 0.8037387518059161,
        0.29785779560527736, -0.09921954357684722, -0.012603967262037833, 0.0322231006040427,
    ]);

    /// <summary>The wavelet family.</summary>
    public WaveletFamily Family { get; }

    /// <summary>The filter width L.</summary>
    public int Length => _scaling.Length;

    /// <summary>The MODWT scaling filter g̃ (length L, Σ g̃ₗ = 1, Σ g̃ₗ² = ½).</summary>
    public ReadOnlySpan<double> Scaling => _scaling;

    /// <summary>The MODWT wavelet filter h̃ (length L, Σ h̃ₗ = 0, Σ h̃ₗ² = ½).</summary>
    public ReadOnlySpan<double> Wavelet => _wavelet;

    /// <summary>The filter of a family.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The shared filter instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown family.</exception>
    public static WaveletFilter Of(WaveletFamily family) => family switch
    {
        WaveletFamily.Haar => Haar,
        WaveletFamily.D4 => D4,
        WaveletFamily.La8 => La8,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown wavelet family."),
    };

    /// <summary>The width of the level-j equivalent filter, Lⱼ = (2ʲ − 1)(L − 1) + 1 (P&amp;W eq. 96a).</summary>
    /// <param name="level">j ≥ 1.</param>
    /// <returns>Lⱼ, in samples.</returns>
    public int EquivalentWidth(int level) => (((1 << level) - 1) * (Length - 1)) + 1;
}
