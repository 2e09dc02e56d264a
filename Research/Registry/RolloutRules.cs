using System.Globalization;
using Quant.Orleans.Research.Drift;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// Decides whether a canary or live version stays or is rolled back, from what was monitored
/// (<see cref="RolloutObservations"/>) and the thresholds (<see cref="RolloutSettings"/>). A pure function: same
/// observations and settings, same decision. With fewer monitored predictions than
/// <see cref="RolloutSettings.MinObservations"/> the answer is <see cref="RolloutAction.NoDecision"/> and no rule is
/// judged. Otherwise every rule is evaluated and every one that fires is reported:
/// <list type="bullet">
/// <item><c>consecutive_gate_failures</c>: the latest gate evaluations failed at least N times in a row.</item>
/// <item><c>feature_psi</c> / <c>prediction_psi</c>: PSI against the reference sample above its maximum
/// (<see cref="PopulationStabilityIndex"/>).</item>
/// <item><c>feature_ks</c> / <c>prediction_ks</c>: two-sample KS statistic D above its maximum with p below the
/// significance level (<see cref="KolmogorovSmirnov"/>).</item>
/// <item><c>reject_rate</c>: rejected / sent orders above the maximum (judged from MinOrders sent orders).</item>
/// <item><c>slippage_bp</c>: quantity-weighted mean adverse slippage against the decision price above the maximum
/// (judged from MinOrders fills).</item>
/// </list>
/// </summary>
public static class RolloutRules
{
    /// <summary>Judges one version.</summary>
    /// <param name="observations">What was monitored.</param>
    /// <param name="settings">Thresholds; the defaults when null.</param>
    /// <returns>Keep, rollback with every reason that fired, or no decision.</returns>
    /// <exception cref="ArgumentException">The stage is not canary or live, a count is negative or more orders were
    /// rejected than sent, a fill is malformed, or a sample is empty or not finite (named in the message).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public static RolloutDecision Evaluate(RolloutObservations observations, RolloutSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var s = settings ?? new RolloutSettings();
        s.Validate();
        Validate(observations);
        var n = observations.Predictions.Current.Length;
        if (n < s.MinObservations)
        {
            return new RolloutDecision(observations.VersionId, RolloutAction.NoDecision, [new RolloutReason("min_observations", "prediction", n, s.MinObservations, Inv($"{n} monitored predictions < {s.MinObservations}: no decision yet"))], n);
        }

        var reasons = new List<RolloutReason>();
        var failures = observations.GatePasses.Reverse().TakeWhile(p => !p).Count();
        if (failures >= s.ConsecutiveGateFailuresBeforeRollback)
        {
            reasons.Add(new RolloutReason("consecutive_gate_failures", "gates", failures, s.ConsecutiveGateFailuresBeforeRollback, Inv($"the last {failures} gate evaluations failed (≥ {s.ConsecutiveGateFailuresBeforeRollback})")));
        }

        foreach (var feature in observations.Features)
        {
            Drift(feature, "feature", s.FeaturePsiMax, s.FeatureKsMaxStatistic, s, reasons);
        }

        Drift(observations.Predictions, "prediction", s.PredictionPsiMax, s.PredictionKsMaxStatistic, s, reasons);

        if (observations.OrdersSent >= s.MinOrders)
        {
            var rate = (double)observations.OrdersRejected / observations.OrdersSent;
            if (rate > s.MaxRejectRate)
            {
                reasons.Add(new RolloutReason("reject_rate", "orders", rate, s.MaxRejectRate, Inv($"{observations.OrdersRejected} of {observations.OrdersSent} orders rejected = {rate:0.####} > {s.MaxRejectRate}")));
            }
        }

        if (observations.Fills.Length >= s.MinOrders)
        {
            double weighted = 0, quantity = 0;
            foreach (var fill in observations.Fills)
            {
                weighted += (double)fill.Quantity * fill.Bp;
                quantity += (double)fill.Quantity;
            }

            var mean = weighted / quantity;
            if (mean > s.MaxSlippageBp)
            {
                reasons.Add(new RolloutReason("slippage_bp", "fills", mean, s.MaxSlippageBp, Inv($"quantity-weighted mean adverse slippage {mean:0.##} bp over {observations.Fills.Length} fills > {s.MaxSlippageBp} bp")));
            }
        }

        return new RolloutDecision(observations.VersionId, reasons.Count > 0 ? RolloutAction.Rollback : RolloutAction.Keep, reasons.ToArray(), n);
    }

    private static void Drift(DriftSample sample, string kind, double psiMax, double ksMax, RolloutSettings s, List<RolloutReason> reasons)
    {
        var psi = PopulationStabilityIndex.Compute(sample.Reference, sample.Current, s.PsiBins, s.PsiEpsilon);
        if (psi.Value > psiMax)
        {
            reasons.Add(new RolloutReason(kind + "_psi", sample.Name, psi.Value, psiMax, Inv($"PSI {psi.Value:0.####} > {psiMax} ({psi.Edges.Length + 1} bins; reference {sample.Reference.Length}, current {sample.Current.Length})")));
        }

        var ks = KolmogorovSmirnov.TwoSample(sample.Reference, sample.Current);
        if (ks.Statistic > ksMax && ks.PValue < s.KsSignificance)
        {
            reasons.Add(new RolloutReason(kind + "_ks", sample.Name, ks.Statistic, ksMax, Inv($"KS D {ks.Statistic:0.####} > {ksMax} with p {ks.PValue:0.###E0} < {s.KsSignificance} (reference {ks.ReferenceCount}, current {ks.CurrentCount})")));
        }
    }

    private static void Validate(RolloutObservations o)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(o.VersionId, "observations.VersionId");
        if (o.Stage is not (RegistryStage.Canary or RegistryStage.Live))
        {
            throw new ArgumentException($"rollout rules judge canary or live versions; version {o.VersionId} is {o.Stage}.", nameof(o));
        }

        ArgumentNullException.ThrowIfNull(o.GatePasses, "observations.GatePasses");
        ArgumentNullException.ThrowIfNull(o.Features, "observations.Features");
        ArgumentNullException.ThrowIfNull(o.Predictions, "observations.Predictions");
        ArgumentNullException.ThrowIfNull(o.Fills, "observations.Fills");
        if (o.OrdersSent < 0 || o.OrdersRejected < 0 || o.OrdersRejected > o.OrdersSent)
        {
            throw new ArgumentException(Inv($"orders: {o.OrdersRejected} rejected of {o.OrdersSent} sent; counts must be ≥ 0 and rejected ≤ sent."), nameof(o));
        }

        for (var i = 0; i < o.Fills.Length; i++)
        {
            var f = o.Fills[i];
            if (f.Side is not (1 or -1) || f.DecisionPrice <= 0 || f.FillPrice <= 0 || f.Quantity <= 0)
            {
                throw new ArgumentException(Inv($"fills[{i}] = {f}: side must be ±1 and prices and quantity > 0."), nameof(o));
            }
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
