namespace Quant.Orleans.Grains.Interfaces.Rollout;

/// <summary>
/// The staged rollout of one model family (key = the family, e.g. <c>student</c>; docs/rollout.md): which registered
/// version each symbol trades with, which one runs in shadow beside it, what they were seen doing, and the automatic
/// decisions. The stages themselves live in the model registry (<c>IModelRegistryGrain</c>): this grain reads them into a
/// <see cref="RolloutAssignment"/> the symbol grains poll, collects what the symbol grains and the account report per
/// version, and applies the rollout rules: a shadow version that served enough predictions without a drift rule firing
/// moves to canary, a canary version to live, and a canary or live version that breaks a rule (drift of its features or
/// predictions against its training distribution, consecutive gate failures, reject rate, slippage) is rolled back.
/// Every change goes through the registry, which journals it.
/// </summary>
[Alias("qo.IModelRolloutGrain")]
public interface IModelRolloutGrain : IGrainWithStringKey
{
    /// <summary>The versions serving now, with the assignment's generation (it changes with every stage change).</summary>
    /// <returns>The assignment; no versions when the family has none in shadow, canary or live.</returns>
    [Alias("GetAssignment")]
    ValueTask<RolloutAssignment> GetAssignment();

    /// <summary>What a symbol grain saw one version do since its last report (one call per batch with candidates).</summary>
    /// <param name="report">The version, the symbol, its role there and the samples.</param>
    /// <exception cref="ArgumentException">A feature sample, or the decision times and mids, do not have one value per
    /// prediction.</exception>
    [Alias("Report")]
    ValueTask Report(RolloutReport report);

    /// <summary>The outcome of one monitored gate evaluation of a version (e.g. the nightly validation of the live
    /// version on the day just traded); consecutive failures roll a canary or live version back. One outcome counts per
    /// evidence day: a second report for the same day (a re-run that night) replaces the first.</summary>
    /// <param name="versionId">The version.</param>
    /// <param name="passed">Whether every gate passed.</param>
    /// <param name="detail">What was evaluated (for the journal when it triggers a rollback).</param>
    /// <param name="evidenceDay">The newest session day the evaluation read (the night's key).</param>
    [Alias("ReportGate")]
    Task ReportGate(string versionId, bool passed, string detail, DateOnly evidenceDay);

    /// <summary>Applies the rollout rules now (the grain also does it on its timer) and returns what it decided.</summary>
    /// <returns>The status after the evaluation, with its decisions.</returns>
    [Alias("Evaluate")]
    Task<RolloutStatus> Evaluate();

    /// <summary>The assignment, every monitored version's counts and the latest decisions.</summary>
    /// <returns>The status.</returns>
    [Alias("GetStatus")]
    Task<RolloutStatus> GetStatus();
}
