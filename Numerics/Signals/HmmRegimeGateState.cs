using Quant.Orleans.Numerics.Regimes;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// An exact checkpoint of an <see cref="HmmRegimeGate"/> (<see cref="HmmRegimeGate.Capture"/>): the fitted day, the
/// fitted HMM with its forward filter's probabilities, the fit's sample spacing and the time of the last value asked
/// about; a gate restored from it decides bit for bit as the captured one would have. Plain data; the arrays are copies.
/// </summary>
/// <param name="Version">The schema version, <see cref="CurrentVersion"/> when captured by this build.</param>
/// <param name="OptionsFingerprint">The gate's construction parameters (<c>States</c>, <c>MaxHighVolatilityProbability</c>,
/// <c>SampleIntervalSeconds</c>) as <c>Key=Value</c> text; a restore into a gate built with others is refused.</param>
/// <param name="FittedDay">The day the model was fitted on; null before the first fit.</param>
/// <param name="Filter">The fitted model and its forward filter's probabilities; null exactly when
/// <paramref name="FittedDay"/> is.</param>
/// <param name="SpacingSeconds">The spacing of the thinned fit sample, seconds (&gt; 0 once fitted, 0 before).</param>
/// <param name="LastTimeNanos">The time of the last value asked about since the fit, <see cref="Core.UnixNanos"/> value;
/// <see cref="long.MinValue"/> when none.</param>
public sealed record HmmRegimeGateState(
    int Version,
    string OptionsFingerprint,
    DateOnly? FittedDay,
    GaussianHmmFilterState? Filter,
    double SpacingSeconds,
    long LastTimeNanos)
{
    /// <summary>The schema version this build captures and restores.</summary>
    public const int CurrentVersion = 1;
}
