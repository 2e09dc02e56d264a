namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>Parameters of <see cref="WaveletDenoiser"/> and <see cref="SlidingWaveletDenoiser"/>.</summary>
public sealed record WaveletDenoiseOptions
{
    /// <summary>The wavelet. Default LA(8).</summary>
    public WaveletFamily Wavelet { get; init; } = WaveletFamily.La8;

    /// <summary>J, the number of MODWT levels, in [1, 12]. Default 4.</summary>
    public int Levels { get; init; } = 4;

    /// <summary>The boundary treatment. Default reflection (no wrap of the newest sample onto the oldest).</summary>
    public ModwtBoundary Boundary { get; init; } = ModwtBoundary.Reflection;

    /// <summary>Soft or hard thresholding. Default soft.</summary>
    public ThresholdRule Rule { get; init; } = ThresholdRule.Soft;

    /// <summary>False (default): one noise scale from the finest level, σ̂ⱼ = σ̂₁/2^((j−1)/2) (white noise);
    /// true: σ̂ⱼ by the MAD of each level's own coefficients (coloured noise; Johnstone and Silverman, 1997).</summary>
    public bool LevelDependent { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Levels outside [1, 12] or an undefined enum value.</exception>
    public void Validate()
    {
        if (Levels is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(Levels), Levels, "Levels must lie in [1, 12].");
        }

        if (!Enum.IsDefined(Wavelet) || !Enum.IsDefined(Boundary) || !Enum.IsDefined(Rule))
        {
            throw new ArgumentOutOfRangeException(nameof(Wavelet), $"Undefined option: {Wavelet}, {Boundary}, {Rule}.");
        }
    }
}
