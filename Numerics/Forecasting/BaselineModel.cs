using Quant.Orleans.Numerics.Regression;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// The frozen linear baseline, serialisable (a plain record; System.Text.Json round-trips it): a ridge fit of the
/// log-mid return over <see cref="Horizon"/> on the engine's <see cref="FeatureColumns"/>, trained on the days up to and
/// including <see cref="TrainedThrough"/>. It may only forecast on a later day (walk-forward).
/// </summary>
/// <param name="TrainedThrough">The last UTC day whose data the fit saw.</param>
/// <param name="Horizon">The forecast horizon H.</param>
/// <param name="FeatureColumns">The engine's feature columns, in the order of the ridge's coefficients.</param>
/// <param name="Ridge">The ridge coefficients; the target unit is a log return over H.</param>
public sealed record BaselineModel(DateOnly TrainedThrough, TimeSpan Horizon, int[] FeatureColumns, RidgeCoefficients Ridge);
