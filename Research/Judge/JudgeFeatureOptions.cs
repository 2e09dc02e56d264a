using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Judge;

/// <summary>Which optional feature columns exist and the causal estimators' settings.</summary>
public sealed record JudgeFeatureOptions
{
    /// <summary>Number of regime posterior columns R ≥ 0 (must equal <see cref="JudgeMarketData.RegimeCount"/>).</summary>
    public int RegimeCount { get; init; }

    /// <summary>Whether the quantile columns exist (every candidate must then carry both quantiles).</summary>
    public bool IncludeQuantiles { get; init; }

    /// <summary>Span of the EWMA realised volatility of ln mid returns, steps ≥ 1.</summary>
    public int VolatilitySpan { get; init; } = 300;

    /// <summary>Calendar whose time zone and grid open define <c>time_of_day</c>.</summary>
    public TradingCalendar Calendar { get; init; } = TradingCalendar.UsEquity;

    /// <summary>The feature schema these options produce.</summary>
    /// <returns>Version <see cref="JudgeFeatures.SchemaVersion"/> with the column names in row order.</returns>
    public Features.FeatureSchema Schema() => JudgeFeatures.SchemaFor(RegimeCount, IncludeQuantiles);
}
