using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Policy;

/// <summary>GrpoLoss and PolicyHead against PyTorch (Fixtures/make_grpo_fixture.py: 6 states × 4 actions, clip fraction
/// 0.46, KL coefficient 0.1), hand-computed advantages, the on-policy case, finite differences and argument checks.</summary>
public sealed class GrpoLossTests
{
    private static readonly PolicyHeadConfig FixtureConfig = new() { Features = 5, Hidden = [8, 8], Activation = Activation.Tanh };

    [Fact]
    public void LossPartsAndAlphaBetaGradientsMatchTorch()
    {
        var f = Load("grpo.safetensors");
        var alpha = Leaf(f["grpo.alpha"]);
        var beta = Leaf(f["grpo.beta"]);
        var s = alpha.Length;
        var logp = BetaDistribution.LogProb(Ops.Reshape(alpha, s, 1), Ops.Reshape(beta, s, 1), f["grpo.u"], f["opt.log_prob_eps"].ToScalar());
        AssertClose(f["grpo.logp"], logp, "log p");
        var terms = GrpoLoss.Compute(logp, f["grpo.old_logp"], f["grpo.ref_logp"], f["grpo.rewards"], Options(f));

        AssertClose(f["grpo.loss"], terms.Total, "loss");
        Tolerance.AssertClose(f["grpo.surrogate"].ToScalar(), terms.Surrogate, Tolerance.TorchParityFloat32, "surrogate");
        Tolerance.AssertClose(f["grpo.kl"].ToScalar(), terms.Kl, Tolerance.TorchParityFloat32, "KL");
        Assert.Equal(f["grpo.clip_fraction"].ToScalar(), terms.ClipFraction, 6);
        Tolerance.AssertClose(f["grpo.mean_reward"].ToScalar(), terms.MeanReward, Tolerance.TorchParityFloat32, "mean reward");

        terms.Total.Backward();
        AssertClose(f["grpo.grad.alpha"], alpha.Grad!, "d/d alpha");
        AssertClose(f["grpo.grad.beta"], beta.Grad!, "d/d beta");
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void AdvantagesAndRewardsMatchTorch()
    {
        var f = Load("grpo.safetensors");
        var rewards = f["grpo.rewards"];
        var advantages = new float[rewards.Length];
        GrpoLoss.Advantages(rewards.ToArray(), rewards.Shape[1], f["opt.adv_eps"].ToScalar(), advantages);
        AssertClose(f["grpo.advantages"], Tensor.FromArray(advantages, rewards.Shape), "advantages");

        var (u, ret, variance) = (f["grpo.u"].ToArray(), f["grpo.forward_return"].ToArray(), f["grpo.variance"].ToArray());
        var g = rewards.Shape[1];
        var expected = rewards.ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            var r = GrpoReward.Trading(PolicyHead.ToPosition(u[i]), ret[i / g], f["opt.cost"].ToScalar(), f["opt.risk"].ToScalar(), variance[i / g]);
            Tolerance.AssertClose(expected[i], r, Tolerance.TorchParityFloat32, $"reward[{i}]");
        }
    }

    [Fact]
    public void HeadOutputsLogProbsAndParameterGradientsMatchTorch()
    {
        var f = Load("grpo.safetensors");
        var (policy, old, reference) = (Head(f, "head."), Head(f, "old."), Head(f, "ref."));
        var states = f["grpo.states"];
        var u = f["grpo.u"];
        var eps = f["opt.log_prob_eps"].ToScalar();
        using (GradientTape.Inference())
        {
            AssertClose(f["grpo.old_logp"], LogProb(old, states, u, eps), "old log p");
            AssertClose(f["grpo.ref_logp"], LogProb(reference, states, u, eps), "reference log p");
        }

        var p = policy.Forward(states);
        AssertClose(f["grpo.alpha"], p.Alpha, "alpha");
        AssertClose(f["grpo.beta"], p.Beta, "beta");
        var s = states.Shape[0];
        var logp = BetaDistribution.LogProb(Ops.Reshape(p.Alpha, s, 1), Ops.Reshape(p.Beta, s, 1), u, eps);
        var terms = GrpoLoss.Compute(logp, f["grpo.old_logp"], f["grpo.ref_logp"], f["grpo.rewards"], Options(f));
        AssertClose(f["grpo.loss"], terms.Total, "loss");
        terms.Total.Backward();
        foreach (var (name, parameter) in policy.NamedParameters())
        {
            AssertClose(f[$"grad.{name}"], parameter.Grad!, $"d/d {name}");
        }

        GradientTape.Current.EndStep();
    }

    [Fact]
    public void AdvantagesByHand()
    {
        var a = new float[6];
        GrpoLoss.Advantages([1f, 2f, 3f, 5f, 5f, 5f], 3, 1e-4f, a);

        // Group 1: mean 2, N − 1 standard deviation 1. Group 2: all equal, advantage 0.
        Assert.Equal([-1f / 1.0001f, 0f, 1f / 1.0001f, 0f, 0f, 0f], a);
    }

    [Fact]
    public void OnPolicyWithTheReferenceEqualToThePolicyHasRatioOneNoClipAndNoKl()
    {
        var alpha = Tensor.FromArray([2f, 3f], 2, 1);
        var beta = Tensor.FromArray([4f, 1.5f], 2, 1);
        alpha.RequiresGrad = true;
        var u = Tensor.FromArray([0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.9f], 2, 3);
        var rewards = Tensor.FromArray([1f, 0f, -1f, 0.5f, 2f, 3f], 2, 3);
        var logp = BetaDistribution.LogProb(alpha, beta, u);
        var frozen = Tensor.FromArray(logp.ToArray(), 2, 3);
        var terms = GrpoLoss.Compute(logp, frozen, frozen, rewards, new GrpoLossOptions());
        Assert.True(terms.Kl < 1e-6, $"KL {terms.Kl}"); // exp(0) in TensorPrimitives' vectorised exp is 1 + 1 ulp
        Assert.Equal(0.0, terms.ClipFraction);
        Assert.Equal(5.5 / 6, terms.MeanReward, 6);
        Assert.True(Math.Abs(terms.Surrogate) < 1e-6); // advantages have mean 0 in each group
        terms.Total.Backward();

        // Gradient = −(1/(S·G))·Σ_g Â_g·∂ log p_g/∂α with ∂ log p/∂α = ln u − ψ(α) + ψ(α + β).
        var adv = new float[6];
        GrpoLoss.Advantages(rewards.ToArray(), 3, 1e-4f, adv);
        float[] a = [2f, 3f];
        float[] b = [4f, 1.5f];
        for (var s = 0; s < 2; s++)
        {
            var expected = 0.0;
            for (var g = 0; g < 3; g++)
            {
                var x = u[(s * 3) + g];
                expected -= adv[(s * 3) + g] * (Math.Log(x) - MathNet.Numerics.SpecialFunctions.DiGamma(a[s]) + MathNet.Numerics.SpecialFunctions.DiGamma(a[s] + b[s])) / 6.0;
            }

            Tolerance.AssertClose(expected, alpha.Grad![s], Tolerance.TorchParityFloat32, $"d/d alpha[{s}]");
        }

        GradientTape.Current.EndStep();
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        // Old and reference log-probabilities are the current ones shifted by ±0.1 or ±0.5: every ratio (1.65, 1.11, 1,
        // 0.90, 0.61) stays at least 0.09 from the clip edges 0.8 and 1.2 under the ±1e-3 steps.
        var u = Tensor.FromArray([0.1f, 0.3f, 0.6f, 0.8f, 0.2f, 0.5f, 0.9f, 0.45f, 0.05f, 0.7f, 0.35f, 0.95f], 3, 4);
        var rewards = Tensor.FromArray([1f, 0f, -1f, 0.3f, 0.5f, 2f, 3f, -2f, 0.1f, 0.2f, -0.4f, 0.05f], 3, 4);
        float[] shifts = [-0.5f, -0.1f, 0f, 0.1f, 0.5f];
        var alpha = GradCheck.Positive(3, 3, 1);
        var beta = GradCheck.Positive(4, 3, 1);
        Tensor old, reference;
        using (GradientTape.NoGrad())
        {
            var now = BetaDistribution.LogProb(alpha, beta, u).ToArray();
            old = Tensor.FromArray(now.Select((v, i) => v + shifts[i % 5]).ToArray(), 3, 4);
            reference = Tensor.FromArray(now.Select((v, i) => v - shifts[(i + 2) % 5]).ToArray(), 3, 4);
        }

        var options = new GrpoLossOptions { KlCoefficient = 0.3f };
        Assert.True(GrpoLoss.Compute(BetaDistribution.LogProb(alpha, beta, u), old, reference, rewards, options).ClipFraction > 0);
        GradientTape.Current.EndStep();
        GradCheck.Check(x => GrpoLoss.Compute(BetaDistribution.LogProb(x[0], x[1], u), old, reference, rewards, options).Total, [alpha, beta], eps: 1e-3f);
    }

    [Fact]
    public void ParameterGradientsOfTheHeadMatchFiniteDifferences()
    {
        var head = new PolicyHead(new PolicyHeadConfig { Features = 4, Hidden = [6], Activation = Activation.Tanh }, new DeterministicRandom(3));
        var states = Initializers.Uniform(new DeterministicRandom(4), -1.5f, 1.5f, 3, 4);
        var u = Tensor.FromArray([0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.9f, 0.05f, 0.7f, 0.35f], 3, 3);
        var rewards = Tensor.FromArray([1f, 0f, -1f, 0.5f, 2f, 3f, 0.1f, -0.4f, 0.05f], 3, 3);
        Tensor old;
        using (GradientTape.NoGrad())
        {
            old = Tensor.FromArray(LogProb(head, states, u, BetaDistribution.DefaultEpsilon).ToArray(), 3, 3);
        }

        var reference = Tensor.FromArray(old.ToArray().Select(v => v - 0.2f).ToArray(), 3, 3);
        GradCheck.Check(_ => GrpoLoss.Compute(LogProb(head, states, u, BetaDistribution.DefaultEpsilon), old, reference, rewards, new GrpoLossOptions { KlCoefficient = 0.5f }).Total, head.Parameters().ToArray(), eps: 1e-3f);
    }

    [Fact]
    public void BadShapesAndOptionsAreRefused()
    {
        var a = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentException>(() => GrpoLoss.Compute(a, Tensor.Zeros(2, 4), a, a, new GrpoLossOptions()));
        Assert.Contains("oldLogProb has shape (2, 4); logProb has (2, 3)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GrpoLoss.Compute(Tensor.Zeros(2, 1), Tensor.Zeros(2, 1), Tensor.Zeros(2, 1), Tensor.Zeros(2, 1), new GrpoLossOptions()));
        var o = Assert.Throws<ArgumentOutOfRangeException>(() => GrpoLoss.Compute(a, a, a, a, new GrpoLossOptions { ClipEpsilon = 1.5f }));
        Assert.Contains("ClipEpsilon must lie in (0, 1); got 1.5", o.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrpoLossOptions { KlCoefficient = -1f }.Validate());
    }

    private static GrpoLossOptions Options(Dictionary<string, Tensor> f) => new()
    {
        ClipEpsilon = f["opt.clip"].ToScalar(),
        KlCoefficient = f["opt.kl_beta"].ToScalar(),
        AdvantageEpsilon = f["opt.adv_eps"].ToScalar(),
    };

    private static PolicyHead Head(Dictionary<string, Tensor> f, string prefix)
    {
        var head = new PolicyHead(FixtureConfig, new DeterministicRandom(0));
        head.LoadStateDict(f.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value));
        return head;
    }

    private static Tensor LogProb(PolicyHead head, Tensor states, Tensor u, float eps)
    {
        var p = head.Forward(states);
        var s = states.Shape[0];
        return BetaDistribution.LogProb(Ops.Reshape(p.Alpha, s, 1), Ops.Reshape(p.Beta, s, 1), u, eps);
    }
}
