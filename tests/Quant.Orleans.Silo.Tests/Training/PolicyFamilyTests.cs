using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Training;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The <c>policy</c> family's steps on IBM's recorded sessions 2013-10-07..09 (two out-of-sample days) with
/// <c>Training:Model tiny</c>: GRPO on the Baseline's out-of-sample candidates (the <c>policy</c> command's
/// training), then a monitor-only registration with its manifest, run as the training grain runs them.</summary>
public sealed class PolicyFamilyTests : IDisposable
{
    private readonly TempFolder _storage = new("qo-policy-family");

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task ThePolicyIsTrainedWithGrpoOnOutOfSampleCandidatesAndRegisteredMonitorOnlyOnce()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = TestData.Require("lean"),
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-09",
            ["Replay:Symbols:0"] = "IBM",
            ["Storage:Path"] = _storage.Path,
            ["Training:Model"] = "tiny",
            ["Training:Families:0"] = "policy",
        });
        var paths = new StudentTrainingPaths(settings);
        var request = new TrainingRequest("test", DateTime.UtcNow);
        var ct = TestContext.Current.CancellationToken;
        var reports = new List<TrainingProgress>();
        var progress = new Progress<TrainingProgress>(reports.Add);

        var trained = await new PolicyTrainStep(paths).ExecuteAsync(Context(paths, request, 0, [], PolicyTrainStep.StepName), progress, ct);

        var metrics = trained.Metrics.ToDictionary(m => m.Name, m => m.Value);
        var weights = await File.ReadAllBytesAsync(Path.Combine(trained.ArtefactPath!, "model.safetensors"), ct);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(weights)), trained.ArtefactSha256);
        Assert.StartsWith(paths.RunFolder("policy", "run1") + Path.DirectorySeparatorChar, trained.ArtefactPath!, StringComparison.Ordinal);
        Assert.True(metrics["apples"] >= 0);
        if (metrics["trained"] > 0)
        {
            Assert.InRange(metrics["epochs"], 1, 3); // tiny: at most 3 epochs
            Assert.True(double.IsFinite(metrics["best_validation_serving_reward"]));
        }
        else
        {
            Assert.True(metrics["apples"] < Research.PolicyCommand.MinimumApples, $"{metrics["apples"]} apples but not trained");
        }

        var results = new[] { new TrainingStepResult(PolicyTrainStep.StepName, trained, DateTime.UtcNow, DateTime.UtcNow, "test") };
        var registered = await new PolicyRegisterStep(paths).ExecuteAsync(Context(paths, request, 1, results, PolicyRegisterStep.StepName), progress, ct);
        var again = await new PolicyRegisterStep(paths).ExecuteAsync(Context(paths, request, 1, results, PolicyRegisterStep.StepName), progress, ct);

        Assert.Equal(registered.ArtefactSha256, again.ArtefactSha256); // idempotent: the same content, the same version
        var registry = new FileModelRegistry(paths.RegistryRoot);
        var version = Assert.Single((await registry.ReadStateAsync("policy")).Versions);
        Assert.Equal(RegistryStage.MonitorOnly, version.Stage);
        var manifest = (await registry.LoadAsync("policy", version.VersionId)).Manifest;
        Assert.True(manifest.IsMonitorOnly, "built from replayed days: never promoted automatically");
        Assert.Equal(("policy-beta", DataRegime.MaintenanceReplay), (manifest.ModelType, manifest.Data.Regime));
        Assert.Equal(Core.PolicyState.Columns, manifest.Schema.Columns);
        Assert.Equal(Core.PolicyState.Version, manifest.Schema.Version);
        Assert.Equal((settings.Training.Seed, RegisterStep.CodeVersion), (manifest.Seed, manifest.CodeVersion));
        Assert.Empty(manifest.ParentVersions); // Strategy:StudentModel is not set: the grid ran the ridge baseline
        Assert.Equal(6, manifest.Data.RecordHashes.Length); // quotes and trades of IBM on three days
        Assert.All(manifest.Metrics, m => Assert.False(string.IsNullOrWhiteSpace(m.Method)));
        Assert.Equal(metrics["apples"], manifest.Metrics.Single(m => m.Name == "apples").Value);
        Assert.Single(await registry.ReadJournalAsync("policy"));
        Assert.NotEmpty(reports);
    }

    private static TrainingStepContext Context(StudentTrainingPaths paths, TrainingRequest request, int index, TrainingStepResult[] previous, string step)
    {
        var execution = Guid.NewGuid().ToString("N")[..12];
        return new TrainingStepContext("policy", "run1", request, index, 2, previous, execution, TrainingStepContext.WorkFolderOf(paths.WorkRoot, "policy", "run1", index, step, execution));
    }
}
