using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Numerics.Statistics;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// A checkpoint of a <see cref="SymbolFeatureEngine"/> (<see cref="SymbolFeatureEngine.Capture"/>): its filter (the
/// plain UKF or the sliding wavelet UKF with the UKF it owns, as <see cref="SymbolFeatureOptions.Filter"/> selects), the
/// realised volatility, the feature vector and the anchor, times and counters. Plain data; the arrays are copies.
/// </summary>
/// <param name="Filter">The UKF's checkpoint when the filter kind is <see cref="SymbolFilterKind.Ukf"/>; null otherwise.</param>
/// <param name="Wavelet">The sliding wavelet UKF's checkpoint when the kind is <see cref="SymbolFilterKind.SlidingWaveletUkf"/>;
/// null otherwise.</param>
/// <param name="Volatility">The realised volatility's checkpoint.</param>
/// <param name="Features">The latest feature vector, length <see cref="FeatureIndex.Count"/>, finite.</param>
/// <param name="Anchor">ln(first mid) of the day, ln(USD), finite (0 before the first tick).</param>
/// <param name="FirstTimeNanos">The first accepted tick's time, <see cref="Core.UnixNanos"/> value.</param>
/// <param name="LastTimeNanos">The last accepted tick's time, <see cref="Core.UnixNanos"/> value, ≥ the first.</param>
/// <param name="TickCount">Accepted ticks, ≥ 0.</param>
/// <param name="RejectedCount">Refused ticks, ≥ 0.</param>
/// <param name="LastLogMid">ln(mid) of the last accepted tick, ln(USD), finite.</param>
public sealed record SymbolFeatureEngineState(
    UkfState? Filter,
    SlidingWaveletUkfState? Wavelet,
    EwmaRealizedVolatilityState Volatility,
    double[] Features,
    double Anchor,
    long FirstTimeNanos,
    long LastTimeNanos,
    long TickCount,
    long RejectedCount,
    double LastLogMid);
