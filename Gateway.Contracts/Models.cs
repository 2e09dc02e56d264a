namespace Quant.Orleans.Gateway.Contracts;

/// <summary>A registered version's metric, with the method that produced it.</summary>
/// <param name="Name">Short name, e.g. <c>student.wql.60s@2013-10-08</c>.</param>
/// <param name="Method">How it was computed.</param>
/// <param name="Value">The number; null when <paramref name="Status"/> is not <c>ok</c>.</param>
/// <param name="Status"><c>ok</c>, <c>insufficient_observation</c> or <c>undefined</c>.</param>
/// <param name="Observations">Observations used.</param>
/// <param name="Unit">The value's unit.</param>
public sealed record ModelMetricEntry(string Name, string Method, double? Value, string Status, int Observations, string Unit);

/// <summary>A registered model version.</summary>
/// <param name="Version">16 lower-case hex digits.</param>
/// <param name="Stage"><c>candidate</c>, <c>shadow</c>, <c>canary</c>, <c>live</c>, <c>retired</c> or <c>monitor_only</c>.</param>
/// <param name="MonitorOnly">Built from replayed or maintenance data: never promoted automatically.</param>
/// <param name="ModelType">E.g. <c>chronos-student</c>.</param>
/// <param name="RegisteredUtc">When it was registered.</param>
/// <param name="DataRegime"><c>prod_live</c>, <c>maintenance_replay</c> or <c>mixed</c>.</param>
/// <param name="Symbols">Symbols trained on.</param>
/// <param name="FirstDay">First day used.</param>
/// <param name="LastDay">Last day used.</param>
/// <param name="Parents">Version ids it derives from (a student's teacher).</param>
/// <param name="CodeVersion">The code that trained it.</param>
/// <param name="Metrics">Validation metrics.</param>
public sealed record ModelVersionEntry(
    string Version,
    string Stage,
    bool MonitorOnly,
    string ModelType,
    DateTime RegisteredUtc,
    string DataRegime,
    string[] Symbols,
    DateOnly FirstDay,
    DateOnly LastDay,
    string[] Parents,
    string CodeVersion,
    ModelMetricEntry[] Metrics);

/// <summary>A family's registry (<c>GET /api/models/{family}</c>).</summary>
/// <param name="Family">The family.</param>
/// <param name="Live">The live version, or null.</param>
/// <param name="JournalLength">Lines in the family's journal.</param>
/// <param name="Versions">Versions, newest registration first.</param>
public sealed record ModelFamilyEntry(string Family, string? Live, long JournalLength, ModelVersionEntry[] Versions);

/// <summary>Every family in the registry (<c>GET /api/models</c>).</summary>
/// <param name="Families">Each family with its versions, ordinal order of names.</param>
public sealed record ModelsOverview(ModelFamilyEntry[] Families);

/// <summary>The body of <c>POST /api/models/{family}/promote</c>.</summary>
/// <param name="Version">The version to promote (16 lower-case hex digits).</param>
/// <param name="Reason">Why (required, journaled).</param>
/// <param name="Actor">Who asks (required, journaled).</param>
/// <param name="Stage">Target stage: <c>shadow</c>, <c>canary</c> or <c>live</c> (default <c>live</c>).</param>
/// <param name="Manual">True: a person's decision (may skip stages and promote a monitor-only version, journaled as an
/// override); false (default): an automatic step, one stage forward and never for a monitor-only version.</param>
public sealed record PromoteModelRequest(string? Version = null, string? Reason = null, string? Actor = null, string? Stage = null, bool Manual = false);

/// <summary>The body of <c>POST /api/models/{family}/rollback</c>.</summary>
/// <param name="Reason">Why (required, journaled).</param>
/// <param name="Actor">Who asks (required, journaled).</param>
/// <param name="Version">The version to roll back; null: the live one.</param>
public sealed record RollbackModelRequest(string? Reason = null, string? Actor = null, string? Version = null);

/// <summary>A journaled stage change.</summary>
/// <param name="Sequence">Its position in the family's journal.</param>
/// <param name="Version">The version.</param>
/// <param name="From">Stage before; null for a registration.</param>
/// <param name="To">Stage after.</param>
/// <param name="Action"><c>promote</c>, <c>supersede</c>, <c>rollback</c>, <c>restore</c>, <c>retire</c>, <c>register</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="Actor">Who.</param>
/// <param name="Manual">A person's request.</param>
/// <param name="MonitorOnlyOverride">A monitor-only version was promoted.</param>
/// <param name="TimeUtc">When the change was journaled (UTC); null only in answers of gateways that predate the field.</param>
public sealed record ModelTransitionEntry(long Sequence, string Version, string? From, string To, string Action, string Reason, string Actor, bool Manual, bool MonitorOnlyOverride, DateTime? TimeUtc = null);

/// <summary>The answer of a promotion or rollback that was done.</summary>
/// <param name="Family">The family.</param>
/// <param name="Transitions">The journal lines written.</param>
public sealed record ModelChangeResponse(string Family, ModelTransitionEntry[] Transitions);

/// <summary>The tail of a family's journal (<c>GET /api/models/{family}/journal?last=N</c>).</summary>
/// <param name="Family">The family.</param>
/// <param name="Transitions">The last N lines (fewer when the journal is shorter), oldest first: the newest is last.</param>
public sealed record ModelJournalResponse(string Family, ModelTransitionEntry[] Transitions);
