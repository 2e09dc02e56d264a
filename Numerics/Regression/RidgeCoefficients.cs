namespace Quant.Orleans.Numerics.Regression;

/// <summary>
/// The frozen, serialisable result of a <see cref="RidgeRegression"/> fit (a plain record of arrays, so that
/// System.Text.Json or any serialiser round-trips it): the prediction for features x (length p) is
/// <c>ŷ = Intercept + Σⱼ Coefficients[j]·(x[j] − Means[j]) / Scales[j]</c>. Arrays compare by reference; treat them as
/// immutable.
/// </summary>
/// <param name="Means">Column means μⱼ of the training features, length p, in each feature's unit.</param>
/// <param name="Scales">Column scales sⱼ &gt; 0 (population standard deviation, N normaliser; 1 for a constant column),
/// length p, in each feature's unit.</param>
/// <param name="Coefficients">Coefficients βⱼ on the standardised features, length p, in the target's unit.</param>
/// <param name="Intercept">The unpenalised intercept (the mean target), in the target's unit.</param>
/// <param name="Penalty">The ridge penalty λ ≥ 0 applied to Σβⱼ² against the residual sum of squares.</param>
/// <param name="TrainingRows">The number of training rows n.</param>
/// <param name="ResidualStandardDeviation">√(RSS/(n − p − 1)) of the fit, in the target's unit.</param>
public sealed record RidgeCoefficients(
    double[] Means,
    double[] Scales,
    double[] Coefficients,
    double Intercept,
    double Penalty,
    int TrainingRows,
    double ResidualStandardDeviation);
