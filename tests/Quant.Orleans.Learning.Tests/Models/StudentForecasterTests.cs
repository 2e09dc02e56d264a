using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Models;

public sealed class StudentForecasterTests
{
    private static readonly float[] Levels = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f];

    private static ChronosStudent Student() => new(
        new ChronosStudentConfig { InputFeatures = 4, Window = 8, PatchLength = 4, Model = 16, Heads = 2, Layers = 1, FeedForward = 32, Horizons = 2, Bins = 8, QuantileCount = 9 },
        new DeterministicRandom(4));

    private static (float[] Rows, double[] LogMids) Window(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var rows = Enumerable.Range(0, 8 * 3).Select(_ => (float)random.NextGaussian()).ToArray();
        var logMids = new double[9];
        logMids[0] = Math.Log(50);
        for (var i = 1; i < logMids.Length; i++)
        {
            logMids[i] = logMids[i - 1] + (2e-4 * random.NextGaussian());
        }

        return (rows, logMids);
    }

    [Fact]
    public void TokensAreStandardisedRowsAndTheMeanScaledLogMidPath()
    {
        float[] rows = [1f, 10f, 3f, 30f];
        double[] logMids = [0.0, 0.002, -0.001];
        double[] mean = [1, 20];
        double[] scale = [2, 10];
        var tokens = new float[2 * 3];
        var meanScale = StudentTokens.Fill(rows, logMids, mean, scale, 1e-5f, tokens);
        Assert.Equal(0.0025f, meanScale, 6); // (|0.002| + |−0.003|) / 2
        Assert.Equal([0f, -1f, (float)(0.003 / 0.0025), 1f, 1f, 0f], tokens.Select(t => MathF.Round(t, 5)).ToArray());
        Assert.Throws<ArgumentException>(() => StudentTokens.Fill(rows, logMids.AsSpan(0, 2), mean, scale, 1e-5f, tokens));
    }

    [Fact]
    public void TheForecastIsTheDocumentedRuleOnTheTapePathsOutputs()
    {
        var student = Student();
        student.Training = false;
        double[] mean = [0.1, -0.2, 0.3];
        double[] scale = [1.5, 0.5, 2];
        var bins = new MeanScaleQuantizer(8, -4, 4);
        int[] horizons = [10, 60];
        var forecaster = new StudentForecaster(student, mean, scale, bins, Levels, horizons, 1e-5f);
        var (rows, logMids) = Window(7);

        var tokens = new float[8 * 4];
        var meanScale = StudentTokens.Fill(rows, logMids, mean, scale, 1e-5f, tokens);
        float[] quantiles, logits;
        float position;
        using (GradientTape.Inference())
        {
            var output = student.Forward(Tensor.FromArray(tokens, 1, 8, 4));
            quantiles = output.Quantiles.ToArray();
            logits = output.Logits.ToArray();
            position = output.Position.ToArray()[0];
        }

        var centers = new float[8];
        bins.BinCenters(centers);
        for (var h = 0; h < 2; h++)
        {
            Assert.True(forecaster.TryForecast(rows, logMids, h, out var f));
            var root = Math.Sqrt(horizons[h]) * meanScale;
            var median = quantiles[(h * 9) + 4];
            Assert.Equal(median * root, f.ExpectedLogReturn, 1e-5 * root);
            Assert.Equal(Math.Abs(quantiles[(h * 9) + 8] - quantiles[h * 9]) / 2.5631031310892007 * root, f.NoiseStandardDeviation, 1e-5 * root);
            var p = logits.Skip(h * 8).Take(8).Select(v => Math.Exp(v)).ToArray();
            var side = Enumerable.Range(0, 8).Where(b => median >= 0 ? centers[b] > 0 : centers[b] < 0).Sum(b => p[b]) / p.Sum();
            Assert.Equal(side, f.Confidence, 1e-5);
            Assert.Equal(position, f.Position, 1e-5);
            Assert.Equal(meanScale, f.MeanScale, 1e-9);
        }
    }

    [Fact]
    public void AMissingMidIsRefusedAndTheLevelsMustHoldTheRulesQuantiles()
    {
        var student = Student();
        var bins = new MeanScaleQuantizer(8, -4, 4);
        var forecaster = new StudentForecaster(student, [0, 0, 0], [1, 1, 1], bins, Levels, [10, 60], 1e-5f);
        var (rows, logMids) = Window(3);
        logMids[4] = double.NaN;
        Assert.False(forecaster.TryForecast(rows, logMids, 0, out _));
        var noMedian = new float[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.45f, 0.6f, 0.7f, 0.8f, 0.9f };
        var e = Assert.Throws<ArgumentException>(() => new StudentForecaster(student, [0, 0, 0], [1, 1, 1], bins, noMedian, [10, 60], 1e-5f));
        Assert.Contains("0.5", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new StudentForecaster(student, [0, 0], [1, 1], bins, Levels, [10, 60], 1e-5f));
    }
}
