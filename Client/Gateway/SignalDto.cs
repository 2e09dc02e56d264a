namespace Quant.Orleans.Client.Gateway;

/// <summary>A strategy signal, as the <c>signal</c> events of <c>/api/events</c> carry it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Time">Market time of the signal, UTC.</param>
/// <param name="Forecast">The model's forecast (a return over the horizon, dimensionless).</param>
/// <param name="Level">The filtered price, USD per unit.</param>
/// <param name="Slope">The filtered slope of the log price, per filter step.</param>
/// <param name="RegimePass">True when the regime gate lets the signal trade (signals that failed a gate are sent too).</param>
/// <param name="JudgePass">True when the judge gate lets the signal trade.</param>
public sealed record SignalDto(string Symbol, DateTimeOffset Time, double Forecast, double Level, double Slope, bool RegimePass, bool JudgePass);
