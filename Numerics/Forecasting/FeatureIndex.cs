namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// Column positions in the feature vector of <see cref="SymbolFeatureEngine"/> (length <see cref="Count"/>), with each
/// feature's unit.
/// </summary>
public static class FeatureIndex
{
    /// <summary>Filtered level of the log mid, ln(USD); non-stationary across days, so the baseline leaves it out.</summary>
    public const int Level = 0;

    /// <summary>Filtered slope, ln(USD) per second (a log return per second).</summary>
    public const int Slope = 1;

    /// <summary>Standardised innovation ν/√S of the last tick, dimensionless (N(0, 1) when the model is right).</summary>
    public const int StandardisedInnovation = 2;

    /// <summary>EWMA realised volatility of the log mid, log return per √second (0 before the first elapsed time).</summary>
    public const int RealisedVolatility = 3;

    /// <summary>Gap ln(mid) − filtered level, a log return (dimensionless): the mid's deviation from the filter.</summary>
    public const int LevelGap = 4;

    /// <summary>The length of the feature vector.</summary>
    public const int Count = 5;

    /// <summary>The names of the features, in column order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["level", "slope", "standardised_innovation", "realised_volatility", "level_gap"];
}
