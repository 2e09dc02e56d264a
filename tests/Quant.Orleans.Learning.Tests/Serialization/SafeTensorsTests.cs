using Quant.Orleans.Core;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Serialization;

namespace Quant.Orleans.Learning.Tests.Serialization;

public sealed class SafeTensorsTests
{
    [Fact]
    public void ModuleWeightsRoundTrip()
    {
        var a = new Mlp([3, 4, 2], Activation.Gelu, new DeterministicRandom(1));
        var b = new Mlp([3, 4, 2], Activation.Gelu, new DeterministicRandom(2));
        var bytes = SafeTensors.Serialize(a.StateDict());
        b.LoadStateDict(SafeTensors.Read(bytes));
        foreach (var ((na, ta), (nb, tb)) in a.NamedParameters().Zip(b.NamedParameters()))
        {
            Assert.Equal(na, nb);
            Assert.Equal(ta.ToArray(), tb.ToArray());
        }
    }

    [Fact]
    public void TruncatedFileFailsWithAMessage()
    {
        var bytes = SafeTensors.Serialize(new Linear(2, 2, new DeterministicRandom(1)).StateDict());
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(bytes.AsSpan(0, bytes.Length - 4)));
        Assert.Contains("offsets", e.Message, StringComparison.Ordinal);
    }
}
