using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Autograd;

public sealed class FusedOpTests
{
    [Fact]
    public void ScaledSoftmaxEqualsSoftmaxOfScaledInputBitForBit()
    {
        var random = new DeterministicRandom(21);
        var x = Initializers.Normal(random, 0, 3, 2, 3, 37);
        var weights = Initializers.Normal(random, 0, 1, 2, 3, 37);
        x.RequiresGrad = true;
        const float Scale = 0.2886751f;

        var fused = Ops.ScaledSoftmax(x, Scale);
        Ops.SumAll(Ops.Mul(fused, weights)).Backward();
        var fusedValues = fused.ToArray();
        var fusedGrad = x.Grad!.ToArray();
        GradientTape.Current.EndStep();
        x.ZeroGrad();

        var reference = Ops.Softmax(Ops.MulScalar(x, Scale));
        Ops.SumAll(Ops.Mul(reference, weights)).Backward();
        Assert.Equal(reference.ToArray(), fusedValues);
        Assert.Equal(x.Grad!.ToArray(), fusedGrad);
        GradientTape.Current.EndStep();

        // Rows sum to one and the gradient is not trivially zero.
        for (var r = 0; r < 6; r++)
        {
            Assert.Equal(1.0, fusedValues.Skip(r * 37).Take(37).Sum(v => (double)v), 5);
        }

        Assert.Contains(fusedGrad, g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void ExpOfNonPositiveInputsMatchesDoublePrecision()
    {
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            Assert.Skip("No 512-bit vectors on this machine; the softmax uses TensorPrimitives.Exp instead.");
        }

        var worst = 0.0;
        for (var i = 0; i <= 200_000; i += 16)
        {
            var xs = new float[16];
            for (var j = 0; j < 16; j++)
            {
                xs[j] = -87.3f * (i + j) / 200_000f;
            }

            var e = Ops.ExpNonPositive(System.Runtime.Intrinsics.Vector512.Create(xs));
            for (var j = 0; j < 16; j++)
            {
                var exact = Math.Exp(xs[j]);
                worst = Math.Max(worst, Math.Abs(e[j] - exact) / exact);
            }
        }

        Assert.True(worst < 2e-7, $"worst relative error {worst}");
        var special = Ops.ExpNonPositive(System.Runtime.Intrinsics.Vector512.Create(float.NegativeInfinity, -100f, 0f, float.NaN, -1f, -2f, -3f, -4f, -5f, -6f, -7f, -8f, -9f, -10f, -11f, -12f));
        Assert.Equal(0f, special[0]);
        Assert.Equal(0f, special[1]);
        Assert.Equal(1f, special[2]);
        Assert.True(float.IsNaN(special[3]));
    }
}
