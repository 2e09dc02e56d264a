namespace Quant.Orleans.Research.Registry;

/// <summary>
/// Thresholds of the rollout rules (<see cref="RolloutRules"/>). Defaults: roll back after 3 consecutive failed gate
/// evaluations; PSI above 0.25 (a "significant shift", Yurdakul 2018) on any feature or on the predictions; a KS
/// statistic D above 0.1 that is also significant at p &lt; 0.01 (with thousands of observations a tiny D is
/// significant, so D is the effect size and p the guard against noise); more than 5% of orders rejected; a mean
/// adverse slippage above 10 bp against the decision price; and no decision at all with fewer than 500 monitored
/// predictions. Reject rate and slippage are judged only from 30 orders (fills) on.
/// </summary>
public sealed record RolloutSettings
{
    /// <summary>Failed gate evaluations in a row (the latest ones) that trigger a rollback, ≥ 1.</summary>
    public int ConsecutiveGateFailuresBeforeRollback { get; init; } = 3;

    /// <summary>Largest PSI a feature may show against its training sample (dimensionless).</summary>
    public double FeaturePsiMax { get; init; } = 0.25;

    /// <summary>Largest PSI the predictions may show against the validation predictions (dimensionless).</summary>
    public double PredictionPsiMax { get; init; } = 0.25;

    /// <summary>Largest two-sample KS statistic D a feature may show (fraction in [0, 1]).</summary>
    public double FeatureKsMaxStatistic { get; init; } = 0.1;

    /// <summary>Largest two-sample KS statistic D the predictions may show (fraction in [0, 1]).</summary>
    public double PredictionKsMaxStatistic { get; init; } = 0.1;

    /// <summary>A KS trigger fires only when its asymptotic p-value is below this level as well (probability).</summary>
    public double KsSignificance { get; init; } = 0.01;

    /// <summary>Largest fraction of sent orders the venue may reject.</summary>
    public double MaxRejectRate { get; init; } = 0.05;

    /// <summary>Largest quantity-weighted mean adverse slippage against the decision price, basis points.</summary>
    public double MaxSlippageBp { get; init; } = 10.0;

    /// <summary>Fewest monitored predictions for any decision; below it the rules answer no decision.</summary>
    public int MinObservations { get; init; } = 500;

    /// <summary>Fewest sent orders (for the reject rate) and fills (for slippage) before those rules are judged.</summary>
    public int MinOrders { get; init; } = 30;

    /// <summary>Quantile bins of the PSI (<see cref="Drift.PopulationStabilityIndex.DefaultBins"/>).</summary>
    public int PsiBins { get; init; } = Drift.PopulationStabilityIndex.DefaultBins;

    /// <summary>Share floor of an empty PSI bin (<see cref="Drift.PopulationStabilityIndex.DefaultEpsilon"/>).</summary>
    public double PsiEpsilon { get; init; } = Drift.PopulationStabilityIndex.DefaultEpsilon;

    /// <summary>Checks every threshold.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is outside its range (named with its value).</exception>
    public void Validate()
    {
        Check(ConsecutiveGateFailuresBeforeRollback >= 1, nameof(ConsecutiveGateFailuresBeforeRollback), ConsecutiveGateFailuresBeforeRollback, "≥ 1");
        Check(FeaturePsiMax > 0, nameof(FeaturePsiMax), FeaturePsiMax, "> 0");
        Check(PredictionPsiMax > 0, nameof(PredictionPsiMax), PredictionPsiMax, "> 0");
        Check(FeatureKsMaxStatistic is >= 0 and < 1, nameof(FeatureKsMaxStatistic), FeatureKsMaxStatistic, "in [0, 1)");
        Check(PredictionKsMaxStatistic is >= 0 and < 1, nameof(PredictionKsMaxStatistic), PredictionKsMaxStatistic, "in [0, 1)");
        Check(KsSignificance is > 0 and <= 1, nameof(KsSignificance), KsSignificance, "in (0, 1]");
        Check(MaxRejectRate is >= 0 and < 1, nameof(MaxRejectRate), MaxRejectRate, "in [0, 1)");
        Check(MaxSlippageBp >= 0 && double.IsFinite(MaxSlippageBp), nameof(MaxSlippageBp), MaxSlippageBp, "finite and ≥ 0");
        Check(MinObservations >= 2, nameof(MinObservations), MinObservations, "≥ 2");
        Check(MinOrders >= 1, nameof(MinOrders), MinOrders, "≥ 1");
        Check(PsiBins >= 2, nameof(PsiBins), PsiBins, "≥ 2");
        Check(PsiEpsilon is > 0 and < 1, nameof(PsiEpsilon), PsiEpsilon, "in (0, 1)");
    }

    private static void Check(bool ok, string name, double value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"rollout setting {name} must be {rule}.");
        }
    }
}
