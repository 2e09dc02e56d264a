using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Learning.Models;
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

    /// <summary>Train as you serve: the tokens the live window gives at a grid step (replay events → StudentWindow →
    /// StudentTokens) equal the tokens the training samples give for that step, bit for bit.</summary>
    [Fact]
    public void TheLiveWindowGivesTheTrainingTokens()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var lean = TestData.Require("lean");
        var date = new DateOnly(2013, 10, 7);
        var options = new DistillationOptions();
        var day = DistillationDatasetBuilder.Build(lean, "IBM", date, options.Dataset);
        var samples = new DistillationSamples([day], options, stride: 1);
        var all = Enumerable.Range(0, samples.Count).ToArray();
        var (studentScaler, teacherScaler) = samples.FitScalers(all);
        samples.Standardise(studentScaler, teacherScaler);
        var byStep = all.ToDictionary(samples.StepOf);

        var window = new StudentWindow(options.Dataset, options.StudentWindow);
        var f = DistillationSchemas.Student.Width;
        var rows = new float[options.StudentWindow * f];
        var logMids = new double[options.StudentWindow + 1];
        var live = new float[options.StudentWindow * DistillationSamples.StudentTokenWidth];
        var trained = new float[live.Length];
        var compared = 0;
        var last = -1;
        using (var source = new Quant.Orleans.MarketData.Replay.LeanTickSource(new Quant.Orleans.MarketData.Lean.LeanDataFolder(lean), new Core.Symbol("IBM"), [date], new Quant.Orleans.MarketData.Quality.QuarantineLog(keepRecords: false)))
        {
            while (source.TryRead(out var e))
            {
                if (e.Kind == Quant.Orleans.MarketData.Replay.MarketEventKind.Trade)
                {
                    window.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                }
                else
                {
                    window.OnNbbo(e.Quote);
                }

                var step = window.StepsSampled - 1;
                if (step == last || step % 97 != 0 || !byStep.TryGetValue(step, out var sample))
                {
                    continue;
                }

                last = step;
                Assert.True(window.IsReady, $"step {step} is a training sample but the live window is not ready");
                window.CopyTo(rows, logMids);
                var scale = StudentTokens.Fill(rows, logMids, studentScaler.Mean, studentScaler.Scale, options.ScaleFloor, live);
                samples.FillStudent([sample], trained);
                Assert.Equal(trained, live);
                Assert.Equal(samples.MeanScale(sample), scale);
                compared++;
            }
        }

        Assert.True(compared > 80, $"{compared} steps compared"); // every 97th step that an event closed last
    }
}
