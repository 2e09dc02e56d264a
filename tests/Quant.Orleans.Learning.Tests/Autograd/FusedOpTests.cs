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
        foreach (var n in new[] { 37, 32 })
        {
            CheckScaledSoftmax(random, n);
        }
    }

    private static void CheckScaledSoftmax(DeterministicRandom random, int n)
    {
        var x = Initializers.Normal(random, 0, 3, 2, 3, n);
        var weights = Initializers.Normal(random, 0, 1, 2, 3, n);
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
            Assert.Equal(1.0, fusedValues.Skip(r * n).Take(n).Sum(v => (double)v), 5);
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

    [Fact]
    public void SoftmaxRowsOfSixteensMatchDoublePrecisionWithMaskedEntries()
    {
        var random = new DeterministicRandom(23);
        var values = Initializers.Normal(random, 0, 8, 4, 48).ToArray();
        values[5] = float.NegativeInfinity;
        values[48 + 7] = float.NegativeInfinity;
        values[96 + 1] = 80f;
        var x = Tensor.FromArray(values, 4, 48);
        float[] y;
        using (GradientTape.Inference())
        {
            y = Ops.ScaledSoftmax(x, 0.5f).ToArray();
        }

        for (var r = 0; r < 4; r++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < 48; j++)
            {
                max = Math.Max(max, 0.5 * values[(r * 48) + j]);
            }

            var sum = 0.0;
            for (var j = 0; j < 48; j++)
            {
                sum += Math.Exp((0.5 * values[(r * 48) + j]) - max);
            }

            for (var j = 0; j < 48; j++)
            {
                var exact = Math.Exp((0.5 * values[(r * 48) + j]) - max) / sum;
                Assert.True(Math.Abs(y[(r * 48) + j] - exact) <= 1e-6 * Math.Max(exact, 1e-3), $"row {r} col {j}: {y[(r * 48) + j]} vs {exact}");
            }
        }

        Assert.Equal(0f, y[5]);
        Assert.Equal(0f, y[48 + 7]);

        // A row of -∞ only gives NaN (as PyTorch).
        var masked = Tensor.Full(float.NegativeInfinity, 1, 16);
        using (GradientTape.Inference())
        {
            Assert.All(Ops.Softmax(masked).ToArray(), v => Assert.True(float.IsNaN(v)));
        }
    }

    [Fact]
    public void NormRowsOfSixteensMatchDoublePrecision()
    {
        var random = new DeterministicRandom(24);
        var x = Initializers.Normal(random, 3, 2, 5, 32);
        var w = Initializers.Normal(random, 1, 0.5f, 32);
        var b = Initializers.Normal(random, 0, 0.5f, 32);
        float[] ln;
        float[] rms;
        using (GradientTape.Inference())
        {
            ln = Ops.LayerNorm(x, w, b).ToArray();
            rms = Ops.RmsNorm(x, w).ToArray();
        }

        var (xs, ws, bs) = (x.ToArray(), w.ToArray(), b.ToArray());
        for (var r = 0; r < 5; r++)
        {
            var row = xs.Skip(r * 32).Take(32).Select(v => (double)v).ToArray();
            var mean = row.Average();
            var variance = row.Select(v => (v - mean) * (v - mean)).Average();
            var meanSquare = row.Select(v => v * v).Average();
            for (var j = 0; j < 32; j++)
            {
                var expectedLn = ((row[j] - mean) / Math.Sqrt(variance + 1e-5) * ws[j]) + bs[j];
                var expectedRms = row[j] / Math.Sqrt(meanSquare + 1e-6) * ws[j];
                Assert.True(Math.Abs(ln[(r * 32) + j] - expectedLn) < 2e-5, $"layer norm ({r},{j}): {ln[(r * 32) + j]} vs {expectedLn}");
                Assert.True(Math.Abs(rms[(r * 32) + j] - expectedRms) < 2e-5, $"RMS norm ({r},{j}): {rms[(r * 32) + j]} vs {expectedRms}");
            }
        }
    }
}
