namespace Quant.Orleans.Research.Registry;

/// <summary>What a journaled transition did; serialized snake_case.</summary>
public enum RegistryAction
{
    /// <summary>A version entered the registry (as candidate, or monitor-only).</summary>
    Register,

    /// <summary>A version moved forward (candidate → shadow → canary → live).</summary>
    Promote,

    /// <summary>A live version left because another became live; it can be restored by a rollback.</summary>
    Supersede,

    /// <summary>A version was rolled back: a live one retires and its predecessor returns, a shadow or canary one retires.</summary>
    Rollback,

    /// <summary>A previously live version became live again because its successor was rolled back.</summary>
    Restore,

    /// <summary>A version that was not live was withdrawn.</summary>
    Retire,
}

/// <summary>One line of a family's journal (<c>journal.jsonl</c>): every stage change, in order, never rewritten.</summary>
/// <param name="Sequence">Position in the family's journal, from 1, without gaps.</param>
/// <param name="TimeUtc">When the change was made (UTC).</param>
/// <param name="Family">The family.</param>
/// <param name="VersionId">The version that changed stage.</param>
/// <param name="From">Its stage before; null for a registration.</param>
/// <param name="To">Its stage after.</param>
/// <param name="Action">What was done.</param>
/// <param name="Reason">Why (required for promotions, rollbacks and retirements).</param>
/// <param name="Actor">Who: a person's name or an automatic component, e.g. <c>rollout-rules</c>.</param>
/// <param name="Manual">True when a person asked for it (a manual promotion or rollback); false for an automatic step.</param>
/// <param name="MonitorOnlyOverride">True when a monitor-only version was promoted: allowed only manually, and kept
/// visible here for ever.</param>
public sealed record RegistryTransition(
    long Sequence,
    DateTime TimeUtc,
    string Family,
    string VersionId,
    RegistryStage? From,
    RegistryStage To,
    RegistryAction Action,
    string Reason,
    string Actor,
    bool Manual,
    bool MonitorOnlyOverride);
