using Microsoft.Extensions.Logging;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// One student as a symbol grain serves it: the model, the causal window it reads (shared with another serving of the
/// same <see cref="StudentModel.WindowKey"/>), its own forecaster and input buffers, and the daytime adaptation when the
/// model has one. A symbol grain holds one for the version its signals trade with and, during a rollout, one for the
/// shadow version; a swap replaces the serving at a batch boundary and keeps the window when the keys match.
/// </summary>
internal sealed class StudentServing : IDisposable
{
    private readonly float[] _rows;
    private readonly double[] _logMids;

    /// <summary>Creates the serving of <paramref name="model"/> under the version label <paramref name="version"/>.</summary>
    /// <param name="model">The checked student.</param>
    /// <param name="version">The version signals carry: the registry's version id when served by a rollout, else the
    /// model folder's version.</param>
    /// <param name="window">The window to read, or null for a new one.</param>
    /// <param name="ticker">The symbol (for the adaptation's seeds and logs).</param>
    /// <param name="logger">The grain's log.</param>
    public StudentServing(StudentModel model, string version, StudentWindow? window, string ticker, ILogger logger)
    {
        Model = model;
        Version = version;
        Window = window ?? model.CreateWindow();
        Forecaster = model.CreateForecaster();
        _rows = new float[Forecaster.Window * Forecaster.Features];
        _logMids = new double[Forecaster.Window + 1];
        Adaptation = model.Adaptation is null ? null : new StudentDayAdaptation(model, ticker, logger);
    }

    /// <summary>The model.</summary>
    public StudentModel Model { get; }

    /// <summary>The version label of its signals (before adaptation).</summary>
    public string Version { get; }

    /// <summary>The causal window it reads.</summary>
    public StudentWindow Window { get; }

    /// <summary>The forecaster of the loaded weights.</summary>
    public StudentForecaster Forecaster { get; }

    /// <summary>The daytime adaptation, or null.</summary>
    public StudentDayAdaptation? Adaptation { get; }

    /// <summary>The version the current forecasts carry: the adaptation's when adapted weights serve.</summary>
    public string ServedVersion => Adaptation?.Version ?? Version;

    /// <summary>The window's rows of the last <see cref="TryForecast"/> (L·F raw feature values, oldest step first).</summary>
    public ReadOnlySpan<float> Rows => _rows;

    /// <summary>Number of feature columns per step.</summary>
    public int Features => Forecaster.Features;

    /// <summary>Forecasts the served horizon from the window's current contents.</summary>
    /// <param name="forecast">The forecast when served.</param>
    /// <returns>False while the window warms up or when the forecast is not finite.</returns>
    public bool TryForecast(out StudentForecast forecast)
    {
        if (!Window.IsReady)
        {
            forecast = default;
            return false;
        }

        Window.CopyTo(_rows, _logMids);
        var forecaster = Adaptation?.Forecaster ?? Forecaster;
        return forecaster.TryForecast(_rows, _logMids, Model.Horizon, out forecast) && forecast.NoiseStandardDeviation > 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Adaptation?.Dispose();
        Forecaster.Dispose();
    }
}
