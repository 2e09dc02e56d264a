using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Regression;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// Holds the frozen baseline for one trading day and turns the engine's feature vector into a forecast of the log-mid
/// return over the model's horizon, with the fit's residual standard deviation as the noise for a forecast-to-noise
/// gate. Walk-forward: <see cref="Load"/> refuses a model trained on the trading day or later. Until a model is loaded
/// (the first day) it is not ready and gives no forecast. Allocation-free per forecast; not thread-safe.
/// </summary>
public sealed class BaselineForecaster
{
    private RidgeModel? _ridge;
    private int[] _columns = [];
    private double[] _selected = [];

    /// <summary>Creates a forecaster for <paramref name="tradingDay"/>, not ready until a model is loaded.</summary>
    /// <param name="tradingDay">The UTC day being traded.</param>
    public BaselineForecaster(DateOnly tradingDay) => TradingDay = tradingDay;

    /// <summary>The UTC day being traded.</summary>
    public DateOnly TradingDay { get; }

    /// <summary>True once a model trained before <see cref="TradingDay"/> is loaded.</summary>
    public bool IsReady => _ridge is not null;

    /// <summary>The loaded model, or null.</summary>
    public BaselineModel? Model { get; private set; }

    /// <summary>The forecast horizon of the loaded model; zero when not ready.</summary>
    public TimeSpan Horizon => Model?.Horizon ?? TimeSpan.Zero;

    /// <summary>The residual standard deviation of the fit, a log return over the horizon; NaN when not ready.</summary>
    public double ResidualStandardDeviation => Model?.Ridge.ResidualStandardDeviation ?? double.NaN;

    /// <summary>Loads a frozen model.</summary>
    /// <param name="model">A model trained through a day strictly before <see cref="TradingDay"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model saw <see cref="TradingDay"/> or a later day (look-ahead), or its
    /// columns do not match its coefficients.</exception>
    public void Load(BaselineModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TrainedThrough >= TradingDay)
        {
            throw new ArgumentException(
                $"Look-ahead: the model was trained through {model.TrainedThrough:yyyy-MM-dd}, which is not before the trading day {TradingDay:yyyy-MM-dd}.",
                nameof(model));
        }

        ArgumentNullException.ThrowIfNull(model.FeatureColumns, "model.FeatureColumns");
        var ridge = new RidgeModel(model.Ridge);
        if (ridge.FeatureCount != model.FeatureColumns.Length)
        {
            throw new ArgumentException($"The model has {model.FeatureColumns.Length} feature columns but {ridge.FeatureCount} coefficients.", nameof(model));
        }

        foreach (var c in model.FeatureColumns)
        {
            if (c < 0 || c >= FeatureIndex.Count)
            {
                throw new ArgumentException($"Feature column {c} is outside the engine's {FeatureIndex.Count} features.", nameof(model));
            }
        }

        _ridge = ridge;
        _columns = (int[])model.FeatureColumns.Clone();
        _selected = new double[_columns.Length];
        Model = model;
    }

    /// <summary>Forecasts the log-mid return over <see cref="Horizon"/> from the engine's feature vector.</summary>
    /// <param name="features">The full feature vector of <see cref="SymbolFeatureEngine"/>, length
    /// <see cref="FeatureIndex.Count"/>.</param>
    /// <param name="expectedLogReturn">The expected ln mid(t + H) − ln mid(t); NaN when not ready.</param>
    /// <param name="residualStandardDeviation">The fit's residual standard deviation, same unit; NaN when not ready.</param>
    /// <returns>False when no model is loaded (no forecast, no trades).</returns>
    /// <exception cref="ArgumentException"><paramref name="features"/> has the wrong length.</exception>
    public bool TryForecast(ReadOnlySpan<double> features, out double expectedLogReturn, out double residualStandardDeviation)
    {
        if (_ridge is null)
        {
            expectedLogReturn = double.NaN;
            residualStandardDeviation = double.NaN;
            return false;
        }

        if (features.Length != FeatureIndex.Count)
        {
            throw new ArgumentException($"features has length {features.Length}; expected {FeatureIndex.Count}.", nameof(features));
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            _selected[c] = features[_columns[c]];
        }

        expectedLogReturn = _ridge.Predict(_selected);
        residualStandardDeviation = ResidualStandardDeviation;
        return true;
    }

    /// <summary>Copies the trading day and the loaded model into a checkpoint (allocates; the forecaster is unchanged).</summary>
    /// <returns>A deep copy of the model's arrays.</returns>
    public BaselineForecasterState Capture()
    {
        if (Model is null)
        {
            return new BaselineForecasterState(TradingDay, null);
        }

        var r = Model.Ridge;
        return new BaselineForecasterState(
            TradingDay,
            new BaselineModelState(
                Model.TrainedThrough,
                Model.Horizon.Ticks,
                (int[])Model.FeatureColumns.Clone(),
                (double[])r.Means.Clone(),
                (double[])r.Scales.Clone(),
                (double[])r.Coefficients.Clone(),
                r.Intercept,
                r.Penalty,
                r.TrainingRows,
                r.ResidualStandardDeviation));
    }

    /// <summary>Rebuilds a forecaster from a checkpoint: the same day and model (copied), forecasting bit for bit as the
    /// captured one.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <returns>A new forecaster, ready when the checkpoint holds a model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">A model array is missing, of another length than the feature columns or not
    /// finite, a scale is not positive, a column is outside the feature vector, the horizon is not positive, the row
    /// count is below p + 2, or the model was trained on or after the trading day; the message names the field.</exception>
    public static BaselineForecaster Restore(BaselineForecasterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var forecaster = new BaselineForecaster(state.TradingDay);
        if (state.Model is not { } m)
        {
            return forecaster;
        }

        const string Name = "BaselineForecasterState.Model";
        CheckpointGuard.Rule(m.TrainedThrough < state.TradingDay, Name + ".TrainedThrough", $"{m.TrainedThrough:yyyy-MM-dd} is not before the trading day {state.TradingDay:yyyy-MM-dd} (look-ahead).");
        CheckpointGuard.Rule(m.HorizonTicks > 0, Name + ".HorizonTicks", $"{m.HorizonTicks} must be positive.");
        var columns = CheckpointGuard.NotNull(m.FeatureColumns, Name + ".FeatureColumns");
        var p = columns.Length;
        CheckpointGuard.Rule(p > 0, Name + ".FeatureColumns", "must name at least one column.");
        foreach (var c in columns)
        {
            CheckpointGuard.Rule(c >= 0 && c < FeatureIndex.Count, Name + ".FeatureColumns", $"column {c} is outside the engine's {FeatureIndex.Count} features.");
        }

        CheckpointGuard.FiniteLength(m.Means, p, Name + ".Means");
        var scales = CheckpointGuard.FiniteLength(m.Scales, p, Name + ".Scales");
        foreach (var s in scales)
        {
            CheckpointGuard.Rule(s > 0.0, Name + ".Scales", $"scale {s} must be positive.");
        }

        CheckpointGuard.FiniteLength(m.Coefficients, p, Name + ".Coefficients");
        CheckpointGuard.Finite(m.Intercept, Name + ".Intercept");
        CheckpointGuard.Finite(m.Penalty, Name + ".Penalty");
        CheckpointGuard.Rule(m.Penalty >= 0.0, Name + ".Penalty", "must not be negative.");
        CheckpointGuard.Rule(m.TrainingRows >= p + 2, Name + ".TrainingRows", $"{m.TrainingRows} is below p + 2 = {p + 2}.");
        CheckpointGuard.Finite(m.ResidualStandardDeviation, Name + ".ResidualStandardDeviation");
        CheckpointGuard.Rule(m.ResidualStandardDeviation >= 0.0, Name + ".ResidualStandardDeviation", "must not be negative.");
        var ridge = new RidgeCoefficients(
            (double[])m.Means.Clone(), (double[])m.Scales.Clone(), (double[])m.Coefficients.Clone(), m.Intercept, m.Penalty, m.TrainingRows, m.ResidualStandardDeviation);
        forecaster.Load(new BaselineModel(m.TrainedThrough, new TimeSpan(m.HorizonTicks), (int[])columns.Clone(), ridge));
        return forecaster;
    }
}
