using System.Runtime.CompilerServices;
using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Adaptation;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Adaptation;

/// <summary>
/// <see cref="SimTsObjective"/> against PyTorch: the fixture simts_reference.json beside this file was written by
/// simts_reference.py (Debian's torch 1.13, CPU), which tokenises the windows with its own numpy re-implementation of
/// <see cref="StudentTokens.Fill"/>, encodes them with the Student module of Fixtures/make_chronos_fixtures.py, and
/// differentiates −mean cos(predictor(z_h), stopgrad(z_f)). Loss and every gradient at Tolerance.TorchParityFloat32.
/// </summary>
public sealed class SimTsObjectiveTests
{
    [Fact]
    public void LossAndEncoderAndPredictorGradientsMatchTorch()
    {
        var fixture = Reference();
        var (objective, rows, logMids, starts) = FromFixture(fixture.RootElement);
        GradientTape.Current.Clear();
        var loss = objective.Loss(rows, logMids, starts);
        Tolerance.AssertClose(fixture.RootElement.GetProperty("loss").GetDouble(), loss.ToScalar(), Tolerance.TorchParityFloat32, "loss");
        loss.Backward();

        var studentGrads = Tensors(fixture.RootElement.GetProperty("student_grads"));
        var predictorGrads = Tensors(fixture.RootElement.GetProperty("predictor_grads"));
        var compared = 0;
        foreach (var (name, parameter) in objective.NamedTrainableParameters())
        {
            var expected = name.StartsWith("predictor.", StringComparison.Ordinal) ? predictorGrads[name["predictor.".Length..]] : studentGrads[name];
            Assert.NotNull(parameter.Grad);
            AssertClose(expected, parameter.Grad, name);
            compared++;
        }

        Assert.Equal(studentGrads.Count + predictorGrads.Count, compared);

        // The heads are outside the graph (torch gave them no gradient either).
        foreach (var head in new[] { objective.Student.QuantileHead, objective.Student.LogitHead, objective.Student.PositionHead, objective.Student.BarrierHead })
        {
            Assert.All(head.Parameters(), p => Assert.Null(p.Grad));
        }

        GradientTape.Current.EndStep();
        objective.Dispose();
    }

    [Fact]
    public void TheLatentIsTheLastPatchVectorTheHeadsRead()
    {
        var config = new ChronosStudentConfig { InputFeatures = 3, Window = 8, PatchLength = 4, Model = 8, Heads = 2, Layers = 2, FeedForward = 16, Horizons = 2, Bins = 5, QuantileCount = 3 };
        var student = new ChronosStudent(config, new DeterministicRandom(3));
        student.Training = false;
        var random = new DeterministicRandom(4);
        var tokens = Tensor.FromArray(Enumerable.Range(0, 2 * 8 * 3).Select(_ => (float)random.NextGaussian()).ToArray(), 2, 8, 3);
        using var objective = new SimTsObjective(student, new StudentInputScaling([0, 0], [1, 1], 1e-5f), 8, 8, SimTsObjective.CreatePredictor(8, 8, new DeterministicRandom(5)));
        using (GradientTape.Inference())
        {
            var fromLatent = student.QuantileHead.Forward(objective.Latent(tokens)).ToArray();
            var fromForward = student.Forward(tokens).Quantiles.ToArray();
            Assert.Equal(fromForward, fromLatent); // the same operations on the same values: bit for bit
        }
    }

    [Fact]
    public void EligibleStartsSkipWindowsTouchingNonFiniteRowsOrLogMids()
    {
        var config = new ChronosStudentConfig { InputFeatures = 3, Window = 4, PatchLength = 4, Model = 8, Heads = 2, Layers = 1, FeedForward = 16, Horizons = 1, Bins = 4, QuantileCount = 3 };
        var student = new ChronosStudent(config, new DeterministicRandom(1));
        using var objective = new SimTsObjective(student, new StudentInputScaling([0, 0], [1, 1], 1e-5f), 4, 4, SimTsObjective.CreatePredictor(8, 4, new DeterministicRandom(2)));
        const int t = 30;
        var rows = new float[t * 2];
        var logMids = Enumerable.Range(0, t + 1).Select(i => 0.001 * i).ToArray();
        rows[(12 * 2) + 1] = float.NaN; // row 12
        logMids[25] = double.PositiveInfinity; // the log mid of row 24

        // A window of 8 rows at s covers rows s..s+7 and log mids s..s+8.
        var expected = Enumerable.Range(0, t - 8 + 1).Where(s => !(s <= 12 && 12 <= s + 7) && !(s <= 25 && 25 <= s + 8)).ToArray();
        Assert.Equal(expected, objective.EligibleStarts(rows, logMids));
        Assert.Throws<ArgumentException>(() => objective.EligibleStarts(rows, logMids.AsSpan(1)));
        Assert.Throws<ArgumentException>(() => objective.Loss(rows, logMids, [t - 7]));
    }

    internal static JsonDocument Reference([CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "simts_reference.json");
        Assert.True(File.Exists(path), $"{path} is missing; run /usr/bin/python3 simts_reference.py beside this test.");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    private static (SimTsObjective Objective, float[] Rows, double[] LogMids, int[] Starts) FromFixture(JsonElement root)
    {
        var architecture = root.GetProperty("config").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var config = ChronosStudentConfig.FromArchitecture(architecture);
        var weights = new StudentWeights(config, Tensors(root.GetProperty("student")));
        var scaling = new StudentInputScaling(Doubles(root.GetProperty("mean")), Doubles(root.GetProperty("scale")), (float)root.GetProperty("scale_floor").GetDouble());
        var predictor = SimTsObjective.CreatePredictor(config.Model, root.GetProperty("predictor_hidden").GetInt32(), new DeterministicRandom(0));
        predictor.LoadStateDict(Tensors(root.GetProperty("predictor")));
        var objective = new SimTsObjective(weights.CreateStudent(), scaling, root.GetProperty("history_steps").GetInt32(), root.GetProperty("future_steps").GetInt32(), predictor);
        var rows = root.GetProperty("rows").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var starts = root.GetProperty("starts").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return (objective, rows, Doubles(root.GetProperty("log_mids")), starts);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static Dictionary<string, Tensor> Tensors(JsonElement map) => map.EnumerateObject().ToDictionary(
        p => p.Name,
        p => Tensor.FromArray(
            p.Value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
            p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray()),
        StringComparer.Ordinal);

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var (e, a) = (expected.ToArray(), actual.ToArray());
        for (var i = 0; i < e.Length; i++)
        {
            Tolerance.AssertClose(e[i], a[i], Tolerance.TorchParityFloat32, $"{what}[{i}]");
        }
    }
}
