using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>A forecast that passed the gates, as the account engine sizes it (a grain maps its signal message to it).</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Market time of the forecast, UTC; forecasts come in time, then ticker (ordinal) order.</param>
/// <param name="Nbbo">The NBBO at the forecast: the account marks it and prices the order at its far side.</param>
/// <param name="ExpectedLogReturn">Expected log return of the mid over the forecast horizon (dimensionless).</param>
/// <param name="NoiseStandardDeviation">Residual standard deviation of the model's log return over the same horizon;
/// a forecast with a value that is not positive (or NaN) is not sized.</param>
public readonly record struct AccountForecast(Symbol Symbol, UnixNanos Time, Quote Nbbo, double ExpectedLogReturn, double NoiseStandardDeviation);
