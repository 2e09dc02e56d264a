using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// A checkpoint of a <see cref="SlidingWaveletUkf"/> (<see cref="SlidingWaveletUkf.Capture"/>), with the UKF and the
/// sliding denoiser it owns. Plain data; times are seconds on the caller's origin (for
/// <see cref="Forecasting.SymbolFeatureEngine"/>, seconds since the day's first tick).
/// </summary>
/// <param name="Filter">The UKF's checkpoint.</param>
/// <param name="Denoiser">The sliding denoiser's checkpoint.</param>
/// <param name="DenoiseIntervalSeconds">The cadence, seconds (checked against the object restored into).</param>
/// <param name="Started">True once the first observation set the time origin.</param>
/// <param name="LastFilterTimeSeconds">The time of the UKF's last update (or of the first observation), seconds.</param>
/// <param name="NextDenoiseTimeSeconds">The earliest time of the next denoised update, seconds.</param>
/// <param name="LastFilterInput">The value fed to the UKF at its last update, observation unit.</param>
public sealed record SlidingWaveletUkfState(
    UkfState Filter,
    SlidingWaveletDenoiserState Denoiser,
    double DenoiseIntervalSeconds,
    bool Started,
    double LastFilterTimeSeconds,
    double NextDenoiseTimeSeconds,
    double LastFilterInput);
