namespace Quant.Orleans.Grains.Interfaces.Registry;

/// <summary>
/// The model registry of one family (key = the family, e.g. <c>student</c>): a thin grain over the silo's registry
/// store (<c>Research/Registry/IModelRegistry</c>: files under the storage path, or Azure Blob storage in cluster mode;
/// docs/registry.md). It lists the family's versions with their stages and metrics and changes stages on a person's
/// request; every change is journaled by the library (<c>&lt;family&gt;/journal.jsonl</c>) with its reason and actor
/// under the store's per-family writer lock.
/// </summary>
[Alias("qo.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>The family's versions, newest registration first, with stage, monitor-only flag and metrics.</summary>
    /// <returns>The family's view; no versions when nothing was registered.</returns>
    [Alias("GetFamily")]
    Task<ModelFamilyView> GetFamily();

    /// <summary>Promotes a version (a manual request: any forward stage, a monitor-only version too, journaled as an
    /// override; an automatic request: one stage forward, never a monitor-only version).</summary>
    /// <param name="request">Version, target stage, reason, actor and whether a person asks.</param>
    /// <returns>The outcome: the journal lines written, or why the change was refused.</returns>
    [Alias("Promote")]
    Task<ModelRegistryChangeResult> Promote(ModelPromotionRequest request);

    /// <summary>Rolls a version back (the live version by default): a live version retires and its predecessor
    /// returns; a shadow or canary version retires.</summary>
    /// <param name="request">Version (null: the live one), reason, actor.</param>
    /// <returns>The outcome: the journal lines written, or why the change was refused.</returns>
    [Alias("Rollback")]
    Task<ModelRegistryChangeResult> Rollback(ModelRollbackRequest request);

    /// <summary>The last <paramref name="last"/> lines of the family's journal (<c>journal.jsonl</c>, read whole through
    /// <c>IModelRegistry.ReadJournalAsync</c>), oldest first, so the newest line is last.</summary>
    /// <param name="last">How many lines, ≥ 1; fewer come back when the journal is shorter.</param>
    /// <returns>The lines; empty when nothing was journaled.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="last"/> is below 1.</exception>
    /// <exception cref="InvalidDataException">A journal line is damaged (path and line named).</exception>
    [Alias("GetJournal")]
    Task<ModelTransitionView[]> GetJournal(int last);
}

/// <summary>A metric as the registry keeps it: the value with the method that produced it.</summary>
/// <param name="Name">Short name, e.g. <c>student.wql.60s</c>.</param>
/// <param name="Method">How it was computed (estimator, data, convention).</param>
/// <param name="Value">The number; null when <paramref name="Status"/> is not <c>ok</c>.</param>
/// <param name="Status"><c>ok</c>, <c>insufficient_observation</c> or <c>undefined</c>.</param>
/// <param name="Observations">Observations used.</param>
/// <param name="Unit">Unit of the value.</param>
[GenerateSerializer, Immutable, Alias("qo.ModelMetricView")]
public sealed record ModelMetricView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Method,
    [property: Id(2)] double? Value,
    [property: Id(3)] string Status,
    [property: Id(4)] int Observations,
    [property: Id(5)] string Unit);

/// <summary>One registered version.</summary>
/// <param name="VersionId">16 lower-case hex digits (the content hash's prefix).</param>
/// <param name="Stage">Snake-case stage: <c>candidate</c>, <c>shadow</c>, <c>canary</c>, <c>live</c>, <c>retired</c>,
/// <c>monitor_only</c>.</param>
/// <param name="MonitorOnly">True when built from replayed or maintenance data (never promoted automatically).</param>
/// <param name="ModelType">What the artefacts are, e.g. <c>chronos-student</c>.</param>
/// <param name="RegisteredUtc">When it was registered (UTC).</param>
/// <param name="DataRegime">Snake-case data regime: <c>prod_live</c>, <c>maintenance_replay</c>, <c>mixed</c>.</param>
/// <param name="Symbols">Symbols trained on.</param>
/// <param name="FirstDay">First trading day used.</param>
/// <param name="LastDay">Last trading day used.</param>
/// <param name="ParentVersions">Version ids it derives from (a student's teacher).</param>
/// <param name="CodeVersion">The code that trained it.</param>
/// <param name="Metrics">Its validation metrics with their methods.</param>
[GenerateSerializer, Immutable, Alias("qo.ModelVersionView")]
public sealed record ModelVersionView(
    [property: Id(0)] string VersionId,
    [property: Id(1)] string Stage,
    [property: Id(2)] bool MonitorOnly,
    [property: Id(3)] string ModelType,
    [property: Id(4)] DateTime RegisteredUtc,
    [property: Id(5)] string DataRegime,
    [property: Id(6)] string[] Symbols,
    [property: Id(7)] DateOnly FirstDay,
    [property: Id(8)] DateOnly LastDay,
    [property: Id(9)] string[] ParentVersions,
    [property: Id(10)] string CodeVersion,
    [property: Id(11)] ModelMetricView[] Metrics);

/// <summary>A family's registry.</summary>
/// <param name="Family">The family.</param>
/// <param name="LiveVersion">The live version's id, or null.</param>
/// <param name="JournalLength">Lines in the family's journal.</param>
/// <param name="Versions">Versions, newest registration first.</param>
[GenerateSerializer, Immutable, Alias("qo.ModelFamilyView")]
public sealed record ModelFamilyView(
    [property: Id(0)] string Family,
    [property: Id(1)] string? LiveVersion,
    [property: Id(2)] long JournalLength,
    [property: Id(3)] ModelVersionView[] Versions);

/// <summary>A request to promote a version.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Stage">Target stage, snake case (<c>shadow</c>, <c>canary</c>, <c>live</c>).</param>
/// <param name="Reason">Why (required).</param>
/// <param name="Actor">Who (required).</param>
/// <param name="Manual">True when a person asks (may skip stages and promote a monitor-only version).</param>
[GenerateSerializer, Immutable, Alias("qo.ModelPromotionRequest")]
public sealed record ModelPromotionRequest(
    [property: Id(0)] string VersionId,
    [property: Id(1)] string Stage,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Actor,
    [property: Id(4)] bool Manual);

/// <summary>A request to roll a version back.</summary>
/// <param name="VersionId">The version, or null for the live one.</param>
/// <param name="Reason">Why (required).</param>
/// <param name="Actor">Who (required).</param>
[GenerateSerializer, Immutable, Alias("qo.ModelRollbackRequest")]
public sealed record ModelRollbackRequest(
    [property: Id(0)] string? VersionId,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Actor);

/// <summary>One journaled stage change.</summary>
/// <param name="Sequence">Its position in the family's journal, from 1.</param>
/// <param name="VersionId">The version that changed stage.</param>
/// <param name="From">Stage before (snake case), null for a registration.</param>
/// <param name="To">Stage after (snake case).</param>
/// <param name="Action">Snake-case action (<c>promote</c>, <c>supersede</c>, <c>rollback</c>, <c>restore</c>, …).</param>
/// <param name="Reason">Why.</param>
/// <param name="Actor">Who.</param>
/// <param name="Manual">A person's request.</param>
/// <param name="MonitorOnlyOverride">A monitor-only version was promoted.</param>
/// <param name="TimeUtc">When the change was journaled (UTC).</param>
[GenerateSerializer, Immutable, Alias("qo.ModelTransitionView")]
public sealed record ModelTransitionView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string VersionId,
    [property: Id(2)] string? From,
    [property: Id(3)] string To,
    [property: Id(4)] string Action,
    [property: Id(5)] string Reason,
    [property: Id(6)] string Actor,
    [property: Id(7)] bool Manual,
    [property: Id(8)] bool MonitorOnlyOverride,
    [property: Id(9)] DateTime TimeUtc);

/// <summary>The outcome of a stage change.</summary>
/// <param name="Status"><c>done</c>, <c>refused</c> (the registry's rules forbid it), <c>not_found</c> (no such version)
/// or <c>invalid</c> (a field of the request is malformed).</param>
/// <param name="Error">Why it was not done, naming the field or the rule; null when done.</param>
/// <param name="Transitions">The journal lines written (empty unless done).</param>
[GenerateSerializer, Immutable, Alias("qo.ModelRegistryChangeResult")]
public sealed record ModelRegistryChangeResult(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Error,
    [property: Id(2)] ModelTransitionView[] Transitions);
