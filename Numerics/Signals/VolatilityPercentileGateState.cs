namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// An exact checkpoint of a <see cref="VolatilityPercentileGate"/> (<see cref="VolatilityPercentileGate.Capture"/>): the
/// fitted day and the fitted day's sample, sorted; a gate restored from it decides bit for bit as the captured one.
/// Plain data; the array is a copy.
/// </summary>
/// <param name="Version">The schema version, <see cref="CurrentVersion"/> when captured by this build.</param>
/// <param name="OptionsFingerprint">The gate's bounds (<c>LowerPercent</c>, <c>UpperPercent</c>) as <c>Key=Value</c>
/// text; a restore into a gate built with others is refused.</param>
/// <param name="FittedDay">The day the distribution comes from; null before the first fit.</param>
/// <param name="Sample">That day's realised volatilities, ascending, log return per √second, at least 30, finite and
/// ≥ 0; null exactly when <paramref name="FittedDay"/> is.</param>
public sealed record VolatilityPercentileGateState(int Version, string OptionsFingerprint, DateOnly? FittedDay, double[]? Sample)
{
    /// <summary>The schema version this build captures and restores.</summary>
    public const int CurrentVersion = 1;
}
