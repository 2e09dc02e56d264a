namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// A supervised training set built by <see cref="AcausalHorizonTargetBuilder"/> from one day's log: rows i = 0..n−1.
/// </summary>
/// <param name="Day">The UTC day the rows come from.</param>
/// <param name="Features">X of shape (n, k): the selected feature columns at the row time.</param>
/// <param name="Targets">y of length n: ln mid(t + H) − ln mid(t), where mid(t + H) is the last recorded mid at or
/// before t + H (a log return, dimensionless). ACAUSAL: it reads the future of each row.</param>
/// <param name="RowTimes">Row times t (UnixNanos values), length n.</param>
/// <param name="TargetTimes">Times of the rows that gave mid(t + H), length n; each is ≤ t + H.</param>
/// <param name="Horizon">The horizon H.</param>
/// <param name="FeatureColumns">The columns of the engine's feature vector that make up X, length k.</param>
public sealed record TrainingSet(
    DateOnly Day,
    double[,] Features,
    double[] Targets,
    long[] RowTimes,
    long[] TargetTimes,
    TimeSpan Horizon,
    int[] FeatureColumns);
