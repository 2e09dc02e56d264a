namespace Quant.Orleans.Trading.Sizing;

/// <summary>What a sizing method reads of one forecast (the signal's fields; units as in <c>Signal</c>).</summary>
/// <param name="ExpectedLogReturn">μ, expected log return of the mid over <paramref name="Horizon"/>.</param>
/// <param name="NoiseStandardDeviation">σ, the model's residual standard deviation of that log return; a forecast whose
/// σ is not positive (or NaN) is not sized.</param>
/// <param name="Horizon">The forecast horizon (policy sizing only; zero refuses a policy state).</param>
/// <param name="RealisedVolatility">Realised volatility at the forecast, ln price per √second (policy sizing only).</param>
/// <param name="Trend">Filtered slope of ln mid, ln price per second (policy sizing only; NaN: none, the policy refuses).</param>
/// <param name="ModelVersion">The forecasting model's version, for the audit trail; empty when unknown.</param>
public readonly record struct SizingForecast(
    double ExpectedLogReturn,
    double NoiseStandardDeviation,
    TimeSpan Horizon,
    double RealisedVolatility,
    double Trend,
    string ModelVersion);
