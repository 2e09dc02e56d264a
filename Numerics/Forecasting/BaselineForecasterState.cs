namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// A checkpoint of a <see cref="BaselineForecaster"/> (<see cref="BaselineForecaster.Capture"/>): the trading day and the
/// loaded model. The ridge's folded weights are not stored: <see cref="BaselineForecaster.Restore"/> folds them again
/// from the coefficients, which gives the same bits. Plain data.
/// </summary>
/// <param name="TradingDay">The UTC day being traded.</param>
/// <param name="Model">The loaded model, trained through a day before <paramref name="TradingDay"/>; null when none is
/// loaded.</param>
public sealed record BaselineForecasterState(DateOnly TradingDay, BaselineModelState? Model);
