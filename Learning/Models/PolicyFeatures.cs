namespace Quant.Orleans.Learning.Models;

/// <summary>
/// The column layout of a <see cref="PolicyHead"/> state row (width <see cref="PolicyHeadConfig.Features"/>). The head
/// does not standardise: the caller passes each feature already scaled to order 1 (e.g. divided by a rolling
/// standard deviation), the same way in training and serving.
/// </summary>
public static class PolicyFeatures
{
    /// <summary>Column 0: the forecast of the forward return (e.g. the student's median quantile over the horizon).</summary>
    public const int Forecast = 0;

    /// <summary>Column 1: the volatility estimate over the same horizon.</summary>
    public const int Volatility = 1;

    /// <summary>Column 2: the trend feature (e.g. a moving-average slope).</summary>
    public const int Trend = 2;

    /// <summary>Columns from 3 on: extras the caller documents (e.g. the current position, spread, inventory).</summary>
    public const int FirstExtra = 3;

    /// <summary>The fewest columns a state may have (forecast, volatility, trend).</summary>
    public const int Minimum = 3;
}
