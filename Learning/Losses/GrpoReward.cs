namespace Quant.Orleans.Learning.Losses;

/// <summary>A reward for GRPO of one trading decision, in return units per unit of risk budget.</summary>
public static class GrpoReward
{
    /// <summary>
    /// Effectively computes <c>r = p·R − c·|p| − λ·p²·σ²</c>: the position p ∈ [−1, 1] (fraction of the risk budget)
    /// times the forward return R over the holding horizon, minus the cost rate c (fee plus half spread, per unit of
    /// |p|, paid for entering the position from flat), minus a mean-variance risk penalty with risk aversion λ and the
    /// forward return's variance σ² (Markowitz 1952: the reward is the certainty equivalent of the position). NaN
    /// propagates.
    /// </summary>
    public static double Trading(float position, float forwardReturn, float costRate, float riskAversion, float variance) =>
        ((double)position * forwardReturn) - ((double)costRate * Math.Abs(position)) - ((double)riskAversion * position * position * variance);
}
