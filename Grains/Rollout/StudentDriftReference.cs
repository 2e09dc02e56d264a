using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Symbols;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Drift;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>
/// Builds a student's <see cref="DriftReference"/>: the days' events of each symbol go through the same causal
/// <see cref="StudentWindow"/> and forecaster a symbol grain serves with, and at every grid step at which the window
/// is ready the forecast μ of the served horizon and the newest row of the inputs are kept (what a symbol grain reports
/// at its decision points, sampled on the model's own grid instead of the ridge session's cadence). Each sample is then
/// thinned to <see cref="DriftReference.MaxValues"/> values (<see cref="DriftReference.Thin"/>). Deterministic: the
/// same model, data and days give the same file.
/// </summary>
public static class StudentDriftReference
{
    /// <summary>Builds the reference.</summary>
    /// <param name="model">The student (its serving horizon is the one monitored).</param>
    /// <param name="dataFolder">A Lean data folder.</param>
    /// <param name="symbols">Symbols, upper case.</param>
    /// <param name="days">Trading days (New York), ascending.</param>
    /// <param name="cancellationToken">Stops between symbols.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="InvalidOperationException">No grid step of any symbol and day was ready (too little data).</exception>
    public static DriftReference Build(StudentModel model, string dataFolder, IReadOnlyList<string> symbols, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(days);
        var predictions = new List<double>();
        List<double>[]? features = null;
        var folder = new LeanDataFolder(dataFolder);
        foreach (var ticker in symbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var serving = new StudentServing(model, model.Version, null, ticker, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            features ??= [.. Enumerable.Range(0, serving.Features).Select(_ => new List<double>())];
            using var source = new LeanTickSource(folder, new Symbol(ticker), days, new QuarantineLog());
            var steps = serving.Window.StepsSampled;
            var day = serving.Window.Day;
            while (source.TryRead(out var e))
            {
                if (e.Kind == MarketEventKind.Trade)
                {
                    serving.Window.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                }
                else
                {
                    serving.Window.OnNbbo(e.Quote);
                }

                if (serving.Window.StepsSampled == steps && serving.Window.Day == day)
                {
                    continue;
                }

                (steps, day) = (serving.Window.StepsSampled, serving.Window.Day);
                if (serving.TryForecast(out var forecast) && double.IsFinite(forecast.ExpectedLogReturn))
                {
                    var newest = serving.Rows[^serving.Features..];
                    var finite = true;
                    foreach (var v in newest)
                    {
                        finite &= float.IsFinite(v);
                    }

                    if (!finite)
                    {
                        continue;
                    }

                    predictions.Add(forecast.ExpectedLogReturn);
                    for (var c = 0; c < newest.Length; c++)
                    {
                        features[c].Add(newest[c]);
                    }
                }
            }
        }

        if (predictions.Count == 0 || features is null)
        {
            throw new InvalidOperationException($"no ready grid step of {string.Join(",", symbols)} on {string.Join(",", days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}: the days are too short for the student's window.");
        }

        var names = DistillationSchemas.Student.Width == features.Length
            ? DistillationSchemas.Student.Columns
            : [.. Enumerable.Range(0, features.Length).Select(i => $"f{i}")];
        var method = string.Create(
            CultureInfo.InvariantCulture,
            $"student {model.Version} horizon {model.HorizonSpan.TotalSeconds:0} s at every ready grid step ({model.Dataset.Cadence.TotalSeconds:0.###} s) of {string.Join(",", symbols)} on {days[0]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}: {predictions.Count} steps, thinned evenly to at most {DriftReference.MaxValues}");
        return new DriftReference(method, names, [.. features.Select(f => DriftReference.Thin(f))], DriftReference.Thin(predictions));
    }
}
