using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Policy;

/// <summary>BetaDistribution: log-density and its gradients against PyTorch (Fixtures/make_grpo_fixture.py), hand values,
/// the clamp at 0 and 1, finite differences, closed-form moments, and the seeded sampler's moments and determinism.</summary>
public sealed class BetaDistributionTests
{
    [Fact]
    public void LogProbAndGradientsMatchTorch()
    {
        var f = Load("grpo.safetensors");
        var alpha = Leaf(f["beta.alpha"]);
        var beta = Leaf(f["beta.beta"]);
        var logp = BetaDistribution.LogProb(alpha, beta, f["beta.x"], f["opt.log_prob_eps"].ToScalar());
        AssertClose(f["beta.logp"], logp, "log p");
        Ops.SumAll(Ops.Mul(logp, f["beta.r"])).Backward();
        AssertClose(f["beta.grad.alpha"], alpha.Grad!, "d/d alpha");
        AssertClose(f["beta.grad.beta"], beta.Grad!, "d/d beta");
        GradientTape.Current.EndStep();
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.3, 0.0)] // uniform: density 1
    [InlineData(2.0, 2.0, 0.5, 0.405465108108164382)] // 6·x(1−x) = 1.5
    [InlineData(2.0, 1.0, 0.3, -0.510825623765990683)] // 2x = 0.6
    [InlineData(3.0, 2.0, 0.25, -0.575364144903561714)] // 12·x²(1−x) = 0.5625
    [InlineData(1.0, 3.0, 0.5, -0.287682072451780927)] // 3(1−x)² = 0.75
    public void LogProbAtKnownPoints(double alpha, double beta, double x, double expected)
    {
        Tolerance.AssertClose(expected, BetaDistribution.LogProb(alpha, beta, x), Tolerance.DifferentAlgorithmDouble, "double");
        using var scope = GradientTape.NoGrad();
        var t = BetaDistribution.LogProb(Tensor.Scalar((float)alpha), Tensor.Scalar((float)beta), Tensor.Scalar((float)x));

        // float32 rounding of a handful of operations (lnΓ evaluated in double and rounded): TorchParityFloat32's budget.
        Tolerance.AssertClose(expected, t.ToScalar(), Tolerance.TorchParityFloat32, "float32 tape");
    }

    [Fact]
    public void GradientIsTheDigammaClosedForm()
    {
        var (a, b, x) = (2.5f, 4f, 0.3f);
        var alpha = Tensor.FromArray([a], 1);
        var beta = Tensor.FromArray([b], 1);
        (alpha.RequiresGrad, beta.RequiresGrad) = (true, true);
        BetaDistribution.LogProb(alpha, beta, Tensor.FromArray([x], 1)).Backward();
        var psiSum = MathNet.Numerics.SpecialFunctions.DiGamma(a + b);
        Tolerance.AssertClose(Math.Log(x) - MathNet.Numerics.SpecialFunctions.DiGamma(a) + psiSum, alpha.Grad![0], Tolerance.TorchParityFloat32, "d/d alpha");
        Tolerance.AssertClose(Math.Log(1 - x) - MathNet.Numerics.SpecialFunctions.DiGamma(b) + psiSum, beta.Grad![0], Tolerance.TorchParityFloat32, "d/d beta");
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void EndpointsAreClampedToFiniteValues()
    {
        var alpha = Tensor.FromArray([3f, 3f, 1f, 1.5f], 4);
        var beta = Tensor.FromArray([2f, 2f, 4f, 1f], 4);
        (alpha.RequiresGrad, beta.RequiresGrad) = (true, true);
        const float Eps = BetaDistribution.DefaultEpsilon;
        var x = Tensor.FromArray([0f, 1f, -0.5f, 1.5f], 4);
        var logp = BetaDistribution.LogProb(alpha, beta, x);
        Ops.SumAll(logp).Backward();
        var values = logp.ToArray();
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.All(alpha.Grad!.ToArray().Concat(beta.Grad!.ToArray()), v => Assert.True(float.IsFinite(v)));
        float[] clampedX = [Eps, 1f - Eps, Eps, 1f - Eps];
        float[] a = [3f, 3f, 1f, 1.5f];
        float[] b = [2f, 2f, 4f, 1f];
        for (var i = 0; i < 4; i++)
        {
            Tolerance.AssertClose(BetaDistribution.LogProb(a[i], b[i], clampedX[i]), values[i], Tolerance.TorchParityFloat32, $"log p[{i}]");
        }

        GradientTape.Current.EndStep();
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var x = Tensor.FromArray([0.1f, 0.35f, 0.5f, 0.7f, 0.9f, 0.02f], 6);

        // Step 1e-3 for the special functions (as GradCheckTests' lgamma and digamma); α, β in [0.5, 3].
        GradCheck.Check(v => BetaDistribution.LogProb(v[0], v[1], v[2]), [GradCheck.Positive(1, 6), GradCheck.Positive(2, 6), x], eps: 1e-3f);
    }

    [Fact]
    public void MeanAndVarianceClosedForms()
    {
        Assert.Equal(0.4, BetaDistribution.Mean(2, 3), 15);
        Assert.Equal(0.04, BetaDistribution.Variance(2, 3), 15); // 6 / (25·6)
        Assert.Equal(1.0 / 12.0, BetaDistribution.Variance(1, 1), 15);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.5, 4.0)]
    [InlineData(1.3, 9.0)]
    [InlineData(20.0, 2.0)]
    [InlineData(0.5, 0.7)] // the k < 1 branch of the gamma sampler
    public void SampleMomentsMatchTheClosedForms(double alpha, double beta)
    {
        const int N = 200_000;
        var random = new DeterministicRandom(11);
        var draws = new double[N];
        for (var i = 0; i < N; i++)
        {
            draws[i] = BetaDistribution.Sample(random, alpha, beta);
            Assert.InRange(draws[i], 0.0, 1.0);
        }

        AssertMoments(draws, BetaDistribution.Mean(alpha, beta), BetaDistribution.Variance(alpha, beta), $"Beta({alpha}, {beta})");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.7)]
    public void GammaSampleMomentsMatchTheClosedForms(double shape)
    {
        const int N = 200_000;
        var random = new DeterministicRandom(12);
        var draws = new double[N];
        for (var i = 0; i < N; i++)
        {
            draws[i] = BetaDistribution.SampleGamma(random, shape);
        }

        AssertMoments(draws, shape, shape, $"Gamma({shape})");
    }

    [Fact]
    public void SamplingIsDeterministicPerSeed()
    {
        static double[] Draw(ulong seed)
        {
            var random = new DeterministicRandom(seed);
            return Enumerable.Range(0, 1000).Select(_ => BetaDistribution.Sample(random, 2.2, 3.1)).ToArray();
        }

        Assert.Equal(Draw(5), Draw(5));
        Assert.NotEqual(Draw(5), Draw(6));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var random = new DeterministicRandom(1);
        Assert.Contains("alpha must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => BetaDistribution.Sample(random, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaDistribution.Sample(random, 1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaDistribution.SampleGamma(random, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaDistribution.LogProb(2, 2, 0.5, epsilon: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaDistribution.LogProb(Tensor.Scalar(2f), Tensor.Scalar(2f), Tensor.Scalar(0.5f), epsilon: 0f));
    }

    /// <summary>Sample mean and variance within 5 standard errors: se(mean) = σ/√n, se(variance) = √((μ₄ − σ⁴)/n) with
    /// the sample's fourth central moment (a failure rate below 1e-6 per assertion for a correct sampler).</summary>
    private static void AssertMoments(double[] draws, double mean, double variance, string what)
    {
        var n = draws.Length;
        var m = draws.Average();
        var m2 = draws.Sum(d => (d - m) * (d - m)) / (n - 1);
        var m4 = draws.Sum(d => Math.Pow(d - m, 4)) / n;
        var seMean = Math.Sqrt(variance / n);
        var seVariance = Math.Sqrt(Math.Max(m4 - (m2 * m2), 0) / n);
        Assert.True(Math.Abs(m - mean) < 5 * seMean, $"{what}: mean {m} vs {mean} (5 se = {5 * seMean:E2}).");
        Assert.True(Math.Abs(m2 - variance) < 5 * seVariance, $"{what}: variance {m2} vs {variance} (5 se = {5 * seVariance:E2}).");
    }
}
