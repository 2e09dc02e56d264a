using System.Globalization;

namespace Quant.Orleans.Research.Registry;

/// <summary>What the rollout rules advise; serialized snake_case.</summary>
public enum RolloutAction
{
    /// <summary>No rule fired: keep the version in its stage.</summary>
    Keep,

    /// <summary>At least one rule fired: roll the version back (<see cref="FamilyRegistry.Rollback"/>).</summary>
    Rollback,

    /// <summary>Too few observations to judge: neither keep nor roll back yet.</summary>
    NoDecision,
}

/// <summary>One rule that fired, with what it measured.</summary>
/// <param name="Rule">Rule name: <c>consecutive_gate_failures</c>, <c>feature_psi</c>, <c>feature_ks</c>,
/// <c>prediction_psi</c>, <c>prediction_ks</c>, <c>reject_rate</c>, <c>slippage_bp</c> or <c>min_observations</c>.</param>
/// <param name="Subject">What was measured: a feature's name, <c>prediction</c>, <c>orders</c>, <c>fills</c> or <c>gates</c>.</param>
/// <param name="Value">The measured value (unit of the rule).</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Detail">A sentence: value, threshold and sample sizes.</param>
public sealed record RolloutReason(string Rule, string Subject, double Value, double Threshold, string Detail)
{
    /// <summary>e.g. <c>feature_psi spread: PSI 0.4120 &gt; 0.25 (reference 5000, current 800)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Rule} {Subject}: {Detail}";
}

/// <summary>The rollout rules' answer for one version.</summary>
/// <param name="VersionId">The version judged.</param>
/// <param name="Action">Keep, roll back, or no decision.</param>
/// <param name="Reasons">Every rule that fired (for <see cref="RolloutAction.NoDecision"/>: the observation count);
/// empty for <see cref="RolloutAction.Keep"/>.</param>
/// <param name="Observations">Monitored predictions the decision read.</param>
public sealed record RolloutDecision(string VersionId, RolloutAction Action, RolloutReason[] Reasons, int Observations)
{
    /// <summary>A one-line summary, usable as the reason of a <see cref="FamilyRegistry.Rollback"/>.</summary>
    /// <returns>e.g. <c>rollback (2 rules): reject_rate orders: …; slippage_bp fills: …</c>.</returns>
    public override string ToString() => Action switch
    {
        RolloutAction.Keep => string.Create(CultureInfo.InvariantCulture, $"keep: no rule fired over {Observations} observations"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(Action == RolloutAction.Rollback ? "rollback" : "no_decision")} ({Reasons.Length} rule{(Reasons.Length == 1 ? string.Empty : "s")}): {string.Join("; ", Reasons.Select(r => r.ToString()))}"),
    };
}
