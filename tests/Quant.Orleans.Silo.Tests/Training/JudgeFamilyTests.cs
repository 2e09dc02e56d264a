using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Training;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The <c>judge</c> family's steps on IBM's recorded sessions 2013-10-07..09 (two out-of-sample days):
/// recording, training and registration, run as the training grain runs them (each step with the earlier results).</summary>
public sealed class JudgeFamilyTests : IDisposable
{
    private readonly TempFolder _storage = new("qo-judge-family");

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task TheJudgeIsTrainedOnRecordedOutOfSampleCandidatesAndRegisteredMonitorOnlyOnce()
    {
        var lean = TestData.Require("lean");
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = lean,
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-09",
            ["Replay:Symbols:0"] = "IBM",
            ["Storage:Path"] = _storage.Path,
            ["Training:Model"] = "tiny",
            ["Training:Families:0"] = "judge",
        });
        var paths = new StudentTrainingPaths(settings);
        var request = new TrainingRequest("test", DateTime.UtcNow);
        var ct = TestContext.Current.CancellationToken;
        var reports = new List<TrainingProgress>();
        var progress = new Progress<TrainingProgress>(reports.Add);

        var trained = await new JudgeTrainStep(paths).ExecuteAsync(Context(paths, request, 0, [], JudgeTrainStep.StepName), progress, ct);

        var metrics = trained.Metrics.ToDictionary(m => m.Name, m => m.Value);
        Assert.True(metrics["rows"] > 100, $"{metrics["rows"]} candidates");
        Assert.InRange(metrics["positives"], 1, metrics["rows"] - 1);
        var strategy = settings.Strategy.ToOptions(settings.Risk);
        var model = JudgeModelFolder.Read(trained.ArtefactPath!, strategy.JudgeFeatures.Schema()); // the schema the grains serve
        Assert.Equal(model.CvReport.OutOfFoldAuc, metrics["oof_auc"]);
        var results = new[] { new TrainingStepResult(JudgeTrainStep.StepName, trained, DateTime.UtcNow, DateTime.UtcNow, "test") };

        var registered = await new JudgeRegisterStep(paths).ExecuteAsync(Context(paths, request, 1, results, JudgeRegisterStep.StepName), progress, ct);
        var again = await new JudgeRegisterStep(paths).ExecuteAsync(Context(paths, request, 1, results, JudgeRegisterStep.StepName), progress, ct);

        Assert.Equal(registered.ArtefactSha256, again.ArtefactSha256); // idempotent: the same content, the same version
        var registry = new FileModelRegistry(paths.RegistryRoot);
        var version = Assert.Single((await registry.ReadStateAsync("judge")).Versions);
        var manifest = (await registry.LoadAsync("judge", version.VersionId)).Manifest;
        Assert.True(manifest.IsMonitorOnly, "built from replayed days: never promoted automatically");
        Assert.Equal(JudgeModelFolder.ModelType, manifest.ModelType);
        Assert.Equal(6, manifest.Data.RecordHashes.Length); // quotes and trades of IBM on three days
        Assert.Single(await registry.ReadJournalAsync("judge"));
        Assert.NotEmpty(reports);
    }

    private static TrainingStepContext Context(StudentTrainingPaths paths, TrainingRequest request, int index, TrainingStepResult[] previous, string step)
    {
        var execution = Guid.NewGuid().ToString("N")[..12];
        return new TrainingStepContext("judge", "run1", request, index, 2, previous, execution, TrainingStepContext.WorkFolderOf(paths.WorkRoot, "judge", "run1", index, step, execution));
    }
}
