using Quant.Orleans.Core;
using Quant.Orleans.Learning.Adaptation;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Adaptation;

/// <summary>
/// <see cref="SimTsStudentAdapter"/>'s contract, by invariants: only the patch embedding and encoder change (heads bit
/// for bit), the served weights and a forecaster serving them are untouched (also while a run is in flight on another
/// thread), the same inputs and seed give bit-identical results, and nothing after the cut is read.
/// </summary>
public sealed class SimTsStudentAdapterTests
{
    private const int Rows = 96;
    private const int Cut = 64;
    private static readonly float[] Levels = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f];
    private static readonly double[] Mean = [0.2, -0.1, 1.5];
    private static readonly double[] Scale = [1.2, 0.7, 2.0];

    private static readonly ChronosStudentConfig Config = new()
    {
        InputFeatures = 4, Window = 8, PatchLength = 4, Model = 16, Heads = 2, Layers = 1, FeedForward = 32, Horizons = 2, Bins = 8, QuantileCount = 9,
    };

    // A learning rate far above the default so that four steps move every adapted tensor visibly.
    private static readonly StudentAdaptationOptions Options = new() { Steps = 4, BatchSize = 8, LearningRate = 1e-2f, Seed = 11 };

    private static readonly string[] Heads = ["quantile_head.", "logit_head.", "position_head.", "barrier_head."];

    [Fact]
    public void OnlyThePatchEmbeddingAndEncoderChangeAndTheServedWeightsDoNot()
    {
        var (served, scaling, rows, logMids) = Setup();
        var before = Snapshot(served);
        var result = SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options);

        Assert.Equal(before, Snapshot(served));
        Assert.Equal(served.State.Keys.Order(StringComparer.Ordinal), result.Student.State.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in served.State)
        {
            var adapted = result.Student.State[name];
            Assert.NotSame(tensor, adapted);
            if (Heads.Any(h => name.StartsWith(h, StringComparison.Ordinal)))
            {
                Assert.Equal(Bits(tensor), Bits(adapted));
            }
            else
            {
                Assert.True(!Bits(tensor).SequenceEqual(Bits(adapted)), $"'{name}' did not change.");
            }
        }

        Assert.Equal(Options.Steps, result.Report.Steps);
        Assert.Equal(Options.Steps, result.Report.Losses.Count);
        Assert.All(result.Report.Losses, l => Assert.InRange(l, -1f, 1f));
        Assert.All(result.Report.GradientNorms, n => Assert.True(double.IsFinite(n) && n > 0));
        Assert.Equal(Cut, result.Report.Cut);
        Assert.Equal(Cut - 16 + 1, result.Report.EligibleWindows); // every window of Lh + Lf = 16 finite rows before the cut
        Assert.Equal(["layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight"], result.Predictor.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheSameInputsAndSeedGiveBitIdenticalWeightsAndAnotherSeedDoesNot()
    {
        var (served, scaling, rows, logMids) = Setup();
        var a = SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options);
        var b = SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options);
        Assert.Equal(Snapshot(a.Student), Snapshot(b.Student));
        Assert.Equal(Bits(a.Predictor), Bits(b.Predictor));
        Assert.Equal(a.Report.Losses, b.Report.Losses);
        Assert.Equal(a.Report.GradientNorms, b.Report.GradientNorms);

        var other = SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options with { Seed = 12 });
        Assert.NotEqual(Snapshot(a.Student), Snapshot(other.Student));

        // Carrying the predictor into the next run is deterministic too, and differs from a fresh predictor.
        var c1 = SimTsStudentAdapter.Adapt(a.Student, scaling, rows, logMids, Cut, Options, a.Predictor);
        var c2 = SimTsStudentAdapter.Adapt(b.Student, scaling, rows, logMids, Cut, Options, b.Predictor);
        var fresh = SimTsStudentAdapter.Adapt(a.Student, scaling, rows, logMids, Cut, Options);
        Assert.Equal(Snapshot(c1.Student), Snapshot(c2.Student));
        Assert.NotEqual(Snapshot(c1.Student), Snapshot(fresh.Student));
    }

    [Fact]
    public void RowsAndLogMidsAfterTheCutHaveNoEffect()
    {
        var (served, scaling, rows, logMids) = Setup();
        var reference = SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options);

        // Rows [Cut, T) and log mids (Cut, T] replaced by other values, NaN included; log mid Cut is row Cut − 1's.
        var (futureRows, futureMids) = ((float[])rows.Clone(), (double[])logMids.Clone());
        var random = new DeterministicRandom(99);
        for (var i = Cut * Mean.Length; i < futureRows.Length; i++)
        {
            futureRows[i] = i % 7 == 0 ? float.NaN : (float)(100 * random.NextGaussian());
        }

        for (var i = Cut + 1; i < futureMids.Length; i++)
        {
            futureMids[i] = futureMids[i - 1] + (0.05 * random.NextGaussian());
        }

        var changed = SimTsStudentAdapter.Adapt(served, scaling, futureRows, futureMids, Cut, Options);
        Assert.Equal(Snapshot(reference.Student), Snapshot(changed.Student));
        Assert.Equal(Bits(reference.Predictor), Bits(changed.Predictor));
        Assert.Equal(reference.Report.Losses, changed.Report.Losses);

        // The same run is sensitive to the rows before the cut (so the equality above is not vacuous).
        var (pastRows, pastMids) = ((float[])rows.Clone(), (double[])logMids.Clone());
        for (var i = 0; i < Cut * Mean.Length; i++)
        {
            pastRows[i] *= 1.5f;
        }

        var moved = SimTsStudentAdapter.Adapt(served, scaling, pastRows, pastMids, Cut, Options);
        Assert.NotEqual(Snapshot(reference.Student), Snapshot(moved.Student));
    }

    [Fact]
    public async Task TheServedForecasterIsUnchangedWhileAnAdaptationRunsAndTheAdaptedOneDiffers()
    {
        var (served, scaling, rows, logMids) = Setup();
        var bins = new MeanScaleQuantizer(Config.Bins, -4, 4);
        int[] horizons = [5, 20];
        var forecaster = new StudentForecaster(served.CreateStudent(), scaling.Mean, scaling.Scale, bins, Levels, horizons, scaling.ScaleFloor);
        var baseline = Forecasts(forecaster, rows, logMids);

        var run = Task.Run(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options with { Steps = 40 }), TestContext.Current.CancellationToken);
        var checks = 0;
        do
        {
            Assert.Equal(baseline, Forecasts(forecaster, rows, logMids));
            checks++;
        }
        while (!run.IsCompleted);

        var result = await run;
        Assert.True(checks >= 1);
        Assert.Equal(baseline, Forecasts(forecaster, rows, logMids));

        var adapted = new StudentForecaster(result.Student.CreateStudent(), scaling.Mean, scaling.Scale, bins, Levels, horizons, scaling.ScaleFloor);
        Assert.NotEqual(baseline, Forecasts(adapted, rows, logMids));
    }

    [Fact]
    public void BadInputIsRejectedWithTheFieldNamed()
    {
        var (served, scaling, rows, logMids) = Setup();
        Assert.Equal("cut", Assert.Throws<ArgumentOutOfRangeException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Rows + 1, Options)).ParamName);
        Assert.Equal("cut", Assert.Throws<ArgumentException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, 15, Options)).ParamName);
        Assert.Throws<ArgumentException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids.AsSpan(1), Cut, Options));
        Assert.Equal("FutureSteps", Assert.Throws<ArgumentOutOfRangeException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options with { FutureSteps = 6 })).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options with { LearningRate = float.NaN })).ParamName);
        Assert.Equal("scaling", Assert.Throws<ArgumentException>(() => SimTsStudentAdapter.Adapt(served, new StudentInputScaling([0, 0], [1, 1], 1e-5f), rows, logMids, Cut, Options)).ParamName);

        var wrongPredictor = SimTsObjective.CreatePredictor(Config.Model, 5, new DeterministicRandom(1)).StateDict();
        Assert.Equal("predictor", Assert.Throws<ArgumentException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options, wrongPredictor)).ParamName);
    }

    [Fact]
    public void ARunRefusesAThreadWhoseTapeHoldsAnotherComputation()
    {
        var (served, scaling, rows, logMids) = Setup();
        GradientTape.Current.EndStep();
        var leaf = Tensor.FromArray([1f, 2f], 2);
        leaf.RequiresGrad = true;
        _ = Ops.MulScalar(leaf, 3f);
        try
        {
            Assert.Throws<InvalidOperationException>(() => SimTsStudentAdapter.Adapt(served, scaling, rows, logMids, Cut, Options));
        }
        finally
        {
            GradientTape.Current.EndStep();
        }
    }

    private static (StudentWeights Served, StudentInputScaling Scaling, float[] Rows, double[] LogMids) Setup()
    {
        var served = StudentWeights.FromStudent(new ChronosStudent(Config, new DeterministicRandom(5)));
        var random = new DeterministicRandom(6);
        var rows = new float[Rows * Mean.Length];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Mean.Length; j++)
            {
                rows[(i * Mean.Length) + j] = (float)(Mean[j] + (Scale[j] * random.NextGaussian()));
            }
        }

        var logMids = new double[Rows + 1];
        logMids[0] = Math.Log(80);
        for (var i = 1; i <= Rows; i++)
        {
            logMids[i] = logMids[i - 1] + (3e-4 * random.NextGaussian());
        }

        return (served, new StudentInputScaling(Mean, Scale, 1e-5f), rows, logMids);
    }

    /// <summary>Every served forecast (both horizons) over the windows of the rows, as raw bits.</summary>
    private static long[] Forecasts(StudentForecaster forecaster, float[] rows, double[] logMids)
    {
        var l = Config.Window;
        var f = Mean.Length;
        var bits = new List<long>();
        for (var end = l; end <= Rows; end += 4)
        {
            for (var h = 0; h < Config.Horizons; h++)
            {
                Assert.True(forecaster.TryForecast(rows.AsSpan((end - l) * f, l * f), logMids.AsSpan(end - l, l + 1), h, out var forecast));
                bits.Add(BitConverter.DoubleToInt64Bits(forecast.ExpectedLogReturn));
                bits.Add(BitConverter.DoubleToInt64Bits(forecast.NoiseStandardDeviation));
                bits.Add(BitConverter.DoubleToInt64Bits(forecast.Confidence));
                bits.Add(BitConverter.DoubleToInt64Bits(forecast.Position));
            }
        }

        return [.. bits];
    }

    private static int[] Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private static string Bits(IReadOnlyDictionary<string, Tensor> state) =>
        string.Join(";", state.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + string.Join(",", Bits(kv.Value))));

    private static string Snapshot(StudentWeights weights) => Bits(weights.State);
}
