using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>A forecast that passed the gates, as the account engine sizes it (a grain maps its signal message to it).</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Market time of the forecast, UTC; forecasts come in time, then ticker (ordinal) order.</param>
/// <param name="Nbbo">The NBBO at the forecast: the account marks it and prices the order at its far side.</param>
/// <param name="ExpectedLogReturn">Expected log return of the mid over the forecast horizon (dimensionless).</param>
/// <param name="NoiseStandardDeviation">Residual standard deviation of the model's log return over the same horizon;
/// a forecast with a value that is not positive (or NaN) is not sized.</param>
/// <param name="Horizon">The forecast horizon (read by policy sizing; zero: unknown, the policy refuses the forecast).</param>
/// <param name="RealisedVolatility">Realised volatility at the forecast, ln price per √second (policy sizing).</param>
/// <param name="Trend">The filtered slope of ln mid, ln price per second (policy sizing); NaN: none.</param>
/// <param name="ModelVersion">The forecasting model's version, kept in the order's audit trail; null: unknown.</param>
public readonly record struct AccountForecast(
    Symbol Symbol,
    UnixNanos Time,
    Quote Nbbo,
    double ExpectedLogReturn,
    double NoiseStandardDeviation,
    TimeSpan Horizon = default,
    double RealisedVolatility = double.NaN,
    double Trend = double.NaN,
    string? ModelVersion = null)
{
    /// <summary>The fields sizing reads.</summary>
    public Sizing.SizingForecast ToSizing() =>
        new(ExpectedLogReturn, NoiseStandardDeviation, Horizon, RealisedVolatility, Trend, ModelVersion ?? string.Empty);
}
