using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Research.Tests.Judge;

/// <summary>
/// The reference measurement against XGBoost (not a unit test: it runs only with <c>QO_JUDGE_BENCH=1</c>). It writes
/// <c>train.csv</c>, <c>test.csv</c> and <c>fasttree.json</c> to <c>QO_JUDGE_BENCH_OUT</c> (default
/// <c>{temp}/qo-judge-bench</c>); then <c>/usr/bin/python3 xgboost_reference.py DIR</c> trains XGBoost on the same
/// rows and prints both. See docs/judge.md for the command and the figures.
/// </summary>
public sealed class JudgeReferenceMeasurement
{
    internal static readonly JudgeHyperparameters Reference = new(Trees: 300, Leaves: 31, LearningRate: 0.1);

    [Fact]
    public void WriteDataTrainFastTreeAndTimeScoring()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("QO_JUDGE_BENCH") == "1", "reference measurement: set QO_JUDGE_BENCH=1");
        var output = Environment.GetEnvironmentVariable("QO_JUDGE_BENCH_OUT") ?? Path.Combine(Path.GetTempPath(), "qo-judge-bench");
        var days = int.Parse(Environment.GetEnvironmentVariable("QO_JUDGE_BENCH_DAYS") ?? "40", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(output);
        var data = JudgeTestData.Create(days, seed: 2026, trainFraction: 0.75);
        Measure(output, data.Dataset, data.TrainingRows, data.TestRows, data.Features.FractionalDifference);
    }

    [Fact]
    public void RealLeanDaysPerSymbol()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("QO_JUDGE_BENCH") == "1", "reference measurement: set QO_JUDGE_BENCH=1");
        var output = Environment.GetEnvironmentVariable("QO_JUDGE_BENCH_OUT") ?? Path.Combine(Path.GetTempPath(), "qo-judge-bench");
        var leanRoot = Path.GetDirectoryName(Testing.TestData.Require(Path.Combine("lean", "equity")))!;
        foreach (var symbol in new[] { "aig", "bac", "ibm" })
        {
            var (set, train, test, fit) = RealJudgeData.Create(leanRoot, symbol, testDays: 1);
            var folder = Path.Combine(output, "real-" + symbol);
            Directory.CreateDirectory(folder);
            Measure(folder, set, train, test, fit);
        }
    }

    private static void Measure(string output, JudgeDataset set, int[] trainingRows, int[] testRows, FractionalDifferenceFit fractionalDifference)
    {
        var data = (Dataset: set, TrainingRows: trainingRows, TestRows: testRows);
        WriteCsv(Path.Combine(output, "train.csv"), set, data.TrainingRows);
        WriteCsv(Path.Combine(output, "test.csv"), set, data.TestRows);

        // The full judge: grid (2 × 2 × 2) × 5 purged folds + Platt + threshold + final fit.
        var clock = Stopwatch.StartNew();
        var judge = JudgeTrainer.Train(set, data.TrainingRows, fractionalDifference, new JudgeTrainingOptions());
        var judgeSeconds = clock.Elapsed.TotalSeconds;
        var testLabels = data.TestRows.Select(r => set.Labels[r]).ToArray();
        var judgeAuc = BinaryMetrics.Auc([.. data.TestRows.Select(r => judge.Probability(set.Row(r)))], testLabels);

        // Single fits on all training rows (the XGBoost script fits the same configurations): the judge's CV choice and
        // a larger ensemble, each with one thread and with every core.
        var configs = new List<Dictionary<string, object>>();
        foreach (var h in new[] { judge.CvReport.Best, Reference })
        {
            var entry = new Dictionary<string, object> { ["trees"] = h.Trees, ["leaves"] = h.Leaves, ["learning_rate"] = h.LearningRate };
            foreach (var threads in new int?[] { 1, null })
            {
                var options = new JudgeTrainingOptions { Threads = threads };
                var ml = new Microsoft.ML.MLContext(options.Seed);
                var view = MlNetJudge.View(ml, set, data.TrainingRows);
                MlNetJudge.Fit(ml, MlNetJudge.View(ml, set, data.TrainingRows[..500]), new JudgeHyperparameters(5, 4, 0.1), options); // warm-up (JIT)
                var transformer = MlNetJudge.Fit(ml, view, h, options);
                var best = double.PositiveInfinity;
                for (var repeat = 0; repeat < 3; repeat++)
                {
                    clock.Restart();
                    transformer = MlNetJudge.Fit(ml, view, h, options);
                    best = Math.Min(best, clock.Elapsed.TotalSeconds);
                }

                entry[threads is null ? "fit_seconds_all_threads" : "fit_seconds_1_thread"] = best; // best of 3
                var compiled = CompiledTreeEnsemble.Compile(MlNetJudge.Trees(transformer), set.Schema.Width);
                entry["test_auc"] = BinaryMetrics.Auc([.. data.TestRows.Select(r => compiled.Score(set.Row(r)))], testLabels);
            }

            configs.Add(entry);
        }

        var compiledMicros = MicrosPerRow(set, data.TestRows, row => judge.Probability(row));
        var engine = judge.CreatePredictionEngine();
        var input = new MlNetJudge.MlRow { Features = new float[set.Schema.Width] };
        var engineMicros = MicrosPerRow(set, data.TestRows, row =>
        {
            row.CopyTo(input.Features);
            return engine.Predict(input).Score;
        });
        var testFeatures = data.TestRows.SelectMany(r => set.Row(r).ToArray()).ToArray();
        judge.MlNetScores(testFeatures);
        clock.Restart();
        judge.MlNetScores(testFeatures);
        var batchMicros = clock.Elapsed.TotalMicroseconds / data.TestRows.Length;

        var result = new Dictionary<string, object>
        {
            ["rows_train"] = data.TrainingRows.Length,
            ["rows_test"] = data.TestRows.Length,
            ["positive_rate_train"] = data.TrainingRows.Average(r => (double)set.Labels[r]),
            ["fasttree"] = configs,
            ["judge_train_seconds"] = judgeSeconds,
            ["judge_best"] = judge.CvReport.Best,
            ["judge_threshold"] = judge.Threshold,
            ["judge_oof_auc"] = judge.CvReport.OutOfFoldAuc,
            ["judge_test_auc"] = judgeAuc,
            ["judge_fractional_order"] = judge.FractionalDifference.Order,
            ["compiled_us_per_row"] = compiledMicros,
            ["prediction_engine_us_per_row"] = engineMicros,
            ["mlnet_transform_batch_us_per_row"] = batchMicros,
            ["gain_importance"] = judge.GainImportance().Select(g => new { name = g.Name, gain = g.Gain }).ToArray(),
            ["processors"] = Environment.ProcessorCount,
        };
        File.WriteAllText(Path.Combine(output, "fasttree.json"), JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        TestContext.Current.SendDiagnosticMessage(judge.FormatGainImportance());
    }

    private static double MicrosPerRow(JudgeDataset set, int[] rows, Func<ReadOnlySpan<float>, double> score)
    {
        var sink = 0.0;
        foreach (var r in rows)
        {
            sink += score(set.Row(r)); // warm-up
        }

        const int Calls = 200_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            sink += score(set.Row(rows[i % rows.Length]));
        }

        var micros = clock.Elapsed.TotalMicroseconds / Calls;
        Assert.True(double.IsFinite(sink));
        return micros;
    }

    private static void WriteCsv(string path, JudgeDataset set, int[] rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', set.Schema.Columns).Append(",label,weight,net_return\n");
        foreach (var r in rows)
        {
            foreach (var x in set.Row(r))
            {
                text.Append(x.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(set.Labels[r]).Append(',')
                .Append(set.Weights[r].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(set.NetReturns[r].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
