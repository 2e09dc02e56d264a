using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Parity;

public sealed class PatchEmbeddingParityTests
{
    [Theory]
    [InlineData("masked")]
    [InlineData("observed")]
    public void ResidualPatchEmbeddingMatchesChronosBoltsBlockInTorch(string mask)
    {
        // Patch 4, stride 3 over 14 steps (4 patches; the last step is in none), hidden 10, model 6.
        var f = Load("patch.safetensors");
        var embedding = new ResidualPatchEmbedding(4, 3, 10, 6, new DeterministicRandom(1));
        embedding.LoadStateDict(f.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["param.".Length..], kv => kv.Value));
        var x = Leaf(f["series"]);
        GradientTape.Current.Clear();
        var y = embedding.Forward(x, mask == "masked" ? f[$"{mask}.mask"] : null);
        Assert.Equal([3, 4, 6], y.Shape);
        AssertClose(f[$"{mask}.out"], y, $"{mask} output");
        Ops.SumAll(Ops.Mul(y, f[$"{mask}.r"])).Backward();
        AssertClose(f[$"{mask}.x.grad"], x.Grad!, $"{mask} series grad");
        foreach (var (name, p) in embedding.NamedParameters())
        {
            AssertClose(f[$"{mask}.grad.{name}"], p.Grad!, $"{mask} grad {name}");
        }

        GradientTape.Current.EndStep();
    }

    [Fact]
    public void UnfoldEqualsTheStackOfItsWindowsAndConcatOfTwoEqualsTheListFormOfThree()
    {
        var random = new DeterministicRandom(3);
        var x = Initializers.Normal(random, 0, 1, 2, 11, 3);
        using (GradientTape.NoGrad())
        {
            // Windows of 4 every 2 steps along axis 1: (2, 4, 3, 4), the window last as in torch.
            var unfolded = Ops.Unfold(x, 1, 4, 2);
            Assert.Equal([2, 4, 3, 4], unfolded.Shape);
            var windows = Enumerable.Range(0, 4).Select(i => Ops.Transpose(Ops.Slice(x, 1, i * 2, 4), 1, 2)).ToArray();
            Assert.Equal(Ops.Stack(windows, 1).ToArray(), unfolded.ToArray());

            var a = Initializers.Normal(random, 0, 1, 2, 3, 5);
            var b = Initializers.Normal(random, 0, 1, 2, 4, 5);
            // The list form with three parts (its own path) against the two-tensor form.
            Assert.Equal(Ops.Concat([a, Ops.Slice(b, 1, 0, 1), Ops.Slice(b, 1, 1, 3)], 1).ToArray(), Ops.Concat(a, b, 1).ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Unfold(x, 1, 12, 1));
        var e = Assert.Throws<ArgumentException>(() => Ops.Concat(Tensor.Zeros(2, 3), Tensor.Zeros(3, 3), 1));
        Assert.Contains("differ on axis 0", e.Message, StringComparison.Ordinal);
    }
}
