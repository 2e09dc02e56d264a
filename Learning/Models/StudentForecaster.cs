namespace Quant.Orleans.Learning.Models;

/// <summary>A student's forecast at one horizon, in log-return units.</summary>
/// <param name="ExpectedLogReturn">The median quantile × mean scale × √(horizon steps): the forecast of the golden
/// (smoothed) log return over the horizon.</param>
/// <param name="NoiseStandardDeviation">(q₀.₉ − q₀.₁) / (2 · 1.2816) × mean scale × √(horizon steps): the normal-equivalent
/// standard deviation of the forecast's 80% interval.</param>
/// <param name="Confidence">The probability mass of the student's bin distribution on the median's side of 0, in
/// [0, 1] (0.5 = no view).</param>
/// <param name="Position">The position head, in [−1, 1].</param>
/// <param name="MeanScale">The window's mean scale (mean |one-step log return|).</param>
/// <param name="QuantileLow">The smaller of the 0.1 and 0.9 quantiles (the heads may cross) × mean scale × √(horizon
/// steps), log return; NaN when not computed.</param>
/// <param name="QuantileHigh">The larger of the two, same units; NaN when not computed.</param>
public readonly record struct StudentForecast(
    double ExpectedLogReturn, double NoiseStandardDeviation, double Confidence, double Position, double MeanScale,
    double QuantileLow = double.NaN, double QuantileHigh = double.NaN);

/// <summary>
/// Serves a distilled <see cref="ChronosStudent"/> on live windows: raw causal rows and log mids in
/// (<see cref="StudentTokens.Fill"/>, the same tokens as training), one pass of the network
/// (<see cref="IStudentNetwork"/>: the engine's <see cref="ChronosStudentInference"/>, or the ONNX export in ONNX
/// Runtime; only this call differs between runtimes), and the outputs turned back into log returns with the window's
/// mean scale. No allocation per call. The quantile levels must include 0.1, 0.5 and 0.9 (the rule above reads them).
/// One instance per grain (not thread-safe); disposing it disposes the network it owns.
/// </summary>
public sealed class StudentForecaster : IDisposable
{
    private const double NormalEightyPercentWidth = 2 * 1.2815515655446004; // Φ⁻¹(0.9) − Φ⁻¹(0.1)

    private readonly IStudentNetwork _network;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly float _floor;
    private readonly int[] _horizonSteps;
    private readonly int _q10;
    private readonly int _q50;
    private readonly int _q90;
    private readonly float[] _centers;
    private readonly float[] _tokens;
    private readonly float[] _quantiles;
    private readonly float[] _logits;
    private readonly float[] _barriers = new float[ChronosStudent.BarrierClasses];

    /// <summary>Prepares serving.</summary>
    /// <param name="model">The student (its weights are copied and packed now).</param>
    /// <param name="mean">The training scaler's per-column mean of the raw student columns, shape (F).</param>
    /// <param name="scale">The training scaler's per-column scale, shape (F).</param>
    /// <param name="bins">The target bins the student's logits are over.</param>
    /// <param name="quantileLevels">The quantile head's levels, shape (Q).</param>
    /// <param name="horizonSteps">Each horizon in grid steps, shape (H).</param>
    /// <param name="scaleFloor">The mean scale's floor used in training.</param>
    /// <exception cref="ArgumentException">A shape disagrees with the model, or the levels lack 0.1, 0.5 or 0.9.</exception>
    public StudentForecaster(ChronosStudent model, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, MeanScaleQuantizer bins, ReadOnlySpan<float> quantileLevels, ReadOnlySpan<int> horizonSteps, float scaleFloor)
        : this(new EngineStudentNetwork(model ?? throw new ArgumentNullException(nameof(model))), mean, scale, bins, quantileLevels, horizonSteps, scaleFloor)
    {
    }

    /// <summary>Prepares serving with a network on any runtime (<see cref="EngineStudentNetwork"/>, or
    /// <c>Onnx.OnnxStudentRunner</c>); the forecaster owns <paramref name="network"/> from now on and disposes it, also
    /// when this constructor throws.</summary>
    /// <param name="network">The student's network; its L, F + 1, H, Q and K must match the other arguments.</param>
    /// <param name="mean">The training scaler's per-column mean of the raw student columns, shape (F).</param>
    /// <param name="scale">The training scaler's per-column scale, shape (F).</param>
    /// <param name="bins">The target bins the student's logits are over, K of them.</param>
    /// <param name="quantileLevels">The quantile head's levels, shape (Q).</param>
    /// <param name="horizonSteps">Each horizon in grid steps, shape (H).</param>
    /// <param name="scaleFloor">The mean scale's floor used in training.</param>
    /// <exception cref="ArgumentException">A shape disagrees with the network (both sizes named), or the levels lack
    /// 0.1, 0.5 or 0.9.</exception>
    public StudentForecaster(IStudentNetwork network, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, MeanScaleQuantizer bins, ReadOnlySpan<float> quantileLevels, ReadOnlySpan<int> horizonSteps, float scaleFloor)
    {
        ArgumentNullException.ThrowIfNull(network);
        try
        {
            ArgumentNullException.ThrowIfNull(bins);
            if (mean.Length + 1 != network.InputFeatures || scale.Length != mean.Length)
            {
                throw new ArgumentException($"{mean.Length} means and {scale.Length} scales; the student takes {network.InputFeatures} inputs per step (the columns and the log-mid path).", nameof(mean));
            }

            if (quantileLevels.Length != network.QuantileCount || horizonSteps.Length != network.Horizons || bins.Bins != network.Bins)
            {
                throw new ArgumentException($"{quantileLevels.Length} quantile levels, {horizonSteps.Length} horizons and {bins.Bins} bins; the student has {network.QuantileCount}, {network.Horizons} and {network.Bins}.", nameof(quantileLevels));
            }

            (_q10, _q50, _q90) = (Level(quantileLevels, 0.1f), Level(quantileLevels, 0.5f), Level(quantileLevels, 0.9f));
        }
        catch
        {
            network.Dispose();
            throw;
        }

        _network = network;
        (_mean, _scale, _floor, _horizonSteps) = (mean.ToArray(), scale.ToArray(), scaleFloor, horizonSteps.ToArray());
        _centers = new float[bins.Bins];
        bins.BinCenters(_centers);
        Window = network.Window;
        Features = mean.Length;
        Horizons = network.Horizons;
        _tokens = new float[network.Window * network.InputFeatures];
        _quantiles = new float[network.Horizons * network.QuantileCount];
        _logits = new float[network.Horizons * network.Bins];
    }

    /// <summary>The runtime the network runs on.</summary>
    public StudentRuntime Runtime => _network.Runtime;

    /// <summary>Window length L, grid steps.</summary>
    public int Window { get; }

    /// <summary>Raw columns per row, F.</summary>
    public int Features { get; }

    /// <summary>Horizons, H.</summary>
    public int Horizons { get; }

    /// <summary>Forecasts from one causal window.</summary>
    /// <param name="rows">Raw rows, shape (L, F), time order.</param>
    /// <param name="logMids">L + 1 log mids (the step before the window, then each step).</param>
    /// <param name="horizon">The horizon index to report.</param>
    /// <param name="forecast">The forecast at that horizon.</param>
    /// <returns>False when an input or output is not finite (the caller falls back and counts it).</returns>
    /// <exception cref="ArgumentException">A shape disagrees.</exception>
    public bool TryForecast(ReadOnlySpan<float> rows, ReadOnlySpan<double> logMids, int horizon, out StudentForecast forecast)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(horizon, Horizons);
        forecast = default;
        foreach (var m in logMids)
        {
            if (!double.IsFinite(m))
            {
                return false;
            }
        }

        var meanScale = StudentTokens.Fill(rows, logMids, _mean, _scale, _floor, _tokens);
        var position = _network.Run(_tokens, _quantiles, _logits, _barriers);
        var q = _quantiles.Length / Horizons;
        var k = _centers.Length;
        var root = Math.Sqrt(_horizonSteps[horizon]) * meanScale;
        var median = _quantiles[(horizon * q) + _q50];
        var spread = _quantiles[(horizon * q) + _q90] - _quantiles[(horizon * q) + _q10];

        // Softmax of the horizon's logits, and the mass on the median's side of 0.
        var logits = _logits.AsSpan(horizon * k, k);
        var max = float.NegativeInfinity;
        foreach (var v in logits)
        {
            max = MathF.Max(max, v);
        }

        double total = 0, side = 0;
        for (var b = 0; b < k; b++)
        {
            var e = Math.Exp(logits[b] - max);
            total += e;
            if ((median >= 0 && _centers[b] > 0) || (median < 0 && _centers[b] < 0))
            {
                side += e;
            }
        }

        // The heads are unconstrained, so the 0.1 and 0.9 quantiles may cross: reported in order (the spread uses |·| too).
        var q10 = _quantiles[(horizon * q) + _q10] * root;
        var q90 = _quantiles[(horizon * q) + _q90] * root;
        forecast = new StudentForecast(
            median * root, Math.Abs(spread) / NormalEightyPercentWidth * root, side / total, position, meanScale,
            Math.Min(q10, q90), Math.Max(q10, q90));
        return double.IsFinite(forecast.ExpectedLogReturn) && double.IsFinite(forecast.NoiseStandardDeviation) && double.IsFinite(forecast.Confidence) && float.IsFinite(position);
    }

    /// <summary>Disposes the network (for ONNX Runtime: its session and pinned buffers).</summary>
    public void Dispose() => _network.Dispose();

    private static int Level(ReadOnlySpan<float> levels, float level)
    {
        for (var i = 0; i < levels.Length; i++)
        {
            if (Math.Abs(levels[i] - level) < 1e-6f)
            {
                return i;
            }
        }

        throw new ArgumentException($"The quantile levels [{string.Join(", ", levels.ToArray())}] lack {level}; the serving rule reads 0.1, 0.5 and 0.9.", nameof(levels));
    }
}
