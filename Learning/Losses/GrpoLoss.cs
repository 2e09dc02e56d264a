using System.Diagnostics;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>
/// The Group Relative Policy Optimization loss of Shao et al. (2024), "DeepSeekMath", eq. 3 with the outcome-supervised
/// advantage of §4.1.2, for one action per state (no tokens): S states, each with a group of G actions sampled from
/// the sampling ("old") policy π_old, with rewards r (S, G).
/// <list type="bullet">
/// <item>Advantage Â = (r − mean_g r)/(std_g r + ε_A), std with the N − 1 normalizer (Bessel's correction, as
/// <c>torch.std</c>); a constant (no gradient).</item>
/// <item>Ratio ρ = exp(log π_θ − log π_old); objective min(ρÂ, clip(ρ, 1 − ε, 1 + ε)Â).</item>
/// <item>KL to the frozen reference by the unbiased k3 estimator (Schulman 2020, DeepSeekMath eq. 4):
/// π_ref/π_θ − ln(π_ref/π_θ) − 1 ≥ 0, evaluated at the sampled actions.</item>
/// <item>Loss = mean over states and group of [−min(ρÂ, clip(ρ)Â) + β·k3] (every group has G actions, so this is
/// (1/S)·Σ_s (1/G)·Σ_g).</item>
/// </list>
/// </summary>
public static class GrpoLoss
{
    /// <summary>Effectively computes <c>a[s,g] = (r[s,g] − mean_g r[s,·]) / (std_g r[s,·] + ε)</c> for rewards of shape
    /// (S, G) in row-major order (mean and N − 1 standard deviation in double, result rounded to float). A group whose
    /// rewards are all equal gets advantages 0.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are not a multiple of <paramref name="groupSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groupSize"/> is below 2 or ε is not positive.</exception>
    public static void Advantages(ReadOnlySpan<float> rewards, int groupSize, float epsilon, Span<float> advantages)
    {
        if (groupSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, $"groupSize must be at least 2 (the group standard deviation needs two rewards); got {groupSize}.");
        }

        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be positive; got {epsilon}.");
        }

        if (rewards.Length % groupSize != 0 || advantages.Length != rewards.Length)
        {
            throw new ArgumentException($"rewards has {rewards.Length} values and advantages {advantages.Length}; both must be the same multiple of groupSize = {groupSize}.", nameof(advantages));
        }

        for (var start = 0; start < rewards.Length; start += groupSize)
        {
            var group = rewards.Slice(start, groupSize);
            var mean = 0.0;
            foreach (var r in group)
            {
                mean += r;
            }

            mean /= groupSize;
            var ss = 0.0;
            foreach (var r in group)
            {
                ss += (r - mean) * (r - mean);
            }

            var std = Math.Sqrt(ss / (groupSize - 1));
            for (var g = 0; g < groupSize; g++)
            {
                advantages[start + g] = (float)((group[g] - mean) / (std + epsilon));
            }
        }
    }

    /// <summary>
    /// The GRPO loss for log-probabilities of shape (S, G). <paramref name="logProb"/> is log π_θ of each sampled action
    /// on the tape (e.g. <see cref="BetaDistribution.LogProb(Tensor, Tensor, Tensor, float)"/> of the head's α, β); the
    /// other three are data (read, never differentiated): log π_old of the same actions under the sampling policy,
    /// log π_ref under the frozen reference, and the rewards. Gradient: −Â·ρ·∇log π_θ/(S·G) where the clip is not active,
    /// 0 where it is, plus β·(1 − π_ref/π_θ)·∇log π_θ/(S·G).
    /// </summary>
    /// <exception cref="ArgumentException">A shape differs from <paramref name="logProb"/>'s, or it is not (S, G).</exception>
    /// <exception cref="ArgumentOutOfRangeException">G is below 2, or an option is out of range.</exception>
    public static GrpoLossTerms Compute(Tensor logProb, Tensor oldLogProb, Tensor referenceLogProb, Tensor rewards, GrpoLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(logProb);
        ArgumentNullException.ThrowIfNull(oldLogProb);
        ArgumentNullException.ThrowIfNull(referenceLogProb);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (logProb.Rank != 2)
        {
            throw new ArgumentException($"logProb must have shape (S, G); got {ShapeUtil.Format(logProb.Shape)}.", nameof(logProb));
        }

        CheckSameShape(logProb, oldLogProb, nameof(oldLogProb));
        CheckSameShape(logProb, referenceLogProb, nameof(referenceLogProb));
        CheckSameShape(logProb, rewards, nameof(rewards));
        var n = logProb.Length;
        var groupSize = logProb.Shape[1];

        var rewardValues = TensorPool.Rent(n);
        var advantage = TensorPool.Rent(n);
        try
        {
            rewards.CopyTo(rewardValues.AsSpan(0, n));
            Advantages(rewardValues.AsSpan(0, n), groupSize, options.AdvantageEpsilon, advantage.AsSpan(0, n));

            var ratio = Ops.Exp(Ops.Sub(logProb, oldLogProb));
            var (low, high) = (1f - options.ClipEpsilon, 1f + options.ClipEpsilon);

            // min(ρÂ, clip(ρ)Â) = ρÂ unless the clipped term is the smaller one (ρ > 1 + ε with Â > 0, or ρ < 1 − ε with
            // Â < 0), where it is the constant clip(ρ)Â: the objective is ρ·coefficient + constant, element-wise.
            var coefficient = Tensor.CreateOutputLike(ratio);
            var constant = Tensor.CreateOutputLike(ratio);
            var rho = ratio.Span;
            var c = coefficient.Span;
            var k = constant.Span;
            var clipped = 0;
            var surrogate = 0.0;
            var rewardSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var a = advantage[i];
                var isClipped = (rho[i] > high && a > 0f) || (rho[i] < low && a < 0f);
                (c[i], k[i]) = isClipped ? (0f, Math.Clamp(rho[i], low, high) * a) : (a, 0f);
                clipped += isClipped ? 1 : 0;
                surrogate += isClipped ? k[i] : rho[i] * a;
                rewardSum += rewardValues[i];
            }

            var objective = Ops.Add(Ops.Mul(ratio, coefficient), constant);
            var logRatioRef = Ops.Sub(referenceLogProb, logProb);
            var k3 = Ops.AddScalar(Ops.Sub(Ops.Exp(logRatioRef), logRatioRef), -1f);
            var kl = 0.0;
            foreach (var v in k3.Span)
            {
                kl += v;
            }

            var perAction = options.KlCoefficient == 0f ? Ops.Neg(objective) : Ops.Sub(Ops.MulScalar(k3, options.KlCoefficient), objective);
            var total = Ops.MeanAll(perAction);
            Debug.Assert(total.Length == 1, "Invariant: the GRPO loss is a scalar.");
            return new GrpoLossTerms(total, surrogate / n, kl / n, clipped / (double)n, rewardSum / n);
        }
        finally
        {
            TensorPool.Return(rewardValues);
            TensorPool.Return(advantage);
        }
    }

    private static void CheckSameShape(Tensor expected, Tensor actual, string name)
    {
        if (!actual.Shape.AsSpan().SequenceEqual(expected.Shape))
        {
            throw new ArgumentException($"{name} has shape {ShapeUtil.Format(actual.Shape)}; logProb has {ShapeUtil.Format(expected.Shape)}.", name);
        }
    }
}
