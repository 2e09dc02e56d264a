using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Distillation;

/// <summary>The distill job on recorded days (IBM, two sessions) with the tiny configuration.</summary>
public sealed class DistillationRunTests : IDisposable
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), "qo-distill-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public void TheJobScoresEachDayWithModelsTrainedBeforeItAndWritesFoldersThatLoad()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var lean = TestData.Require("lean");
        DateOnly[] days = [new(2013, 10, 7), new(2013, 10, 8)];
        var options = SyntheticDays.TinyOptions() with { Dataset = new DistillationDatasetOptions { FeeRate = 0.0001 } };
        var output = new StringWriter();
        var outcome = DistillationRun.Run(new DistillationRequest(lean, ["IBM"], days, _models, Evaluate: true, WarmStartStudent: null, options), output, null, default);

        var fold = Assert.Single(outcome.Folds);
        Assert.Equal(days[1], fold.TestDay);
        Assert.Equal([days[0]], fold.TrainingDays);
        Assert.True(fold.EvaluationSamples > 300, $"{fold.EvaluationSamples} evaluation samples on a 6.5 h session at one per minute");
        Assert.Contains(DistillationRun.SmallSampleCaution, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("student", output.ToString(), StringComparison.Ordinal);

        // The final models were trained on both days; their manifests name the sources' hash and each other.
        Assert.Equal(days, outcome.Student.Data.Days);
        Assert.Equal(outcome.Teacher.Version, outcome.Student.ParentTeacherVersion);
        var expectedHash = DistillationModelStore.SourceHash(DistillationDatasetBuilder.BuildMany(lean, days.Select(d => ("IBM", d)).ToArray(), options.Dataset));
        Assert.Equal(expectedHash, outcome.Student.Data.SourceHash);
        var checkpoints = Path.Combine(_models, ".checkpoints");
        Assert.Empty(Directory.Exists(checkpoints) ? Directory.GetDirectories(checkpoints) : []); // a finished run deletes its checkpoints

        var loaded = DistillationModelStore.Load(outcome.StudentFolder, options);
        var weights = ModelFolder.Read(outcome.StudentFolder, DistillationModelStore.StudentExpectation(options)).Weights;
        Assert.NotEmpty(SafeTensors.Read(weights));
        Assert.Equal(outcome.Student.Version, loaded.StudentManifest.Version);
    }
}
