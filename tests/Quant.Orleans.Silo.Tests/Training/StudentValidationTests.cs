using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Research.Validation;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Training;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The <c>student</c> family's steps <c>distill</c> → <c>evaluate</c> → <c>validate</c> → <c>register</c> on
/// IBM's recorded sessions 2013-10-07..09 with <c>Training:Model tiny</c>, run as the training grain runs them (each
/// step with the earlier results and a work folder of its own): the walk-forward holds back the days after the first,
/// the trial registry's count is the deflated Sharpe's N, replayed data gives a monitor-only gate report, and the
/// register step puts the gate results and the validation metrics into the manifest.</summary>
public sealed class StudentValidationTests : IDisposable
{
    private static readonly TrainingRequest Request = new("test", new DateTime(2026, 12, 7, 22, 30, 0, DateTimeKind.Utc));

    private readonly TempFolder _storage = new("qo-student-validation");

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task ValidationCountsTrialsGatesOnlyProdRunsAndTheManifestCarriesItsGatesAndMetrics()
    {
        var lean = TestData.Require("lean/equity/usa/tick/ibm");
        var settings = Settings(TestData.Require("lean"), seed: 17);
        var paths = new StudentTrainingPaths(settings);
        var ct = TestContext.Current.CancellationToken;
        Assert.True(Directory.Exists(lean));

        var results = new List<TrainingStepResult>();
        ITrainingStep[] steps = [new DistillStep(paths), new EvaluateStep(), new ValidateStep(paths), new RegisterStep(paths)];
        foreach (var step in steps)
        {
            var artefact = await step.ExecuteAsync(Context(paths, results, step.Name), new Progress<TrainingProgress>(), ct);
            results.Add(new TrainingStepResult(step.Name, artefact, DateTime.UtcNow, DateTime.UtcNow, "test", "x"));
        }

        // Every artefact lies in its execution's own work folder, published whole (no temporary folder left).
        var run = paths.RunFolder("student", "run1");
        Assert.All(results.Take(3), r => Assert.StartsWith(run + Path.DirectorySeparatorChar, r.Artefact.ArtefactPath!, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetDirectories(run), d => Path.GetFileName(d).StartsWith('.'));

        var validation = ValidateStep.Read(Context(paths, results, RegisterStep.StepName))!;
        Assert.Equal([new DateOnly(2013, 10, 8), new DateOnly(2013, 10, 9)], validation.HeldBackDays);
        Assert.Equal((DataRegime.MaintenanceReplay, RunSource.Maintenance, true, false), (validation.Regime, validation.RunSource, validation.MonitorOnly, validation.Promotable));
        Assert.Contains("monitor-only", validation.GateReport, StringComparison.Ordinal);
        Assert.Contains("monitoring (1 monitor-only run", validation.GateReport, StringComparison.Ordinal);
        var completed = validation.Gates.Single(g => g.Gate == "min_completed_runs");
        Assert.False(completed.Passed);
        Assert.StartsWith("0 completed eligible runs (run_source prod, score_source in {model}", completed.Reason, StringComparison.Ordinal);

        // The trial registry holds this walk-forward; its count is the N the DSR used.
        using (var trials = TrialRegistry.Open(TrialRegistry.DefaultPath(settings.Storage.Path)))
        {
            var recorded = Assert.Single(trials.Trials(validation.TrialFamily));
            Assert.Equal((TrialKind.WalkForward, validation.ConfigurationHash), (recorded.Kind, recorded.ConfigurationHash));
            Assert.Equal(validation.DailyReturns, recorded.DailyReturns);
            Assert.Equal(1, validation.Trials);
        }

        var dsr = validation.Metrics.Single(m => m.Name == "validation.deflated_sharpe");
        Assert.Contains($"N = 1 trials of '{validation.TrialFamily}'", dsr.Method, StringComparison.Ordinal);
        Assert.Equal(("insufficient_observation", 2), (dsr.Status, dsr.Observations)); // two held-back days < 20
        AssertStudentKFold(validation, settings, ct);

        // The registered student is monitor-only and carries the gate results and the validation metrics.
        var registry = new FileModelRegistry(paths.RegistryRoot);
        var entry = Assert.Single((await registry.ReadStateAsync("student")).Versions);
        Assert.Equal(RegistryStage.MonitorOnly, entry.Stage);
        var manifest = (await registry.LoadAsync("student", entry.VersionId)).Manifest;
        Assert.Equal(validation.Gates, manifest.Gates);
        Assert.Superset(validation.Metrics.Select(m => m.Name).ToHashSet(), manifest.Metrics.Select(m => m.Name).ToHashSet());
        Assert.Contains(manifest.Metrics, m => m.Name.StartsWith("student.wql.", StringComparison.Ordinal)); // evaluate's metrics stay
        Assert.True(manifest.IsMonitorOnly);

        // The policy family's parent rule: the registered student whose folder manifest is the served folder's.
        Assert.Equal([entry.VersionId], await PolicyRegisterStep.ParentsAsync(registry, results[0].Artefact.ArtefactPath, TestContext.Current.CancellationToken));
        Assert.Empty(await PolicyRegisterStep.ParentsAsync(registry, null, TestContext.Current.CancellationToken));

        // Another configuration (seed) is another trial: N = 2. The same configuration again is not: N stays 2.
        var other = new StudentTrainingPaths(Settings(TestData.Require("lean"), seed: 18));
        var second = await Validate(other, "run2", ct);
        var repeat = await Validate(other, "run3", ct);
        Assert.Equal((2, 2), (second.Trials, repeat.Trials));
        Assert.Contains("N = 2 trials", second.Metrics.Single(m => m.Name == "validation.deflated_sharpe").Method, StringComparison.Ordinal);
        Assert.Equal(validation.TrialFamily, second.TrialFamily);
        Assert.NotEqual(validation.ConfigurationHash, second.ConfigurationHash);
    }

    [Fact]
    public async Task TheStudentKFoldReportsEachFoldAndStopsBetweenFoldsWhenCancelled()
    {
        var paths = new StudentTrainingPaths(Settings(TestData.Require("lean"), seed: 17));
        var context = Context(paths, [], ValidateStep.StepName);
        using var cancel = new CancellationTokenSource();
        var messages = new List<string>();
        var progress = new SynchronousProgress(p =>
        {
            messages.Add(p.Message);
            if (p.Message.StartsWith("purged k-fold 2/3:", StringComparison.Ordinal))
            {
                cancel.Cancel(); // the first fold is done; the second fold's training sees the token
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ValidateStep(paths).ExecuteAsync(context, progress, cancel.Token));
        var folds = messages.Where(m => m.StartsWith("purged k-fold ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, folds.Length);
        Assert.StartsWith("purged k-fold 1/3: training teacher and student on ", folds[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(context.WorkFolder)); // nothing published
    }

    /// <summary>A progress sink that runs on the reporting thread (System.Progress posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>The purged k-fold scores the student (teacher + distilled student refitted on each fold's training
    /// rows): finite out-of-fold hit rate, R² and Sortino, the ridge beside it named a baseline, and fold accounting
    /// equal to <see cref="PurgedKFold"/>'s own split of the same samples, recomputed here.</summary>
    private static void AssertStudentKFold(ValidationReport validation, SiloSettings settings, CancellationToken ct)
    {
        var hitRate = validation.Metrics.Single(m => m.Name == "purged_kfold.student.hit_rate");
        var r2 = validation.Metrics.Single(m => m.Name == "purged_kfold.student.r2_vs_zero");
        var sortino = validation.Metrics.Single(m => m.Name == "purged_kfold.student.sortino");
        Assert.All([hitRate, r2, sortino], m => Assert.Equal(("ok", true), (m.Status, double.IsFinite(m.Value!.Value))));
        Assert.InRange(hitRate.Value!.Value, 0, 1);
        Assert.True(r2.Value!.Value <= 1);
        Assert.Contains("teacher and student trained only on the fold's training rows", r2.Method, StringComparison.Ordinal);
        Assert.Contains("ForecastScores.StrategyReturns", sortino.Method, StringComparison.Ordinal);
        var baseline = validation.Metrics.Where(m => m.Name.StartsWith("purged_kfold.ridge_baseline.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["purged_kfold.ridge_baseline.hit_rate", "purged_kfold.ridge_baseline.r2_vs_zero"], baseline.Select(m => m.Name));
        Assert.All(baseline, m => Assert.StartsWith("BASELINE, not the registered model", m.Method, StringComparison.Ordinal));
        Assert.DoesNotContain(validation.Metrics, m => m.Name.StartsWith("purged_kfold.ridge.", StringComparison.Ordinal));

        // The same samples recomputed from the data. The acausal targets read the whole rest of their day, so the folds
        // are whole session days: 3 days and k = 3 (tiny) give one test day per fold and the other two days to train
        // on; nothing is purged or embargoed because nothing reaches across the night.
        var options = settings.Training.Distillation();
        var days = new[] { new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8), new DateOnly(2013, 10, 9) };
        var data = DistillationPipeline.BuildDays(Path.GetFullPath(settings.Replay.DataFolder), ["IBM"], days, options.Dataset, ct);
        var samples = new DistillationSamples(data, options, options.SampleStride);
        var perDay = days.Select(d => Enumerable.Range(0, samples.Count).Count(s => samples.DayOf(s).Day == d)).ToArray();
        Assert.All(perDay, c => Assert.True(c > 0));
        Assert.Equal(samples.Count, perDay.Sum());
        Assert.Equal(samples.Count, r2.Observations);
        Assert.InRange(hitRate.Observations, 1, samples.Count);
        var accounting = string.Join("; ", perDay.Select((c, i) => $"fold {i + 1}: {samples.Count - c} train, {c} test, 0 purged, 0 embargoed"));
        Assert.Contains($"k = 3 of 3 days (2013-10-07, 2013-10-08, 2013-10-09), embargo 0 days, 0 rows purged and 0 embargoed over the folds ({accounting})", hitRate.Method, StringComparison.Ordinal);

        // No fold trained on its test day: the samples the folds' students trained on (their early-stopping split taken
        // out) are at most the folds' training rows, 2n in all. Training every fold on all n rows would give about
        // 3n · (1 − 1 / ValidationFolds) > 2n.
        var trained = int.Parse(System.Text.RegularExpressions.Regex.Match(hitRate.Method, @"; (\d+) training samples over the folds").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(trained, 1, 2 * samples.Count);
        Assert.True(3.0 * samples.Count * (1 - (1.0 / options.ValidationFolds)) > 2 * samples.Count, "the bound above must separate the two cases");
        Assert.Contains($"{samples.Count} rows of every day at stride {options.SampleStride}", hitRate.Method, StringComparison.Ordinal);
    }

    private async Task<ValidationReport> Validate(StudentTrainingPaths paths, string runId, CancellationToken ct)
    {
        var context = Context(paths, [], ValidateStep.StepName, runId);
        var artefact = await new ValidateStep(paths).ExecuteAsync(context, new Progress<TrainingProgress>(), ct);
        return ValidateStep.Read(Context(paths, [new TrainingStepResult(ValidateStep.StepName, artefact, DateTime.UtcNow, DateTime.UtcNow, "test", context.ExecutionId)], RegisterStep.StepName, runId))!;
    }

    private SiloSettings Settings(string lean, ulong seed) => SettingsLoader.Load(null, new Dictionary<string, string?>
    {
        ["Replay:DataFolder"] = lean,
        ["Replay:From"] = "2013-10-07",
        ["Replay:To"] = "2013-10-09",
        ["Replay:Symbols:0"] = "IBM",
        ["Storage:Path"] = _storage.Path,
        ["Training:Model"] = "tiny",
        ["Training:Seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static TrainingStepContext Context(StudentTrainingPaths paths, IReadOnlyList<TrainingStepResult> previous, string step, string runId = "run1")
    {
        var execution = Guid.NewGuid().ToString("N")[..12];
        return new TrainingStepContext("student", runId, Request, previous.Count, 4, [.. previous], execution, TrainingStepContext.WorkFolderOf(paths.WorkRoot, "student", runId, previous.Count, step, execution));
    }
}
