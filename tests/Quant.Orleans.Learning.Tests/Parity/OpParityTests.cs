using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Parity;

/// <summary>Each operation's output and gradients against PyTorch at Tolerance.TorchParityFloat32.</summary>
public sealed class OpParityTests
{
    private static readonly Dictionary<string, Tensor> Fixture = Load("ops.safetensors");

    public static TheoryData<string> Cases => new(
        "matmul", "bmm", "linear", "add", "sub", "mul", "div", "sum1", "mean2", "max1", "exp", "log", "sqrt", "pow", "abs",
        "clamp", "relu", "gelu", "silu", "tanh", "sigmoid", "softplus", "softmax", "logsoftmax", "layernorm", "rmsnorm",
        "concat", "stack", "lgamma", "digamma", "attention", "embedding", "gather");

    private static Tensor Apply(string op, Tensor[] x) => op switch
    {
        "matmul" or "bmm" => Ops.MatMul(x[0], x[1]),
        "linear" => Ops.Linear(x[0], x[1], x[2]),
        "add" => Ops.Add(x[0], x[1]),
        "sub" => Ops.Sub(x[0], x[1]),
        "mul" => Ops.Mul(x[0], x[1]),
        "div" => Ops.Div(x[0], x[1]),
        "sum1" => Ops.Sum(x[0], 1),
        "mean2" => Ops.Mean(x[0], -1, keepDim: true),
        "max1" => Ops.Max(x[0], 1),
        "exp" => Ops.Exp(x[0]),
        "log" => Ops.Log(x[0]),
        "sqrt" => Ops.Sqrt(x[0]),
        "pow" => Ops.Pow(x[0], 1.7f),
        "abs" => Ops.Abs(x[0]),
        "clamp" => Ops.Clamp(x[0], -0.5f, 0.8f),
        "relu" => Ops.Relu(x[0]),
        "gelu" => Ops.Gelu(x[0]),
        "silu" => Ops.Silu(x[0]),
        "tanh" => Ops.Tanh(x[0]),
        "sigmoid" => Ops.Sigmoid(x[0]),
        "softplus" => Ops.Softplus(x[0]),
        "softmax" => Ops.Softmax(x[0]),
        "logsoftmax" => Ops.LogSoftmax(x[0]),
        "layernorm" => Ops.LayerNorm(x[0], x[1], x[2]),
        "rmsnorm" => Ops.RmsNorm(x[0], x[1]),
        "concat" => Ops.Concat([x[0], x[1]], 1),
        "stack" => Ops.Stack([x[0], x[1]], 1),
        "lgamma" => Ops.LGamma(x[0]),
        "digamma" => Ops.Digamma(x[0]),
        "attention" => Ops.ScaledDotProductAttention(x[0], x[1], x[2], causal: true, keyPadding: [false, false, false, false, true, false, false, false, false, false]),
        "embedding" => Ops.Embedding(x[0], [1, 5, 1, 0], 2, 2),
        "gather" => Ops.Gather(x[0], [0, 3, 2, 2, 1, 0]),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndGradientsMatchTorch(string op)
    {
        GradientTape.Current.Clear();
        var inputs = Enumerable.Range(0, 4).TakeWhile(i => Fixture.ContainsKey($"{op}.in{i}")).Select(i => Leaf(Fixture[$"{op}.in{i}"])).ToArray();
        var y = Apply(op, inputs);
        AssertClose(Fixture[$"{op}.out"], y, $"{op} output");
        Ops.SumAll(Ops.Mul(y, Fixture[$"{op}.r"])).Backward();
        for (var i = 0; i < inputs.Length; i++)
        {
            AssertClose(Fixture[$"{op}.grad{i}"], inputs[i].Grad!, $"{op} grad{i}");
        }

        GradientTape.Current.Clear();
    }
}
