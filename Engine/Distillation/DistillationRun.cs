using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Learning.Training;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Evaluation;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>What to distil.</summary>
/// <param name="LeanRoot">The folder that holds <c>equity/usa/tick</c>.</param>
/// <param name="Symbols">Symbols.</param>
/// <param name="Days">Trading days, ascending.</param>
/// <param name="ModelsFolder">Where model folders are written (e.g. <c>runs/models</c>).</param>
/// <param name="Evaluate">Run the walk-forward evaluation (train ≤ d − 1, test d) before the final training.</param>
/// <param name="WarmStartStudent">A student folder to refresh (its teacher beside it), or null to train from the seed.</param>
/// <param name="Options">The configuration.</param>
public sealed record DistillationRequest(string LeanRoot, IReadOnlyList<string> Symbols, IReadOnlyList<DateOnly> Days, string ModelsFolder, bool Evaluate, string? WarmStartStudent, DistillationOptions Options);

/// <summary>What a distillation produced.</summary>
/// <param name="TeacherFolder">The teacher's model folder.</param>
/// <param name="StudentFolder">The student's model folder.</param>
/// <param name="Teacher">The teacher's manifest.</param>
/// <param name="Student">The student's manifest.</param>
/// <param name="Folds">The walk-forward folds (empty without evaluation).</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record DistillationOutcome(string TeacherFolder, string StudentFolder, ModelManifest Teacher, ModelManifest Student, IReadOnlyList<FoldEvaluation> Folds, TimeSpan Elapsed);

/// <summary>
/// The <c>distill</c> job: data sets, walk-forward evaluation (each test day d scored by models trained only on days
/// before d), then the final teacher and student trained on every day and written as model folders.
/// </summary>
public static class DistillationRun
{
    /// <summary>The sentence printed beside every evaluation: what the sample supports.</summary>
    public const string SmallSampleCaution =
        "A few trading days are a small sample: read the intervals, not the point values; a difference whose intervals overlap is not established.";

    /// <summary>Runs the job.</summary>
    /// <param name="request">What to distil.</param>
    /// <param name="output">Where the stages, the scores and the folders are written.</param>
    /// <param name="progress">Training progress (a progress bar), or null.</param>
    /// <param name="cancellationToken">Stops the job.</param>
    /// <returns>What was produced.</returns>
    public static DistillationOutcome Run(DistillationRequest request, TextWriter output, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var options = request.Options;
        options.Validate();
        var total = Stopwatch.StartNew();
        var warm = request.WarmStartStudent is null ? null : DistillationModelStore.Load(request.WarmStartStudent, options);
        if (warm is not null)
        {
            output.WriteLine($"warm start: {warm.StudentManifest.Version} (distilled from {warm.TeacherManifest.Version}, trained on {string.Join(", ", warm.StudentManifest.Data.Days.Select(Day))})");
        }

        var watch = Stopwatch.StartNew();
        var days = DistillationPipeline.BuildDays(request.LeanRoot, request.Symbols, request.Days, options.Dataset, cancellationToken);
        output.WriteLine(FormattableString.Invariant($"data sets: {days.Count} symbol-days ({string.Join(",", request.Symbols)} × {string.Join(", ", request.Days.Select(Day))}), {days.Sum(d => d.Steps):N0} grid steps at {options.Dataset.Cadence.TotalSeconds:0.###} s, schema version {DistillationSchemas.Version}, built in {watch.Elapsed.TotalSeconds:F1} s"));

        // Checkpoints of this run's trainings: the same request started again after a kill resumes from them.
        var checkpoints = Path.Combine(request.ModelsFolder, ".checkpoints", RunKey(request));
        var folds = new List<FoldEvaluation>();
        if (request.Evaluate)
        {
            if (request.Days.Count < 2)
            {
                output.WriteLine("walk-forward: skipped (needs at least two days: train on the earlier ones, test on the later)");
            }

            for (var t = 1; t < request.Days.Count; t++)
            {
                var testDay = request.Days[t];
                var trainDays = days.Where(d => d.Day < testDay).ToArray();
                var testDays = days.Where(d => d.Day == testDay).ToArray();
                output.WriteLine($"walk-forward fold {t} of {request.Days.Count - 1}: test {Day(testDay)}, train {string.Join(", ", request.Days.Take(t).Select(Day))}");
                var models = DistillationPipeline.Train(trainDays, options, warm, progress, output, cancellationToken, Path.Combine(checkpoints, "fold-" + Day(testDay)));
                var test = new DistillationSamples(testDays, options, options.EvaluationStride);
                test.Standardise(models.StudentScaler, models.TeacherScaler);
                var evaluation = Enumerable.Range(0, test.Count).ToArray();
                var forecasts = DistillationPipeline.Forecast(models, test, evaluation, options);
                var fold = DistillationEvaluation.Score(testDay, models.TrainingDays, models.TrainingSamples, test, evaluation, forecasts, models.NaiveScales, options);
                folds.Add(fold);
                Print(fold, options, output);
            }

            if (folds.Count > 0)
            {
                output.WriteLine(SmallSampleCaution);
            }
        }

        output.WriteLine($"final training on every day: {string.Join(", ", request.Days.Select(Day))}");
        var final = DistillationPipeline.Train(days, options, warm, progress, output, cancellationToken, Path.Combine(checkpoints, "final"));
        var report = new
        {
            training = new { teacher = final.TeacherReport, student = final.StudentReport, samples = final.TrainingSamples, validation_samples = final.ValidationSamples },
            evaluation = folds,
            caution = folds.Count > 0 ? SmallSampleCaution : null,
            data = new
            {
                symbols = request.Symbols,
                days = request.Days,
                sources = days.SelectMany(d => d.Sources).DistinctBy(s => s.RelativePath).OrderBy(s => s.RelativePath, StringComparer.Ordinal).ToArray(),
            },
        };
        var written = DistillationModelStore.Write(request.ModelsFolder, final, days, options, report, warm);
        Directory.Delete(checkpoints, recursive: true);
        output.WriteLine($"teacher: {written.TeacherFolder}");
        output.WriteLine($"student: {written.StudentFolder} (parent teacher {written.Student.ParentTeacherVersion}{(written.Student.PreviousVersion is { } p ? ", refreshed from " + p : string.Empty)})");
        output.WriteLine(FormattableString.Invariant($"distill finished in {total.Elapsed.TotalSeconds:F1} s"));
        return new DistillationOutcome(written.TeacherFolder, written.StudentFolder, written.Teacher, written.Student, folds, total.Elapsed);
    }

    /// <summary>Prints a fold's scores as a table: every forecaster and horizon with its interval.</summary>
    /// <param name="fold">The fold.</param>
    /// <param name="options">The configuration (confidence, trading horizon).</param>
    /// <param name="output">Where to write.</param>
    public static void Print(FoldEvaluation fold, DistillationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(fold);
        var confidence = (options.Confidence * 100).ToString("0.#", CultureInfo.InvariantCulture);
        output.WriteLine(FormattableString.Invariant($"  test {Day(fold.TestDay)}: {fold.EvaluationSamples:N0} evaluation samples (one per {options.EvaluationStride} steps per symbol), {fold.TrainingSamples:N0} training samples; {confidence}% moving-block bootstrap intervals"));
        output.WriteLine("  forecaster  horizon  WQL (golden)              MASE                      hit rate");
        foreach (var f in fold.Forecasters)
        {
            foreach (var h in f.Horizons)
            {
                output.WriteLine(FormattableString.Invariant($"  {f.Name,-10}  {h.HorizonSeconds,5:0} s  {Format(h.WeightedQuantileLoss),-24}  {Format(h.Mase),-24}  {Format(h.HitRate)}"));
            }
        }

        var seconds = options.Dataset.Horizons[options.TradingHorizon].TotalSeconds;
        output.WriteLine(FormattableString.Invariant($"  after-cost Sortino per {seconds:0} s period (not annualised; fee {options.Dataset.FeeRate * 1e4:0.##} bp + half spread per unit of position change):"));
        foreach (var f in fold.Forecasters)
        {
            output.WriteLine(FormattableString.Invariant($"  {f.Name,-10}  {Format(f.Sortino),-24}  mean |position| {f.MeanAbsolutePosition:F3} ({f.PositionRule})"));
        }
    }

    /// <summary>A key of what a run trains (symbols, days, options, warm start), naming its checkpoint folder.</summary>
    private static string RunKey(DistillationRequest request)
    {
        var text = string.Join("|", request.Symbols) + "|" + string.Join("|", request.Days.Select(Day)) + "|" + request.Evaluate + "|" + request.WarmStartStudent
            + "|" + System.Text.Json.JsonSerializer.Serialize(request.Options, DistillationModelStore.ReportJson);
        return ModelFolder.Sha256(System.Text.Encoding.UTF8.GetBytes(text))[..16];
    }

    private static string Format(IntervalEstimate e) =>
        double.IsNaN(e.Value)
            ? "n/a"
            : FormattableString.Invariant($"{e.Value:F4} [{e.Low:F4}, {e.High:F4}]");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
