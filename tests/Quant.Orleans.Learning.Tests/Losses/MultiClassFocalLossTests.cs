using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Losses;

/// <summary>MultiClassFocalLoss: cross-entropy at γ = 0, the closed form on one row, finite differences, checks.</summary>
public sealed class MultiClassFocalLossTests
{
    private static readonly int[] Targets = [0, 2, 1, 2];

    [Fact]
    public void GammaZeroIsCrossEntropy()
    {
        var logits = GradCheck.Input(1, 4, 3);
        var focal = MultiClassFocalLoss.Compute(logits, Targets, 0f).ToScalar();
        var ce = CrossEntropyLoss.Compute(logits, Targets).ToScalar();
        Tolerance.AssertClose(ce, focal, Tolerance.TorchParityFloat32, "focal at γ = 0");
        GradientTape.Current.Clear();
    }

    [Fact]
    public void OneRowMatchesClosedForm()
    {
        using var scope = GradientTape.NoGrad();
        var value = MultiClassFocalLoss.Compute(Tensor.FromArray([1f, 0f, -1f], 1, 3), [1], 2f).ToScalar();
        var z = Math.Exp(1) + 1 + Math.Exp(-1);
        var p = 1 / z;
        Tolerance.AssertClose(-Math.Pow(1 - p, 2) * Math.Log(p), value, Tolerance.TorchParityFloat32, "focal");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(2f)]
    public void GradientsMatchFiniteDifferences(float gamma) =>
        GradCheck.Check(x => MultiClassFocalLoss.Compute(x[0], Targets, gamma), [GradCheck.Input(2, 4, 3)]);

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var logits = Tensor.Zeros(4, 3);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => MultiClassFocalLoss.Compute(logits, [0, 1, 2])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentOutOfRangeException>(() => MultiClassFocalLoss.Compute(logits, [0, 1, 3, 0])).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => MultiClassFocalLoss.Compute(logits, Targets, -1f)).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => MultiClassFocalLoss.Compute(Tensor.Zeros(12), Targets)).ParamName);
    }
}
