using System.Diagnostics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Quant.Orleans.Learning.Onnx.Proto;

namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// Builds one ONNX <see cref="GraphProto"/> (ONNX IR, onnx.proto3) node by node: float32 and int64 initializers stored
/// as little-endian <c>raw_data</c>, nodes of the default domain (<c>ai.onnx</c>) with generated unique value names,
/// and graph inputs and outputs whose first dimension is the symbolic <see cref="OnnxExport.BatchDimension"/>.
/// The layer helpers (<see cref="Linear"/>, <see cref="LayerNorm"/>, <see cref="Gelu"/>) emit the same function as
/// the engine's layers in evaluation mode.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly Dictionary<float, string> _scalars = [];
    private int _next;

    public OnnxGraphBuilder(string name)
    {
        Debug.Assert(BitConverter.IsLittleEndian, "Invariant: raw_data is written in the machine's byte order, which ONNX requires to be little-endian.");
        _graph = new GraphProto { Name = name };
    }

    public GraphProto Graph => _graph;

    /// <summary>A float32 initializer of the given dims (row-major values).</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.Add(dims.ToArray());
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An int64 initializer of the given dims (an empty dims span makes a scalar).</summary>
    public string Int64Initializer(string name, ReadOnlySpan<long> values, params ReadOnlySpan<long> dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.Add(dims.ToArray());
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A float32 scalar constant, one initializer per distinct value.</summary>
    public string Scalar(float value)
    {
        if (!_scalars.TryGetValue(value, out var name))
        {
            name = Initializer($"const.{_scalars.Count}", [value]);
            _scalars[value] = name;
        }

        return name;
    }

    /// <summary>An int64 shape vector for Reshape (0 copies the input's dimension, -1 is inferred).</summary>
    public string Shape(params ReadOnlySpan<long> shape) => Int64Initializer($"shape.{_next++}", shape, shape.Length);

    /// <summary>Adds a node of the default domain and returns the name of its single output.</summary>
    public string Node(string opType, ReadOnlySpan<string> inputs, params ReadOnlySpan<AttributeProto> attributes)
    {
        var output = $"{opType}.{_next++}";
        NodeTo(output, opType, inputs, attributes);
        return output;
    }

    /// <summary>Adds a node of the default domain writing to the named output.</summary>
    public string NodeTo(string output, string opType, ReadOnlySpan<string> inputs, params ReadOnlySpan<AttributeProto> attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_next++}" };
        node.Input.Add(inputs.ToArray());
        node.Output.Add(output);
        node.Attribute.Add(attributes.ToArray());
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>A graph input or output of element type float32, first dimension the symbolic batch.</summary>
    public static ValueInfoProto BatchedFloat(string name, params ReadOnlySpan<int> dimsAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxExport.BatchDimension });
        foreach (var d in dimsAfterBatch)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public void Input(string name, params ReadOnlySpan<int> dimsAfterBatch) => _graph.Input.Add(BatchedFloat(name, dimsAfterBatch));

    public void Output(string name, params ReadOnlySpan<int> dimsAfterBatch) => _graph.Output.Add(BatchedFloat(name, dimsAfterBatch));

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params ReadOnlySpan<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values.ToArray());
        return a;
    }

    /// <summary>y = x·Wᵀ + b for x of shape (*, in): MatMul with Wᵀ (in, out) stored as <c>{path}.weight_t</c>, then
    /// Add of <c>{path}.bias</c>. <paramref name="biasShift"/> (length out), when given, is added to the bias
    /// (a folded constant input).</summary>
    public string Linear(string x, Nn.Linear layer, string path, ReadOnlySpan<int> inputColumns = default, ReadOnlySpan<double> biasShift = default)
    {
        var w = layer.Weight.ToArray();
        var (outFeatures, inFeatures) = (layer.Weight.Shape[0], layer.Weight.Shape[1]);
        var columns = inputColumns.IsEmpty ? inFeatures : inputColumns.Length;
        var wt = new float[columns * outFeatures];
        for (var o = 0; o < outFeatures; o++)
        {
            for (var i = 0; i < columns; i++)
            {
                wt[(i * outFeatures) + o] = w[(o * inFeatures) + (inputColumns.IsEmpty ? i : inputColumns[i])];
            }
        }

        var y = Node("MatMul", [x, Initializer($"{path}.weight_t", wt, columns, outFeatures)]);
        if (layer.Bias is null && biasShift.IsEmpty)
        {
            return y;
        }

        var bias = layer.Bias?.ToArray() ?? new float[outFeatures];
        for (var o = 0; o < biasShift.Length; o++)
        {
            bias[o] = (float)(bias[o] + biasShift[o]);
        }

        return Node("Add", [y, Initializer($"{path}.bias", bias, outFeatures)]);
    }

    /// <summary>LayerNormalization (opset 17) over the last axis with the layer's weight, bias and ε.</summary>
    public string LayerNorm(string x, Nn.LayerNorm layer, string path) =>
        Node("LayerNormalization", [x, Initializer($"{path}.weight", layer.Weight.ToArray(), layer.Weight.Length), Initializer($"{path}.bias", layer.Bias.ToArray(), layer.Bias.Length)],
            Int("axis", -1), Float("epsilon", layer.Epsilon));

    /// <summary>Exact GELU from standard ops: 0.5·x·(1 + Erf(x·(1/√2))).</summary>
    public string Gelu(string x)
    {
        var erf = Node("Erf", [Node("Mul", [x, Scalar(0.70710677f)])]);
        return Node("Mul", [Node("Mul", [x, Node("Add", [erf, Scalar(1f)])]), Scalar(0.5f)]);
    }
}
