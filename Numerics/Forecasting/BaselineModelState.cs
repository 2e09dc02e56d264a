namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// A checkpoint of a frozen <see cref="BaselineModel"/> and its <see cref="Regression.RidgeCoefficients"/>, flattened to
/// primitives and arrays (the model rebuilt from it predicts bit for bit as the original). Plain data; the arrays are
/// copies.
/// </summary>
/// <param name="TrainedThrough">The last UTC day the fit saw.</param>
/// <param name="HorizonTicks">The forecast horizon H, ticks of 100 ns, &gt; 0.</param>
/// <param name="FeatureColumns">The engine's feature columns, length p, each in [0, <see cref="FeatureIndex.Count"/>).</param>
/// <param name="Means">Column means μⱼ, length p, finite.</param>
/// <param name="Scales">Column scales sⱼ, length p, finite and &gt; 0.</param>
/// <param name="Coefficients">Standardised coefficients βⱼ, length p, finite.</param>
/// <param name="Intercept">The intercept, a log return over H, finite.</param>
/// <param name="Penalty">The ridge penalty λ, finite and ≥ 0.</param>
/// <param name="TrainingRows">Training rows n ≥ p + 2.</param>
/// <param name="ResidualStandardDeviation">The fit's residual standard deviation, a log return over H, finite and ≥ 0.</param>
public sealed record BaselineModelState(
    DateOnly TrainedThrough,
    long HorizonTicks,
    int[] FeatureColumns,
    double[] Means,
    double[] Scales,
    double[] Coefficients,
    double Intercept,
    double Penalty,
    int TrainingRows,
    double ResidualStandardDeviation);
