namespace Quant.Orleans.Client.Gateway;

/// <summary>A strategy signal, as the <c>signal</c> events of <c>/api/events</c> carry it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Time">Market time of the signal, UTC.</param>
/// <param name="Forecast">The model's forecast (a return over the horizon, dimensionless).</param>
/// <param name="Level">The filtered price level, USD per unit.</param>
/// <param name="Slope">The filtered trend slope, USD per unit per step.</param>
/// <param name="RegimePass">True when the regime filter lets the signal trade.</param>
/// <param name="JudgePass">True when the judge model lets the signal trade.</param>
public sealed record SignalDto(string Symbol, DateTimeOffset Time, double Forecast, double Level, double Slope, bool RegimePass, bool JudgePass);
