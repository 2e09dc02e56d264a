using System.Text.Json.Nodes;
using Google.Protobuf;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Onnx;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Onnx;

/// <summary>Serving a student through ONNX Runtime by configuration: a folder exported by <see cref="OnnxStudentFolder"/>
/// gives the engine's forecasts on <c>onnx-cpu</c>; its contract (<c>onnx.json</c>) is checked against the file, the
/// session and the serving code; <c>onnx-cuda</c> fails at load on this machine with a clear message.</summary>
public sealed class StudentOnnxServingTests
{
    public static TheoryData<int> Sizes => [0, 1];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AnExportedFolderServedOnOnnxCpuForecastsAsTheEngine(int which)
    {
        var student = OnnxExportTests.Student(which, 61);
        var serving = Serving.For(student);
        using var folder = new TempFolder("qo-onnx-serving");
        Directory.CreateDirectory(folder.Path);
        OnnxStudentFolder.Write(folder.Path, student, serving.Levels, serving.HorizonsSeconds, student.Config.Bins, -8, 8);

        var onnx = OnnxStudentFolder.Read(folder.Path);
        onnx.Contract.CheckServing(student.Config.Window, student.Config.InputFeatures, serving.Levels, serving.HorizonsSeconds, student.Config.Bins, -8, 8, onnx.ContractPath);
        using var viaOnnx = serving.Forecaster(onnx.CreateRunner(StudentRuntime.OnnxCpu));
        using var viaEngine = serving.Forecaster(new EngineStudentNetwork(student));
        using var engineNetwork = new EngineStudentNetwork(student);
        Assert.Equal(StudentRuntime.OnnxCpu, viaOnnx.Runtime);
        Assert.Equal(StudentRuntime.Engine, viaEngine.Runtime);
        for (var trial = 0; trial < 3; trial++)
        {
            var (rows, logMids) = serving.Sample(62 + (ulong)trial);
            for (var h = 0; h < student.Config.Horizons; h++)
            {
                Assert.True(viaEngine.TryForecast(rows, logMids, h, out var e));
                Assert.True(viaOnnx.TryForecast(rows, logMids, h, out var o));
                AssertSameForecast(serving, engineNetwork, rows, logMids, h, e, o);
            }
        }
    }

    [Fact]
    public void AnOwnExportWithOtherNamesAndNoBarrierHeadIsServedByItsContract()
    {
        // A user's export: the graph's names differ from OnnxExport's and it has no barrier output; the contract
        // states the names, and serving binds them.
        var student = OnnxExportTests.Student(0, 63);
        var serving = Serving.For(student);
        var model = OnnxExport.Build(student);
        var renames = new Dictionary<string, string> { ["x"] = "context", ["quantiles"] = "quantile_preds", ["logits"] = "bin_logits", ["position"] = "pos" };
        foreach (var node in model.Graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = renames.GetValueOrDefault(node.Input[i], node.Input[i]);
            }

            for (var i = 0; i < node.Output.Count; i++)
            {
                node.Output[i] = renames.GetValueOrDefault(node.Output[i], node.Output[i]);
            }
        }

        foreach (var value in model.Graph.Input.Concat(model.Graph.Output))
        {
            value.Name = renames.GetValueOrDefault(value.Name, value.Name);
        }

        model.Graph.Output.Remove(model.Graph.Output.Single(o => o.Name == OnnxExport.BarrierLogitsName));
        var bytes = model.ToByteArray();
        var exported = OnnxStudentContract.ForExport(student.Config, bytes, serving.Levels, serving.HorizonsSeconds, student.Config.Bins, -8, 8);
        var contract = exported with
        {
            Inputs = exported.Inputs.Select(t => t with { Name = renames[t.Name] }).ToArray(),
            Outputs = exported.Outputs.Where(t => t.Role != OnnxStudentContract.BarrierLogitsRole).Select(t => t with { Name = renames[t.Name] }).ToArray(),
        };
        var reread = OnnxStudentContract.Parse(contract.ToJson(), "onnx.json");
        Assert.Null(reread.Tensor(OnnxStudentContract.BarrierLogitsRole));
        Assert.Equal("quantile_preds", reread.Tensor(OnnxStudentContract.QuantilesRole)!.Name);

        using var viaOnnx = serving.Forecaster(new OnnxStudentRunner(bytes, reread, StudentRuntime.OnnxCpu, "onnx.json"));
        using var viaEngine = serving.Forecaster(new EngineStudentNetwork(student));
        using var engineNetwork = new EngineStudentNetwork(student);
        var (rows, logMids) = serving.Sample(64);
        for (var h = 0; h < student.Config.Horizons; h++)
        {
            Assert.True(viaEngine.TryForecast(rows, logMids, h, out var e));
            Assert.True(viaOnnx.TryForecast(rows, logMids, h, out var o));
            AssertSameForecast(serving, engineNetwork, rows, logMids, h, e, o);
        }

        // Without a barrier head the runner writes zeros there.
        using var runner = new OnnxStudentRunner(bytes, reread, StudentRuntime.OnnxCpu, "onnx.json");
        var barrier = new float[] { 9, 9, 9 };
        runner.Run(new float[student.Config.Window * student.Config.InputFeatures], new float[6], new float[10], barrier);
        Assert.Equal([0f, 0f, 0f], barrier);
    }

    [Fact]
    public void TheWrittenContractStatesTheModelsInputsOutputsAndTheirMeaning()
    {
        var student = OnnxExportTests.Student(1, 65);
        var serving = Serving.For(student);
        using var folder = new TempFolder("qo-onnx-serving");
        Directory.CreateDirectory(folder.Path);
        var written = OnnxStudentFolder.Write(folder.Path, student, serving.Levels, serving.HorizonsSeconds, 64, -8, 8);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, OnnxStudentContract.FileName)))!;
        Assert.Equal("student.onnx", (string)json["file"]!);
        Assert.Equal(OnnxStudentContract.Hash(File.ReadAllBytes(Path.Combine(folder.Path, "student.onnx"))), (string)json["sha256"]!);
        Assert.Equal("""["batch",64,8]""", json["inputs"]![0]!["shape"]!.ToJsonString());
        Assert.Equal("""["batch",3,9]""", json["outputs"]![0]!["shape"]!.ToJsonString());
        Assert.Equal("""["batch",3,64]""", json["outputs"]![1]!["shape"]!.ToJsonString());
        Assert.Equal("""["batch"]""", json["outputs"]![2]!["shape"]!.ToJsonString());
        Assert.Equal("""["batch",3]""", json["outputs"]![3]!["shape"]!.ToJsonString());
        Assert.Equal("[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]", json["quantile_levels"]!.ToJsonString());
        Assert.Equal("[10,60,300]", json["horizons_seconds"]!.ToJsonString());
        Assert.Equal("""{"count":64,"low":-8,"high":8}""", json["bins"]!.ToJsonString());

        var read = OnnxStudentFolder.Read(folder.Path).Contract;
        Assert.Equal(written.ToJson(), read.ToJson());
        Assert.Equal(["tokens"], read.Inputs.Select(t => t.Role));
        Assert.Equal(["quantiles", "logits", "position", "barrier_logits"], read.Outputs.Select(t => t.Role));
    }

    /// <summary>Each row: a change to the written <c>onnx.json</c>, the field the refusal names, and the two values it
    /// must show. Caught by the contract's own rules, by the file's hash, or by the session's actual inputs and
    /// outputs (the last four).</summary>
    public static TheoryData<string, string, string, string> Tampered => new()
    {
        { "sha256", "sha256", "is '0000", "the SHA-256 of 'student.onnx' is '" },
        { "extra", "extra", "extra", "known:" },
        { "levels-only", "outputs[0].shape[2]", "is 3", "quantile_levels has 4" },
        { "dtype", "outputs[1].dtype", "'float16'", "float32" },
        { "input-name", "inputs[0].name", "'tokens'", "'x'" },
        { "window", "inputs[0].shape", "[batch, 16, 3]", "[batch, 12, 3]" },
        { "quantile-count", "outputs[0].shape", "[batch, 2, 4]", "[batch, 2, 3]" },
        { "output-name", "outputs[2].name", "'pos'", "'position'" },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void ATamperedContractIsRefusedNamingTheFieldAndBothValues(string change, string field, string declared, string actual)
    {
        var student = OnnxExportTests.Student(0, 66);
        var serving = Serving.For(student);
        using var folder = new TempFolder("qo-onnx-serving");
        Directory.CreateDirectory(folder.Path);
        OnnxStudentFolder.Write(folder.Path, student, serving.Levels, serving.HorizonsSeconds, student.Config.Bins, -8, 8);
        var path = Path.Combine(folder.Path, OnnxStudentContract.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        switch (change)
        {
            case "sha256":
                json["sha256"] = new string('0', 64);
                break;
            case "extra":
                json["extra"] = 1;
                break;
            case "levels-only":
                json["quantile_levels"] = new JsonArray(0.1, 0.5, 0.9, 0.95);
                break;
            case "dtype":
                json["outputs"]![1]!["dtype"] = "float16";
                break;
            case "input-name":
                json["inputs"]![0]!["name"] = "tokens";
                break;
            case "window":
                json["inputs"]![0]!["shape"] = new JsonArray("batch", 16, 3);
                break;
            case "quantile-count":
                json["quantile_levels"] = new JsonArray(0.1, 0.5, 0.9, 0.95);
                json["outputs"]![0]!["shape"] = new JsonArray("batch", 2, 4);
                break;
            case "output-name":
                json["outputs"]![2]!["name"] = "pos";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown change.");
        }

        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<OnnxContractMismatchException>(() =>
        {
            using var runner = OnnxStudentFolder.Read(folder.Path).CreateRunner(StudentRuntime.OnnxCpu);
        });
        Assert.Equal(field, e.Field);
        Assert.Contains($"field '{field}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(declared, e.Message, StringComparison.Ordinal);
        Assert.Contains(actual, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AContractThatDisagreesWithTheManifestIsRefusedNamingTheField()
    {
        var student = OnnxExportTests.Student(0, 67);
        var serving = Serving.For(student);
        using var folder = new TempFolder("qo-onnx-serving");
        Directory.CreateDirectory(folder.Path);
        OnnxStudentFolder.Write(folder.Path, student, serving.Levels, serving.HorizonsSeconds, student.Config.Bins, -8, 8);
        var onnx = OnnxStudentFolder.Read(folder.Path);
        var c = student.Config;
        var levels = Assert.Throws<OnnxContractMismatchException>(() => onnx.Contract.CheckServing(c.Window, c.InputFeatures, [0.1, 0.5, 0.95], serving.HorizonsSeconds, c.Bins, -8, 8, onnx.ContractPath));
        Assert.Equal("quantile_levels", levels.Field);
        Assert.Contains("[0.1, 0.5, 0.9] but the manifest's quantiles is [0.1, 0.5, 0.95]", levels.Message, StringComparison.Ordinal);
        var horizons = Assert.Throws<OnnxContractMismatchException>(() => onnx.Contract.CheckServing(c.Window, c.InputFeatures, serving.Levels, [10, 300], c.Bins, -8, 8, onnx.ContractPath));
        Assert.Equal("horizons_seconds", horizons.Field);
        var width = Assert.Throws<OnnxContractMismatchException>(() => onnx.Contract.CheckServing(c.Window, c.InputFeatures + 1, serving.Levels, serving.HorizonsSeconds, c.Bins, -8, 8, onnx.ContractPath));
        Assert.Equal("inputs[0].shape[2]", width.Field);
        Assert.Contains("is 3 but", width.Message, StringComparison.Ordinal);
        var bins = Assert.Throws<OnnxContractMismatchException>(() => onnx.Contract.CheckServing(c.Window, c.InputFeatures, serving.Levels, serving.HorizonsSeconds, c.Bins, -10, 8, onnx.ContractPath));
        Assert.Equal("bins.low", bins.Field);
    }

    [Fact]
    public void OnnxCudaFailsAtLoadWithAClearMessageWhereThereIsNoCuda()
    {
        // This test project loads the CPU package of ONNX Runtime (its .csproj, and Learning's default flavour), which
        // has no CUDA execution provider on any machine, so the refusal is deterministic; no GPU is needed or used.
        var student = OnnxExportTests.Student(0, 68);
        var serving = Serving.For(student);
        using var folder = new TempFolder("qo-onnx-serving");
        Directory.CreateDirectory(folder.Path);
        OnnxStudentFolder.Write(folder.Path, student, serving.Levels, serving.HorizonsSeconds, student.Config.Bins, -8, 8);
        var onnx = OnnxStudentFolder.Read(folder.Path);
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            using var runner = onnx.CreateRunner(StudentRuntime.OnnxCuda);
        });
        Assert.StartsWith("Student runtime 'onnx-cuda' cannot run on this machine: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("no CUDA execution provider", e.Message, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeFlavor=Gpu", e.Message, StringComparison.Ordinal);
        Assert.Contains("choose onnx-cpu or engine", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OnnxStudentRunner.CreateSessionOptions(StudentRuntime.Engine));
    }

    [Fact]
    public void RuntimeNamesAreTheConfigurationsNames()
    {
        Assert.Equal(["engine", "onnx-cpu", "onnx-cuda"], StudentRuntimes.Names);
        Assert.Equal(StudentRuntime.OnnxCuda, StudentRuntimes.Parse("onnx-cuda"));
        Assert.Equal("onnx-cpu", StudentRuntimes.Name(StudentRuntime.OnnxCpu));
        var e = Assert.Throws<ArgumentException>(() => StudentRuntimes.Parse("ONNX-CPU"));
        Assert.Contains("engine, onnx-cpu, onnx-cuda", e.Message, StringComparison.Ordinal);
        Assert.False(StudentRuntimes.TryParse(null, out _));
    }

    /// <summary>Same forecast from two runtimes. The networks' outputs agree within
    /// <see cref="Tolerance.TorchParityFloat32"/> (float32 both sides, other summation order and erf/exp kernels;
    /// OnnxStudentRunnerTests checks that on the raw outputs); the forecaster maps them with the same code:
    /// the expected return is median × root and the noise |q₀.₉ − q₀.₁| / 2.563 × root (root = √steps × mean scale,
    /// bit-identical on both sides, so both are compared divided by root, the noise with twice the tolerance for its two
    /// quantiles); the position is tanh of the head (|tanh′| ≤ 1); the confidence is a softmax mass, which moves by at
    /// most e^{2δ} − 1 ≈ 2δ when every logit moves by at most δ = 1e-5 · max(1, max |logit|).</summary>
    private static void AssertSameForecast(Serving serving, EngineStudentNetwork engine, float[] rows, double[] logMids, int h, StudentForecast e, StudentForecast o)
    {
        var c = (engine.Horizons, engine.QuantileCount, engine.Bins);
        var tokens = new float[engine.Window * engine.InputFeatures];
        StudentTokens.Fill(rows, logMids, serving.Mean, serving.Scale, 1e-5f, tokens);
        var (q, k) = (new float[c.Horizons * c.QuantileCount], new float[c.Horizons * c.Bins]);
        engine.Run(tokens, q, k, new float[3]);
        var root = Math.Sqrt(serving.HorizonSteps[h]) * e.MeanScale;
        Assert.Equal(e.MeanScale, o.MeanScale);
        Tolerance.AssertClose(e.ExpectedLogReturn / root, o.ExpectedLogReturn / root, Tolerance.TorchParityFloat32, $"expected return / root, horizon {h}");
        Tolerance.AssertClose(e.NoiseStandardDeviation / root, o.NoiseStandardDeviation / root, 2 * Tolerance.TorchParityFloat32, $"noise / root, horizon {h}");
        Tolerance.AssertClose(e.Position, o.Position, Tolerance.TorchParityFloat32, $"position, horizon {h}");
        var delta = Tolerance.TorchParityFloat32 * Math.Max(1, k.AsSpan(h * c.Bins, c.Bins).ToArray().Max(v => Math.Abs(v)));
        Assert.True(Math.Abs(e.Confidence - o.Confidence) <= Math.Exp(2 * delta) - 1, $"confidence, horizon {h}: {e.Confidence:R} vs {o.Confidence:R}");
    }

    /// <summary>What the grain feeds a student of a given configuration: scaler, levels with 0.1, 0.5 and 0.9, horizons
    /// of 10, 60 and 300 one-second steps, and random causal windows.</summary>
    private sealed record Serving(double[] Mean, double[] Scale, double[] Levels, int[] HorizonSteps, MeanScaleQuantizer Bins, int Window)
    {
        public double[] HorizonsSeconds => HorizonSteps.Select(s => (double)s).ToArray();

        public static Serving For(ChronosStudent student)
        {
            var c = student.Config;
            var f = c.InputFeatures - 1;
            var random = new DeterministicRandom(69);
            var mean = Enumerable.Range(0, f).Select(_ => 0.1 * random.NextGaussian()).ToArray();
            var scale = Enumerable.Range(0, f).Select(_ => 0.5 + random.NextDouble()).ToArray();
            double[] levels = c.QuantileCount == 3 ? [0.1, 0.5, 0.9] : Enumerable.Range(1, c.QuantileCount).Select(i => i / (double)(c.QuantileCount + 1)).ToArray();
            int[] steps = new[] { 10, 60, 300 }[..c.Horizons];
            return new Serving(mean, scale, levels, steps, new MeanScaleQuantizer(c.Bins, -8, 8), c.Window);
        }

        public StudentForecaster Forecaster(IStudentNetwork network) => new(network, Mean, Scale, Bins, Levels.Select(l => (float)l).ToArray(), HorizonSteps, 1e-5f);

        public (float[] Rows, double[] LogMids) Sample(ulong seed)
        {
            var random = new DeterministicRandom(seed);
            var rows = Enumerable.Range(0, Window * Mean.Length).Select(_ => (float)random.NextGaussian()).ToArray();
            var logMids = new double[Window + 1];
            logMids[0] = Math.Log(50);
            for (var i = 1; i < logMids.Length; i++)
            {
                logMids[i] = logMids[i - 1] + (2e-4 * random.NextGaussian());
            }

            return (rows, logMids);
        }
    }
}
