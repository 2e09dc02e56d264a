using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Parity;

public sealed class TransformerParityTests
{
    [Fact]
    public void TwoLayerEncoderForwardAndBackwardMatchTorch()
    {
        var f = Load("transformer.safetensors");
        var model = new TransformerEncoder(2, 16, 4, 32, new DeterministicRandom(1));
        model.LoadStateDict(f.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["param.".Length..], kv => kv.Value));
        var x = Leaf(f["x"]);
        GradientTape.Current.Clear();
        var y = model.Forward(x);
        AssertClose(f["out"], y, "encoder output");
        Ops.SumAll(Ops.Mul(y, f["r"])).Backward();
        AssertClose(f["x.grad"], x.Grad!, "input grad");
        foreach (var (name, p) in model.NamedParameters())
        {
            AssertClose(f[$"grad.{name}"], p.Grad!, $"grad {name}");
        }

        GradientTape.Current.EndStep();
    }
}
