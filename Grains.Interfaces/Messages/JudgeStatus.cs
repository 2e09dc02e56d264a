namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>What a judge grain decides with (the dashboard's judge panel).</summary>
/// <param name="Profile">The strategy profile: Baseline, Sniper, Audited or Reckless.</param>
/// <param name="Rule">The decision rule in words, e.g. <c>|forecast|/noise &gt;= 0.25</c> or <c>confidence &gt;= 0.75, then P(take) &gt;= 0.58</c>.</param>
/// <param name="Version">The trained judge's version (<c>judge-fasttree@…</c>); null when none is served.</param>
/// <param name="Threshold">The trained judge's P(take) threshold; NaN when none.</param>
/// <param name="OutOfFoldAuc">Its purged-CV out-of-fold AUC; NaN when none.</param>
/// <param name="Importance">Its gain importance, largest first: (feature, share of the total split gain in [0, 1]).</param>
[GenerateSerializer, Immutable, Alias("qo.JudgeStatus")]
public sealed record JudgeStatus(
    [property: Id(0)] string Profile,
    [property: Id(1)] string Rule,
    [property: Id(2)] string? Version,
    [property: Id(3)] double Threshold,
    [property: Id(4)] double OutOfFoldAuc,
    [property: Id(5)] FeatureImportance[] Importance);

/// <summary>One feature's gain importance.</summary>
/// <param name="Feature">Column name of the judge's schema.</param>
/// <param name="Share">Its split gain over the ensemble's total, in [0, 1].</param>
[GenerateSerializer, Immutable, Alias("qo.FeatureImportance")]
public readonly record struct FeatureImportance([property: Id(0)] string Feature, [property: Id(1)] double Share);
