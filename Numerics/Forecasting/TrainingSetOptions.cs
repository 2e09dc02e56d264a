namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>Options of the baseline's training set and ridge fit.</summary>
public sealed record TrainingSetOptions
{
    /// <summary>The forecast horizon H, positive. Default 60 s.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most one training row per this interval, positive. Default 1 s.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The engine's feature columns used as regressors (see <see cref="FeatureIndex"/>). Default: slope,
    /// standardised innovation, realised volatility and level gap — not the raw level, whose value on day d lies outside
    /// the range fitted on day d−1.</summary>
    public int[] FeatureColumns { get; init; } =
        [FeatureIndex.Slope, FeatureIndex.StandardisedInnovation, FeatureIndex.RealisedVolatility, FeatureIndex.LevelGap];

    /// <summary>The ridge penalty λ ≥ 0 on standardised coefficients (see <see cref="Regression.RidgeRegression"/>).
    /// Default 10.</summary>
    public double RidgePenalty { get; init; } = 10.0;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option breaks its rule (the option is named).</exception>
    public void Validate()
    {
        if (Horizon <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Horizon = {Horizon} must be positive.", nameof(Horizon));
        }

        if (SampleInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SampleInterval = {SampleInterval} must be positive.", nameof(SampleInterval));
        }

        if (FeatureColumns is null || FeatureColumns.Length == 0)
        {
            throw new ArgumentException("FeatureColumns must name at least one column.", nameof(FeatureColumns));
        }

        if (!(RidgePenalty >= 0.0) || !double.IsFinite(RidgePenalty))
        {
            throw new ArgumentException($"RidgePenalty = {RidgePenalty} must be finite and non-negative.", nameof(RidgePenalty));
        }
    }
}
