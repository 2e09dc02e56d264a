namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>The causal filter of <see cref="SymbolFeatureEngine"/>.</summary>
public enum SymbolFilterKind
{
    /// <summary><see cref="Filters.SlidingWaveletUkf"/>: sliding-window MODWT denoising, then the UKF on a cadence.</summary>
    SlidingWaveletUkf,

    /// <summary>The plain <see cref="Filters.UnscentedKalmanFilter"/> on every raw tick.</summary>
    Ukf,
}
