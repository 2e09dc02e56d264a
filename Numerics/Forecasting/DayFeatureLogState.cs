namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// A checkpoint of a <see cref="DayFeatureLog"/> (<see cref="DayFeatureLog.Capture"/>): its n rows, trimmed to the
/// count (the spare capacity is not part of it). Plain data; the arrays are copies.
/// </summary>
/// <param name="Day">The UTC trading day of the rows.</param>
/// <param name="FeatureCount">The feature vector length p ≥ 1.</param>
/// <param name="Times">Row times, <see cref="Core.UnixNanos"/> values, length n, non-decreasing, each on <paramref name="Day"/> (UTC).</param>
/// <param name="LogMids">ln(mid) per row, ln(USD), length n, finite.</param>
/// <param name="Features">The feature vectors, shape (n, p), row-major, finite.</param>
public sealed record DayFeatureLogState(DateOnly Day, int FeatureCount, long[] Times, double[] LogMids, double[] Features);
