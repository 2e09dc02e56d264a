using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Judge;

/// <summary>A judge trained once on 3 synthetic days (about 1,700 training rows) for the tests that read it.</summary>
public sealed class TrainedJudgeFixture
{
    public TrainedJudgeFixture()
    {
        Data = JudgeTestData.Create(days: 3, seed: 1);
        Model = JudgeTrainer.Train(Data.Dataset, Data.TrainingRows, Data.Features.FractionalDifference, JudgeTestData.SmallGrid);
    }

    internal JudgeTestData Data { get; }

    internal JudgeModel Model { get; }
}

public sealed class JudgeTrainerTests(TrainedJudgeFixture fixture) : IClassFixture<TrainedJudgeFixture>
{
    /// <summary>ML.NET sums the trees' float32 outputs into a float32 score; the compiled ensemble sums in double.
    /// With ≤ 300 trees and |score| ≤ 10, float32 rounding is about 300 · 6e-8 · 10 ≈ 2e-4 at worst, far less in practice
    /// (each tree output is rounded once); the brief asks for 1e-6 absolute, which holds for these small ensembles.</summary>
    private const double CompiledVersusMlNet = 1e-6;

    [Fact]
    public void CompiledTreesEqualMlNetScoresOnManyRows()
    {
        var data = fixture.Data.Dataset;
        var d = data.Schema.Width;
        var random = new Random(5);
        // Every data row, plus 2,000 rows with features jittered beyond the training range.
        var rows = new float[(data.Rows + 2000) * d];
        data.Features.CopyTo(rows, 0);
        for (var i = data.Features.Length; i < rows.Length; i++)
        {
            rows[i] = data.Features[random.Next(data.Features.Length / d) * d + (i % d)] * (float)(0.5 + random.NextDouble());
        }

        var mlNet = fixture.Model.MlNetScores(rows);
        for (var r = 0; r < mlNet.Length; r++)
        {
            Tolerance.AssertClose(mlNet[r], fixture.Model.RawScore(rows.AsSpan(r * d, d)), CompiledVersusMlNet, $"score[{r}]");
        }
    }

    [Fact]
    public void SaveAndLoadGiveIdenticalProbabilitiesAndTheManifestDescribesTheRun()
    {
        using var temp = new TempFolder("qo-judge");
        var folder = Path.Combine(temp.Path, "judge");
        var data = fixture.Data.Dataset;
        var manifest = JudgeModelFolder.Write(folder, fixture.Model, data, fixture.Data.TrainingRows);
        var loaded = JudgeModelFolder.Read(folder, data.Schema);
        for (var r = 0; r < data.Rows; r++)
        {
            Assert.Equal(fixture.Model.Probability(data.Row(r)), loaded.Probability(data.Row(r)));
        }

        Assert.Equal(fixture.Model.MlNetScores(data.Features), loaded.MlNetScores(data.Features));
        Assert.Equal(fixture.Model.Threshold, loaded.Threshold);
        Assert.Equal(fixture.Model.FractionalDifference, loaded.FractionalDifference);
        Assert.Equal(fixture.Data.TrainingRows.Length, manifest.Data.Rows);
        Assert.Equal(data.Hash(fixture.Data.TrainingRows), manifest.Data.DataHash);
        Assert.Equal(JudgeTestData.SmallGrid.Seed, manifest.Seed);
        Assert.Equal(2, manifest.CvReport.Grid.Length);
    }

    [Fact]
    public void ASchemaMismatchIsRefusedNamingTheField()
    {
        using var temp = new TempFolder("qo-judge");
        var folder = Path.Combine(temp.Path, "judge");
        var schema = fixture.Data.Dataset.Schema;
        JudgeModelFolder.Write(folder, fixture.Model, fixture.Data.Dataset, fixture.Data.TrainingRows);

        var renamed = new FeatureSchema(schema.Version, [.. schema.Columns.Select((c, j) => j == 3 ? "quantile_rank" : c)]);
        var e = Assert.Throws<ModelManifestMismatchException>(() => JudgeModelFolder.Read(folder, renamed));
        Assert.Contains("schema.columns[3]", e.Message);
        Assert.Contains("quantile_position", e.Message);

        var version = Assert.Throws<ModelManifestMismatchException>(() => JudgeModelFolder.Read(folder, schema with { Version = 2 }));
        Assert.Contains("schema.version", version.Message);

        var shorter = Assert.Throws<ModelManifestMismatchException>(() => JudgeModelFolder.Read(folder, JudgeFeatures.SchemaFor(1, true)));
        Assert.Contains("schema.columns.length", shorter.Message);

        File.AppendAllText(Path.Combine(folder, JudgeModelFolder.ModelFile), "x");
        var hash = Assert.Throws<ModelManifestMismatchException>(() => JudgeModelFolder.Read(folder, schema));
        Assert.Contains("model_hash", hash.Message);
    }

    [Fact]
    public void PurgedFoldsNeverTrainOnTestRowsOrTheirOverlaps()
    {
        var data = fixture.Data.Dataset;
        var rows = fixture.Data.TrainingRows;
        var folds = JudgeTrainer.Folds(data, rows, JudgeTestData.SmallGrid);
        Assert.Equal(rows.Length, folds.Sum(f => f.Test.Length));
        foreach (var fold in folds)
        {
            Assert.Empty(fold.Train.Intersect(fold.Test));
            var testSpans = fold.Test.Select(i => data.Spans[rows[i]]).ToArray();
            foreach (var i in fold.Train)
            {
                Assert.DoesNotContain(testSpans, s => s.Overlaps(data.Spans[rows[i]]));
            }
        }

        Assert.Equal(folds.Select(f => f.Purged.Length), fixture.Model.CvReport.FoldSummaries.Select(s => s.Purged));
    }

    [Fact]
    public void HeldOutRowsNeverInfluenceTheModelTheGridOrTheThreshold()
    {
        var data = fixture.Data.Dataset;
        var test = fixture.Data.TestRows;
        Assert.NotEmpty(test);
        var labels = (byte[])data.Labels.Clone();
        var net = (double[])data.NetReturns.Clone();
        var features = (float[])data.Features.Clone();
        var d = data.Schema.Width;
        foreach (var r in test)
        {
            labels[r] = (byte)(1 - labels[r]);
            net[r] = -10 * net[r];
            for (var j = 0; j < d; j++)
            {
                features[(r * d) + j] += 1;
            }
        }

        var scrambled = data with { Labels = labels, NetReturns = net, Features = features };
        var model = JudgeTrainer.Train(scrambled, fixture.Data.TrainingRows, fixture.Data.Features.FractionalDifference, JudgeTestData.SmallGrid);
        Assert.Equal(fixture.Model.Threshold, model.Threshold);
        Assert.Equal(fixture.Model.Platt, model.Platt);
        Assert.Equal(fixture.Model.CvReport.Grid.Select(g => g.MeanAuc), model.CvReport.Grid.Select(g => g.MeanAuc));
        foreach (var r in fixture.Data.TrainingRows)
        {
            Assert.Equal(fixture.Model.Probability(data.Row(r)), model.Probability(data.Row(r)));
        }
    }

    [Fact]
    public void TrainingIsDeterministicWithASeed()
    {
        var data = fixture.Data.Dataset;
        var again = JudgeTrainer.Train(data, fixture.Data.TrainingRows, fixture.Data.Features.FractionalDifference, JudgeTestData.SmallGrid);
        for (var r = 0; r < data.Rows; r++)
        {
            Assert.Equal(fixture.Model.Probability(data.Row(r)), again.Probability(data.Row(r)));
        }

        Assert.Equal(fixture.Model.Threshold, again.Threshold);
        Assert.Equal(fixture.Model.CvReport.Best, again.CvReport.Best);
    }

    [Fact]
    public void TheJudgeLearnsSomethingAndItsThresholdComesFromTheCurve()
    {
        var report = fixture.Model.CvReport;
        Assert.True(report.OutOfFoldAuc > 0.55, $"out-of-fold AUC {report.OutOfFoldAuc}");
        var best = report.ThresholdCurve.Max(c => c.MeanNetReturn);
        Assert.Equal(best, report.ThresholdCurve.Single(c => c.Threshold == report.Threshold).MeanNetReturn);
        Assert.True(fixture.Model.Platt.A < 0, "higher raw scores must mean higher probabilities");

        var data = fixture.Data.Dataset;
        var test = fixture.Data.TestRows;
        var auc = BinaryMetrics.Auc([.. test.Select(r => fixture.Model.Probability(data.Row(r)))], [.. test.Select(r => data.Labels[r])]);
        Assert.True(auc > 0.55, $"held-out AUC {auc}");
    }

    [Fact]
    public void GainImportanceNamesEveryColumnLargestFirst()
    {
        var importance = fixture.Model.GainImportance();
        Assert.Equal(fixture.Data.Dataset.Schema.Columns.Order(), importance.Select(i => i.Name).Order());
        Assert.Equal(importance.Select(i => i.Gain).OrderDescending(), importance.Select(i => i.Gain));
        Assert.True(importance[0].Gain > 0);
        Assert.Contains(importance[0].Name, fixture.Model.FormatGainImportance());
    }
}
