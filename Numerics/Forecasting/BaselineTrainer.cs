using Quant.Orleans.Numerics.Regression;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// The nightly fit of the baseline (ACAUSAL: it uses <see cref="AcausalHorizonTargetBuilder"/>): builds the training
/// set of a finished day and fits <see cref="RidgeRegression"/>; the result is frozen as a <see cref="BaselineModel"/>
/// for the next day. Deterministic.
/// </summary>
public static class BaselineTrainer
{
    /// <summary>Fits the baseline on one finished day.</summary>
    /// <param name="log">The day's rows (warm rows only, as recorded by the grain).</param>
    /// <param name="options">Training options; null for the defaults.</param>
    /// <returns>The frozen model, trained through <see cref="DayFeatureLog.Day"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    /// <exception cref="ArgumentException">The day gives too few training rows (fewer than columns + 2), or see
    /// <see cref="RidgeRegression.Fit"/>.</exception>
    public static BaselineModel Fit(DayFeatureLog log, TrainingSetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var set = AcausalHorizonTargetBuilder.Build(log, options ?? new TrainingSetOptions());
        return Fit(set, options ?? new TrainingSetOptions());
    }

    /// <summary>Fits the baseline on a built training set.</summary>
    /// <param name="set">The training set of one day.</param>
    /// <param name="options">Training options (the ridge penalty is read here).</param>
    /// <returns>The frozen model, trained through <see cref="TrainingSet.Day"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">See <see cref="RidgeRegression.Fit"/>.</exception>
    public static BaselineModel Fit(TrainingSet set, TrainingSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ridge = RidgeRegression.Fit(set.Features, set.Targets, options.RidgePenalty);
        return new BaselineModel(set.Day, set.Horizon, (int[])set.FeatureColumns.Clone(), ridge);
    }
}
