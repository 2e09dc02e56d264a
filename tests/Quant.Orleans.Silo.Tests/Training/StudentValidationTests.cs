using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
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
        var hitRate = validation.Metrics.Single(m => m.Name == "purged_kfold.ridge.hit_rate");
        Assert.Equal("ok", hitRate.Status);
        Assert.InRange(hitRate.Value!.Value, 0, 1);
        Assert.Contains("purged k-fold with embargo (AFML §7.4): k = 3", hitRate.Method, StringComparison.Ordinal);

        // The registered student is monitor-only and carries the gate results and the validation metrics.
        var registry = new FileModelRegistry(paths.RegistryRoot);
        var entry = Assert.Single(registry.ReadState("student").Versions);
        Assert.Equal(RegistryStage.MonitorOnly, entry.Stage);
        var manifest = registry.Load("student", entry.VersionId).Manifest;
        Assert.Equal(validation.Gates, manifest.Gates);
        Assert.Superset(validation.Metrics.Select(m => m.Name).ToHashSet(), manifest.Metrics.Select(m => m.Name).ToHashSet());
        Assert.Contains(manifest.Metrics, m => m.Name.StartsWith("student.wql.", StringComparison.Ordinal)); // evaluate's metrics stay
        Assert.True(manifest.IsMonitorOnly);

        // The policy family's parent rule: the registered student whose folder manifest is the served folder's.
        Assert.Equal([entry.VersionId], PolicyRegisterStep.Parents(registry, results[0].Artefact.ArtefactPath));
        Assert.Empty(PolicyRegisterStep.Parents(registry, null));

        // Another configuration (seed) is another trial: N = 2. The same configuration again is not: N stays 2.
        var other = new StudentTrainingPaths(Settings(TestData.Require("lean"), seed: 18));
        var second = await Validate(other, "run2", ct);
        var repeat = await Validate(other, "run3", ct);
        Assert.Equal((2, 2), (second.Trials, repeat.Trials));
        Assert.Contains("N = 2 trials", second.Metrics.Single(m => m.Name == "validation.deflated_sharpe").Method, StringComparison.Ordinal);
        Assert.Equal(validation.TrialFamily, second.TrialFamily);
        Assert.NotEqual(validation.ConfigurationHash, second.ConfigurationHash);
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
