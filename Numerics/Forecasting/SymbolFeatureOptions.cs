using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// Parameters of <see cref="SymbolFeatureEngine"/>. The defaults suit liquid US equity NBBO mids (a $100–$200 stock
/// with a one-cent spread, about 1–2 % daily volatility): all noise terms are in units of the natural log of the price.
/// </summary>
public sealed record SymbolFeatureOptions
{
    /// <summary>q_level, (ln price)² per second: the random-walk part of the level. Default 4e-9 ≈ (1 % daily)²/23 400 s.</summary>
    public double LevelNoiseDensity { get; init; } = 4e-9;

    /// <summary>q_slope, (ln price)² per second³: how fast the slope (drift per second) may wander. Default 1e-14, i.e. the
    /// slope's standard deviation grows by about 1e-7 per second per √second (≈ 8e-7 /s over a minute).</summary>
    public double SlopeNoiseDensity { get; init; } = 1e-14;

    /// <summary>r, (ln price)²: microstructure noise of the mid around the level. Default 1e-9 (≈ 3 bp² … a
    /// standard deviation of 3.2e-5, about half a one-cent spread on a $150 stock).</summary>
    public double ObservationNoiseVariance { get; init; } = 1e-9;

    /// <summary>The prior variance of the slope at the first tick, (ln price per second)². Default 1e-12.</summary>
    public double InitialSlopeVariance { get; init; } = 1e-12;

    /// <summary>Half-life of the EWMA realised volatility. Default 5 minutes.</summary>
    public TimeSpan VolatilityHalfLife { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after the first tick the features count as warmed up (<see cref="SymbolFeatureEngine.IsWarm"/>).
    /// Default 5 minutes.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Sigma-point spread α of the UKF, in (0, 1]. Default 1 (see
    /// <see cref="Filters.MerweScaledSigmaPoints"/> on rounding with small α).</summary>
    public double SigmaAlpha { get; init; } = 1.0;

    /// <summary>Sigma-point β ≥ 0. Default 2 (Gaussian).</summary>
    public double SigmaBeta { get; init; } = 2.0;

    /// <summary>Sigma-point κ with 2 + κ &gt; 0. Default 0.</summary>
    public double SigmaKappa { get; init; }

    /// <summary>Which causal filter feeds the features: the sliding-window wavelet UKF (default) or the plain UKF on
    /// every raw tick (the earlier baseline).</summary>
    public SymbolFilterKind Filter { get; init; } = SymbolFilterKind.SlidingWaveletUkf;

    /// <summary>W, the sliding wavelet window in ticks, in [8, 65 536]. Default 256.</summary>
    public int WaveletWindowTicks { get; init; } = 256;

    /// <summary>The wavelet of the sliding window. Default LA(8).</summary>
    public WaveletFamily Wavelet { get; init; } = WaveletFamily.La8;

    /// <summary>J, MODWT levels of the sliding window, in [1, 12]. Default 4.</summary>
    public int WaveletLevels { get; init; } = 4;

    /// <summary>Market time between two denoised UKF updates (the cadence that bounds the per-tick cost; zero = every
    /// tick). Default 5 s (keeps the replay at ≥ 40 % of decode-only speed).</summary>
    public TimeSpan WaveletInterval { get; init; } = TimeSpan.FromSeconds(5);
}
