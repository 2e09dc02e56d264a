using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Parity;

/// <summary>Loads the fixtures written by Fixtures/make_torch_fixtures.py (Debian's torch 1.13, CPU).</summary>
internal static class TorchFixtures
{
    public static Dictionary<string, Tensor> Load(string name) =>
        SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Element-wise comparison at Tolerance.TorchParityFloat32.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (var i = 0; i < e.Length; i++)
        {
            Tolerance.AssertClose(e[i], a[i], Tolerance.TorchParityFloat32, $"{what}[{i}]");
        }
    }

    /// <summary>A copy that requires grad (fixture tensors are leaves).</summary>
    public static Tensor Leaf(Tensor t)
    {
        var c = Tensor.FromArray(t.ToArray(), t.Shape);
        c.RequiresGrad = true;
        return c;
    }
}
