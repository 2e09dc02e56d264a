using Google.Protobuf;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Onnx.Proto;

namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// Exports a <see cref="ChronosStudent"/> or <see cref="ChronosTeacher"/> to an ONNX model (IR version
/// <see cref="IrVersion"/>, default-domain opset <see cref="Opset"/>) that computes the same function as the model's
/// <c>Forward</c> in evaluation mode (no dropout) with every step observed (no mask input). The weights are copied at
/// the call; the model is written with Google.Protobuf from the ONNX IR schema (<c>Onnx/onnx.proto3</c>).
/// <para>Operators: MatMul, Add, Mul, LayerNormalization, Erf (exact GELU 0.5·x·(1 + erf(x/√2))), Softmax, Reshape,
/// Transpose, Gather (the T5 bias table by a constant (t, t) bucket index tensor for the model's window, and the last
/// patch), Relu, Tanh (student), ReduceMean (teacher). The first dimension of every input and output is the symbolic
/// <see cref="BatchDimension"/>.</para>
/// <para>Student contract: input <see cref="InputName"/> float32 (batch, L, F); outputs <see cref="QuantilesName"/>
/// (batch, H, Q), <see cref="LogitsName"/> (batch, H, K), <see cref="PositionName"/> (batch), <see cref="BarrierLogitsName"/>
/// (batch, 3), all float32. Teacher: input <see cref="InputName"/> (batch, T, F), output <see cref="LogitsName"/>
/// (batch, H, K).</para>
/// </summary>
public static class OnnxExport
{
    /// <summary>The default-domain (<c>ai.onnx</c>) opset the models import (LayerNormalization needs 17).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (8 is the IR version released with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>Name of the symbolic first dimension of every input and output.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The input: float32 (batch, window, features), standardised features, time-major.</summary>
    public const string InputName = "x";

    /// <summary>Student output: float32 (batch, H, Q) quantiles.</summary>
    public const string QuantilesName = "quantiles";

    /// <summary>Student and teacher output: float32 (batch, H, K) logits over the teacher's bins.</summary>
    public const string LogitsName = "logits";

    /// <summary>Student output: float32 (batch) position in [-1, 1].</summary>
    public const string PositionName = "position";

    /// <summary>Student output: float32 (batch, 3) triple-barrier logits (down, time, up).</summary>
    public const string BarrierLogitsName = "barrier_logits";

    /// <summary>The student as a serialised ONNX model.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="student"/> is null.</exception>
    public static byte[] Student(ChronosStudent student) => Build(student).ToByteArray();

    /// <summary>Writes the student as an ONNX model to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="student"/> or <paramref name="destination"/> is null.</exception>
    public static void WriteStudent(ChronosStudent student, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Build(student).WriteTo(destination);
    }

    /// <summary>The teacher as a serialised ONNX model.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="teacher"/> is null.</exception>
    public static byte[] Teacher(ChronosTeacher teacher) => Build(teacher).ToByteArray();

    /// <summary>Writes the teacher as an ONNX model to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="teacher"/> or <paramref name="destination"/> is null.</exception>
    public static void WriteTeacher(ChronosTeacher teacher, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Build(teacher).WriteTo(destination);
    }

    /// <summary>Output name of <see cref="Encoder"/>'s model.</summary>
    public const string EncoderOutputName = "y";

    /// <summary>A bare <see cref="Nn.TransformerEncoder"/> (its layers and final norm, evaluation mode) for a fixed
    /// sequence length, as a serialised ONNX model: input <see cref="InputName"/> float32 (batch, t, d), output
    /// <see cref="EncoderOutputName"/> float32 (batch, t, d), the same graph as inside <see cref="Student"/> and
    /// <see cref="Teacher"/> (the learning benchmark runs it in ONNX Runtime beside the engine and PyTorch).</summary>
    /// <param name="encoder">The encoder; its weights are copied now.</param>
    /// <param name="sequenceLength">t, positive (the T5 bucket indices, if any, are baked for it).</param>
    /// <returns>The model's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequenceLength"/> is not positive.</exception>
    public static byte[] Encoder(Nn.TransformerEncoder encoder, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        var d = encoder.Layers[0].Attention.Query.Weight.Shape[0];
        var g = new OnnxGraphBuilder("transformer_encoder");
        g.Input(InputName, sequenceLength, d);
        g.NodeTo(EncoderOutputName, "Identity", [OnnxEncoderExport.Encoder(g, InputName, encoder, "encoder", sequenceLength)]);
        g.Output(EncoderOutputName, sequenceLength, d);
        return Model(g, "TransformerEncoder").ToByteArray();
    }

    /// <summary>The student's graph. The window (batch, L, F) flattened time-major and cut into patches of P·F values
    /// is a Reshape to (batch, L/P, P·F). The mask half of the patch embedding's input is all ones, so its columns of
    /// the hidden and residual weights are summed into those layers' biases (W·[p; 1] + b = W_p·p + (b + W_m·1)).</summary>
    internal static ModelProto Build(ChronosStudent student)
    {
        ArgumentNullException.ThrowIfNull(student);
        var c = student.Config;
        var pf = c.PatchLength * c.InputFeatures;
        var g = new OnnxGraphBuilder("chronos_student");
        g.Input(InputName, c.Window, c.InputFeatures);
        var patches = g.Node("Reshape", [InputName, g.Shape(0, c.Patches, pf)]);
        var e = student.PatchEmbedding;
        var patchColumns = Enumerable.Range(0, pf).ToArray();
        var hidden = g.Node("Relu", [g.Linear(patches, e.Hidden, "patch_embedding.hidden_layer", patchColumns, MaskShift(e.Hidden, pf))]);
        var embedded = g.Node("Add", [
            g.Linear(hidden, e.Output, "patch_embedding.output_layer"),
            g.Linear(patches, e.Residual, "patch_embedding.residual_layer", patchColumns, MaskShift(e.Residual, pf)),
        ]);
        var encoded = OnnxEncoderExport.Encoder(g, embedded, student.Encoder, "encoder", c.Patches);
        var last = g.Node("Gather", [encoded, g.Int64Initializer("last_patch", [c.Patches - 1])], OnnxGraphBuilder.Int("axis", 1));
        g.NodeTo(QuantilesName, "Reshape", [g.Linear(last, student.QuantileHead, "quantile_head"), g.Shape(0, c.Horizons, c.QuantileCount)]);
        g.NodeTo(LogitsName, "Reshape", [g.Linear(last, student.LogitHead, "logit_head"), g.Shape(0, c.Horizons, c.Bins)]);
        g.NodeTo(PositionName, "Reshape", [g.Node("Tanh", [g.Linear(last, student.PositionHead, "position_head")]), g.Shape(-1)]);
        g.NodeTo(BarrierLogitsName, "Identity", [g.Linear(last, student.BarrierHead, "barrier_head")]);
        g.Output(QuantilesName, c.Horizons, c.QuantileCount);
        g.Output(LogitsName, c.Horizons, c.Bins);
        g.Output(PositionName);
        g.Output(BarrierLogitsName, ChronosStudent.BarrierClasses);
        return Model(g, "ChronosStudent");
    }

    /// <summary>The teacher's graph: Linear F → d, encoder, ReduceMean over steps, Linear d → H·K, Reshape.</summary>
    internal static ModelProto Build(ChronosTeacher teacher)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        var c = teacher.Config;
        var g = new OnnxGraphBuilder("chronos_teacher");
        g.Input(InputName, c.Window, c.InputFeatures);
        var encoded = OnnxEncoderExport.Encoder(g, g.Linear(InputName, teacher.InputProjection, "input_proj"), teacher.Encoder, "encoder", c.Window);
        var pooled = g.Node("ReduceMean", [encoded], OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 0));
        g.NodeTo(LogitsName, "Reshape", [g.Linear(pooled, teacher.Head, "head"), g.Shape(0, c.Horizons, c.Bins)]);
        g.Output(LogitsName, c.Horizons, c.Bins);
        return Model(g, "ChronosTeacher");
    }

    /// <summary>Σ over the mask columns [pf, 2·pf) of each weight row: the bias shift of an all-ones mask.</summary>
    private static double[] MaskShift(Nn.Linear layer, int pf)
    {
        var w = layer.Weight.ToArray();
        var (outFeatures, inFeatures) = (layer.Weight.Shape[0], layer.Weight.Shape[1]);
        var shift = new double[outFeatures];
        for (var o = 0; o < outFeatures; o++)
        {
            for (var i = pf; i < inFeatures; i++)
            {
                shift[o] += w[(o * inFeatures) + i];
            }
        }

        return shift;
    }

    private static ModelProto Model(OnnxGraphBuilder g, string docName)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Quant.Orleans.Learning",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = $"{docName} exported by Quant.Orleans.Learning.Onnx.OnnxExport (evaluation mode, all steps observed).",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model;
    }
}
