using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Evaluation;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Silo.Training;

/// <summary>
/// Step 2 of the <c>student</c> family, <c>evaluate</c>: the walk-forward scores the distillation computed (each test
/// day d scored by models trained only on days before d; <see cref="DistillationEvaluation"/>), read from the student
/// folder's <c>report.json</c> and recorded with their methods as registry metrics in
/// <c>&lt;work folder&gt;/metrics.json</c> (the execution's own folder, published whole). It trains nothing and computes no new score. With <c>Training:Evaluate</c>
/// off, or with a single day (no fold), the file holds no metric. Idempotent: each execution writes its own file.
/// Per fold and for the <c>student</c> and the <c>ridge</c> baseline: the weighted quantile loss, MASE and hit rate at
/// every horizon and the after-cost Sortino; the method names the estimator, the fold's days and the bootstrap interval.
/// Artefact: <c>metrics.json</c> and its SHA-256.
/// </summary>
public sealed class EvaluateStep : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "evaluate";

    /// <summary>The metrics file in the run folder.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>The forecasters whose scores are recorded.</summary>
    public static IReadOnlyList<string> Forecasters { get; } = ["student", "ridge"];

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var student = StudentFolder(context);
        var report = JsonSerializer.Deserialize<DistillReport>(await File.ReadAllTextAsync(Path.Combine(student, ModelFolder.ReportFile), cancellationToken), DistillationModelStore.ReportJson)
            ?? throw new InvalidDataException($"'{Path.Combine(student, ModelFolder.ReportFile)}' holds no report.");
        var metrics = Metrics(report.Evaluation ?? []);
        var path = Path.Combine(context.WorkFolder, MetricsFile);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(metrics, RegistryJson.Indented);
        await TrainingData.PublishAsync(context.WorkFolder, async temp =>
        {
            await File.WriteAllBytesAsync(Path.Combine(temp, MetricsFile), bytes, cancellationToken);
            return 0;
        });
        return new TrainingArtefact(path, ModelFolder.Sha256(bytes), [new TrainingMetric("metrics", metrics.Length), new TrainingMetric("folds", report.Evaluation?.Length ?? 0)]);
    }

    /// <summary>The student folder the <c>distill</c> step wrote (its artefact path).</summary>
    /// <param name="context">The step's context.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="InvalidOperationException">No finished <c>distill</c> step precedes this one.</exception>
    public static string StudentFolder(TrainingStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Previous.FirstOrDefault(r => r.StepName == DistillStep.StepName)?.Artefact.ArtefactPath
            ?? throw new InvalidOperationException($"run {context.RunId} of family '{context.Family}' has no finished '{DistillStep.StepName}' step before step {context.StepIndex + 1} of {context.StepCount}.");
    }

    /// <summary>The registry metrics of the walk-forward folds.</summary>
    /// <param name="folds">The folds as the distillation's report holds them.</param>
    /// <returns>Per fold, forecaster and horizon: WQL, MASE, hit rate; per fold and forecaster: Sortino.</returns>
    public static ModelMetric[] Metrics(IReadOnlyList<FoldEvaluation> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var metrics = new List<ModelMetric>();
        foreach (var fold in folds)
        {
            var day = fold.TestDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var train = string.Join(",", fold.TrainingDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            var where = $"walk-forward fold: trained on {train}, tested on {day}, {fold.EvaluationSamples} evaluation samples";
            foreach (var forecaster in fold.Forecasters.Where(f => Forecasters.Contains(f.Name, StringComparer.Ordinal)))
            {
                foreach (var h in forecaster.Horizons)
                {
                    var horizon = h.HorizonSeconds.ToString("0", CultureInfo.InvariantCulture) + "s";
                    metrics.Add(Metric($"{forecaster.Name}.wql.{horizon}@{day}", "weighted quantile loss against the golden (smoothed) return", where, h.WeightedQuantileLoss, "loss"));
                    metrics.Add(Metric($"{forecaster.Name}.mase.{horizon}@{day}", "mean absolute scaled error (scale: mean |golden return| of the training samples)", where, h.Mase, "ratio"));
                    metrics.Add(Metric($"{forecaster.Name}.hit_rate.{horizon}@{day}", "share of samples whose forecast sign equals the golden return's", where, h.HitRate, "fraction"));
                }

                metrics.Add(Metric($"{forecaster.Name}.sortino@{day}", $"after-cost Sortino per trading-horizon period, not annualised ({forecaster.PositionRule})", where, forecaster.Sortino, "ratio"));
            }
        }

        return [.. metrics];
    }

    private static ModelMetric Metric(string name, string estimator, string where, IntervalEstimate e, string unit)
    {
        var interval = double.IsNaN(e.Low) || double.IsNaN(e.High)
            ? string.Empty
            : FormattableString.Invariant($"; {e.Confidence * 100:0.#}% moving-block bootstrap interval [{e.Low:G6}, {e.High:G6}], block {e.BlockLength}");
        var ok = double.IsFinite(e.Value);
        return new ModelMetric(name, $"{estimator}; {where}{interval}", ok ? e.Value : null, ok ? "ok" : "undefined", e.Samples, unit);
    }

    /// <summary>The part of the distillation's <c>report.json</c> this step reads.</summary>
    /// <param name="Evaluation">The walk-forward folds (empty without evaluation).</param>
    private sealed record DistillReport(FoldEvaluation[]? Evaluation);
}
