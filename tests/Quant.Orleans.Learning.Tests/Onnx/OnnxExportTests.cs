using Microsoft.ML.OnnxRuntime;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Onnx;
using Quant.Orleans.Learning.Onnx.Proto;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Tests.Models;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Onnx;

/// <summary>
/// The exported ONNX models, loaded in ONNX Runtime 1.32 (CPU), against the engine's <c>Forward</c> in evaluation
/// mode on random inputs. Tolerance: <see cref="Tolerance.TorchParityFloat32"/>, for its reason: both sides round
/// every operation to float32 but sum in another order (MLAS GEMM, fused layer norm and softmax kernels, another
/// erf and exp approximation there; blocked SIMD GEMM here).
/// </summary>
public sealed class OnnxExportTests
{
    private static readonly HashSet<string> StandardOps = new(StringComparer.Ordinal)
    {
        "MatMul", "Add", "Mul", "LayerNormalization", "Erf", "Softmax", "Reshape", "Transpose", "Gather", "Relu", "Tanh",
        "Identity", "ReduceMean",
    };

    public static TheoryData<int> Sizes => [0, 1];

    /// <summary>0: the fixture student (F 3, L 12, P 4, d 8, 2 heads, 2 layers, ff 16, H 2, K 5, Q 3); 1: the default
    /// (F 8, L 64, P 8, d 64, 4 heads, 2 layers, ff 128, H 3, K 64, Q 9).</summary>
    internal static ChronosStudent Student(int which, ulong seed)
    {
        var student = new ChronosStudent(which == 0 ? ChronosParityTests.FixtureStudent : new ChronosStudentConfig(), new DeterministicRandom(seed));
        Perturb(student, seed);
        return student;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void StudentMatchesTheEngineWithADynamicBatch(int which)
    {
        var student = Student(which, 31);
        var c = student.Config;
        using var session = new InferenceSession(OnnxExport.Student(student));
        var random = new DeterministicRandom(32);
        foreach (var batch in new[] { 1, 5 })
        {
            var x = Initializers.Normal(random, 0, 1, batch, c.Window, c.InputFeatures);
            float[] q, k, p, b;
            using (GradientTape.Inference())
            {
                student.Training = false;
                var y = student.Forward(x);
                (q, k, p, b) = (y.Quantiles.ToArray(), y.Logits.ToArray(), y.Position.ToArray(), y.BarrierLogits.ToArray());
            }

            using var input = OrtValue.CreateTensorValueFromMemory(x.ToArray(), [batch, c.Window, c.InputFeatures]);
            using var outputs = session.Run(new RunOptions(), [OnnxExport.InputName], [input], [OnnxExport.QuantilesName, OnnxExport.LogitsName, OnnxExport.PositionName, OnnxExport.BarrierLogitsName]);
            AssertOutput(outputs[0], q, [batch, c.Horizons, c.QuantileCount], "quantiles");
            AssertOutput(outputs[1], k, [batch, c.Horizons, c.Bins], "logits");
            AssertOutput(outputs[2], p, [batch], "position");
            AssertOutput(outputs[3], b, [batch, ChronosStudent.BarrierClasses], "barrier logits");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TeacherMatchesTheEngineWithADynamicBatch(int which)
    {
        var teacher = new ChronosTeacher(which == 0 ? ChronosParityTests.FixtureTeacher : new ChronosTeacherConfig(), new DeterministicRandom(41));
        Perturb(teacher, 41);
        var c = teacher.Config;
        using var session = new InferenceSession(OnnxExport.Teacher(teacher));
        var random = new DeterministicRandom(42);
        foreach (var batch in new[] { 1, 3 })
        {
            var x = Initializers.Normal(random, 0, 1, batch, c.Window, c.InputFeatures);
            float[] expected;
            using (GradientTape.Inference())
            {
                teacher.Training = false;
                expected = teacher.Forward(x).ToArray();
            }

            using var input = OrtValue.CreateTensorValueFromMemory(x.ToArray(), [batch, c.Window, c.InputFeatures]);
            using var outputs = session.Run(new RunOptions(), [OnnxExport.InputName], [input], [OnnxExport.LogitsName]);
            AssertOutput(outputs[0], expected, [batch, c.Horizons, c.Bins], "teacher logits");
        }
    }

    [Fact]
    public void TheModelImportsOpset17AndUsesOnlyStandardOps()
    {
        var student = Student(0, 5);
        var c = student.Config;
        var model = ModelProto.Parser.ParseFrom(OnnxExport.Student(student));
        Assert.Equal(OnnxExport.IrVersion, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal((string.Empty, 17L), (opset.Domain, opset.Version));
        Assert.All(model.Graph.Node, n => Assert.True(n.Domain.Length == 0 && StandardOps.Contains(n.OpType), $"node {n.Name}: {n.Domain}:{n.OpType}"));
        var x = Assert.Single(model.Graph.Input);
        Assert.Equal(OnnxExport.InputName, x.Name);
        Assert.Equal([OnnxExport.BatchDimension, $"{c.Window}", $"{c.InputFeatures}"], Dims(x));
        Assert.Equal([OnnxExport.QuantilesName, OnnxExport.LogitsName, OnnxExport.PositionName, OnnxExport.BarrierLogitsName], model.Graph.Output.Select(o => o.Name));
        Assert.Equal([OnnxExport.BatchDimension, "2", "3"], Dims(model.Graph.Output[0]));
        Assert.Equal([OnnxExport.BatchDimension], Dims(model.Graph.Output[2]));
        var buckets = model.Graph.Initializer.Single(i => i.Name == "encoder.layers.0.attn.relative_position_buckets");
        Assert.Equal([c.Patches, c.Patches], buckets.Dims);
        Assert.Equal((int)TensorProto.Types.DataType.Int64, buckets.DataType);

        // Every parameter is in the model: 1 initializer per parameter (weights transposed), plus the constants.
        var parameters = student.NamedParameters().Count();
        Assert.Equal(parameters, model.Graph.Initializer.Count(i => i.DataType == (int)TensorProto.Types.DataType.Float && !i.Name.StartsWith("const.", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriteStudentWritesTheSameBytes()
    {
        var student = Student(0, 6);
        using var stream = new MemoryStream();
        OnnxExport.WriteStudent(student, stream);
        Assert.Equal(OnnxExport.Student(student), stream.ToArray());
    }

    /// <summary>Layer norms and T5 tables away from their initial values, so a swapped weight and bias shows.</summary>
    private static void Perturb(Module module, ulong seed)
    {
        var random = new DeterministicRandom(seed + 1000);
        foreach (var (name, tensor) in module.NamedParameters())
        {
            if (name.Contains("norm", StringComparison.Ordinal) || name.EndsWith("relative_attention_bias", StringComparison.Ordinal))
            {
                var span = tensor.Span;
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] += (float)(0.2 * ((2 * random.NextDouble()) - 1));
                }
            }
        }
    }

    private static string[] Dims(ValueInfoProto value) =>
        [.. value.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : $"{d.DimValue}")];

    private static void AssertOutput(OrtValue value, float[] expected, long[] shape, string what)
    {
        Assert.Equal(shape, value.GetTensorTypeAndShape().Shape);
        var actual = value.GetTensorDataAsSpan<float>().ToArray();
        Tolerance.AssertAllClose(Array.ConvertAll(expected, v => (double)v), Array.ConvertAll(actual, v => (double)v), Tolerance.TorchParityFloat32, what);
    }
}
