using System.Text.RegularExpressions;

namespace Quant.Orleans.Research.Registry;

/// <summary>A new registry state with the journal lines that led to it (in order; empty when nothing changed).</summary>
/// <param name="State">The state after the change.</param>
/// <param name="Transitions">The transitions to append to the journal, numbered from the old state's journal length + 1.</param>
public sealed record RegistryChange(FamilyRegistryState State, RegistryTransition[] Transitions);

/// <summary>
/// The stage rules of one family's registry, as pure functions of a <see cref="FamilyRegistryState"/>: each returns the
/// new state and the transitions to journal, and throws <see cref="InvalidOperationException"/> (naming the version, its
/// stage and the rule) for a change the rules do not allow. Stages: candidate → shadow → canary → live, and retired;
/// monitor-only for versions built from replayed or maintenance data.
/// <list type="bullet">
/// <item>At most one version is live. Making a version live supersedes the live one (live → retired) and remembers it:
/// a rollback of the new version retires it and restores the previous one (live v1 → live v2 → rollback → v1 live, v2
/// retired). A rollback of the first live version leaves the family with none.</item>
/// <item>An automatic promotion moves one stage forward; a manual one may skip stages forward.</item>
/// <item>A monitor-only version is never promoted automatically. A manual promotion with a reason may move it (the
/// decision documented in docs/registry.md): the transition is journaled with <c>monitor_only_override: true</c>
/// and the version keeps its monitor-only flag at every stage.</item>
/// <item>Every promotion, rollback and retirement takes a non-blank reason and actor.</item>
/// </list>
/// </summary>
public static partial class FamilyRegistry
{
    /// <summary>Adds a version: <see cref="RegistryStage.Candidate"/> when built from live production data,
    /// <see cref="RegistryStage.MonitorOnly"/> otherwise. Registering the same content again changes nothing (the id is
    /// the content).</summary>
    /// <param name="state">The family's state.</param>
    /// <param name="contentHash">The manifest's content hash (<see cref="ContentAddress.Hash"/>).</param>
    /// <param name="manifest">The manifest; its family must be the state's.</param>
    /// <param name="actor">Who registers (e.g. <c>training</c>).</param>
    /// <param name="timeUtc">When (UTC).</param>
    /// <returns>The new state and its one transition, or the unchanged state and none.</returns>
    /// <exception cref="ArgumentException">The manifest's family differs, the actor is blank, or the hash is not 64 hex digits.</exception>
    public static RegistryChange Register(FamilyRegistryState state, string contentHash, VersionManifest manifest, string actor, DateTime timeUtc)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(manifest);
        RequireText(actor, nameof(actor));
        if (manifest.Family != state.Family)
        {
            throw new ArgumentException($"manifest family '{manifest.Family}' is not this registry's family '{state.Family}'.", nameof(manifest));
        }

        var id = ContentAddress.VersionId(contentHash);
        if (state.Versions.Any(v => v.VersionId == id))
        {
            return new RegistryChange(state, []);
        }

        var stage = manifest.IsMonitorOnly ? RegistryStage.MonitorOnly : RegistryStage.Candidate;
        var entry = new RegistryEntry(id, contentHash, manifest.ModelType, stage, manifest.IsMonitorOnly, Utc(timeUtc));
        var reason = manifest.IsMonitorOnly
            ? $"registered from {Snake(manifest.Data.Regime.ToString())} data: monitor-only"
            : "registered from prod_live data";
        var journal = new Journal(state, timeUtc);
        journal.Add(id, null, stage, RegistryAction.Register, reason, actor, manual: false, overrideMonitorOnly: false);
        return journal.Finish(state with { Versions = [.. state.Versions, entry] });
    }

    /// <summary>Moves a version forward to <paramref name="to"/> (shadow, canary or live).</summary>
    /// <param name="state">The family's state.</param>
    /// <param name="versionId">The version.</param>
    /// <param name="to">The target stage: <see cref="RegistryStage.Shadow"/>, <see cref="RegistryStage.Canary"/> or
    /// <see cref="RegistryStage.Live"/>.</param>
    /// <param name="reason">Why (non-blank).</param>
    /// <param name="actor">Who (non-blank).</param>
    /// <param name="mode">Automatic (one stage forward, never monitor-only) or manual.</param>
    /// <param name="timeUtc">When (UTC).</param>
    /// <returns>The new state; its transitions (a supersede of the old live version first, when going live).</returns>
    /// <exception cref="ArgumentException">Blank reason or actor, or a target that is not shadow, canary or live.</exception>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="InvalidOperationException">The rules forbid it: an automatic promotion of a monitor-only version
    /// or one that skips a stage, or a move that is not forward.</exception>
    public static RegistryChange Promote(FamilyRegistryState state, string versionId, RegistryStage to, string reason, string actor, PromotionMode mode, DateTime timeUtc)
    {
        ArgumentNullException.ThrowIfNull(state);
        RequireText(reason, nameof(reason));
        RequireText(actor, nameof(actor));
        if (to is not (RegistryStage.Shadow or RegistryStage.Canary or RegistryStage.Live))
        {
            throw new ArgumentException($"a promotion goes to shadow, canary or live, not {Snake(to.ToString())}.", nameof(to));
        }

        var entry = state.Get(versionId);
        var from = entry.Stage;
        if (from is RegistryStage.Live or RegistryStage.Retired)
        {
            throw new InvalidOperationException($"version {versionId} of '{state.Family}' is {Snake(from.ToString())}; only candidate, shadow, canary or monitor-only versions can be promoted (a retired version returns only by a rollback of its successor).");
        }

        // The version's flag, not its stage: a monitor-only version a person moved on stays monitor-only at every stage.
        var isOverride = entry.MonitorOnly;
        if (mode == PromotionMode.Automatic)
        {
            if (isOverride)
            {
                throw new InvalidOperationException($"version {versionId} of '{state.Family}' is monitor-only (built from replayed or maintenance data) and can never be promoted automatically; a person may promote it manually with a reason.");
            }

            if (Rank(to) != Rank(from) + 1)
            {
                throw new InvalidOperationException($"an automatic promotion moves one stage forward; version {versionId} of '{state.Family}' is {Snake(from.ToString())}, so it may go to {Snake(Next(from).ToString())}, not {Snake(to.ToString())}.");
            }
        }
        else if (Rank(to) <= Rank(from))
        {
            throw new InvalidOperationException($"a promotion moves forward; version {versionId} of '{state.Family}' is {Snake(from.ToString())}, which is not before {Snake(to.ToString())}.");
        }

        var journal = new Journal(state, timeUtc);
        var versions = state.Versions;
        var history = state.LiveHistory;
        var manual = mode == PromotionMode.Manual;
        if (to == RegistryStage.Live)
        {
            if (state.Live is { } live)
            {
                journal.Add(live.VersionId, RegistryStage.Live, RegistryStage.Retired, RegistryAction.Supersede, $"superseded by {versionId}: {reason}", actor, manual, overrideMonitorOnly: false);
                versions = WithStage(versions, live.VersionId, RegistryStage.Retired);
            }

            history = [.. history, versionId];
        }

        journal.Add(versionId, from, to, RegistryAction.Promote, reason, actor, manual, isOverride);
        return journal.Finish(state with { Versions = WithStage(versions, versionId, to), LiveHistory = history });
    }

    /// <summary>Rolls a version back. A live version retires and the version live before it (if any) becomes live again;
    /// a shadow or canary version retires.</summary>
    /// <param name="state">The family's state.</param>
    /// <param name="versionId">The live, canary or shadow version.</param>
    /// <param name="reason">Why (non-blank), e.g. the rollout rules' reasons.</param>
    /// <param name="actor">Who (non-blank).</param>
    /// <param name="manual">True when a person asked for it.</param>
    /// <param name="timeUtc">When (UTC).</param>
    /// <returns>The new state and its transitions (the rollback, then the restore).</returns>
    /// <exception cref="ArgumentException">Blank reason or actor.</exception>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="InvalidOperationException">The version is not live, canary or shadow.</exception>
    public static RegistryChange Rollback(FamilyRegistryState state, string versionId, string reason, string actor, bool manual, DateTime timeUtc)
    {
        ArgumentNullException.ThrowIfNull(state);
        RequireText(reason, nameof(reason));
        RequireText(actor, nameof(actor));
        var entry = state.Get(versionId);
        if (entry.Stage is not (RegistryStage.Live or RegistryStage.Canary or RegistryStage.Shadow))
        {
            throw new InvalidOperationException($"version {versionId} of '{state.Family}' is {Snake(entry.Stage.ToString())}; only a live, canary or shadow version can be rolled back.");
        }

        var journal = new Journal(state, timeUtc);
        journal.Add(versionId, entry.Stage, RegistryStage.Retired, RegistryAction.Rollback, reason, actor, manual, overrideMonitorOnly: false);
        var versions = WithStage(state.Versions, versionId, RegistryStage.Retired);
        var history = state.LiveHistory;
        if (entry.Stage == RegistryStage.Live)
        {
            System.Diagnostics.Debug.Assert(history.Length > 0 && history[^1] == versionId, "Invariant: the live version is the last of the live history.");
            history = history[..^1];
            if (history.Length > 0)
            {
                var previous = history[^1];
                System.Diagnostics.Debug.Assert(state.Get(previous).Stage == RegistryStage.Retired, "Invariant: a superseded live version stays retired until restored.");
                journal.Add(previous, RegistryStage.Retired, RegistryStage.Live, RegistryAction.Restore, $"restored by the rollback of {versionId}: {reason}", actor, manual, overrideMonitorOnly: false);
                versions = WithStage(versions, previous, RegistryStage.Live);
            }
        }

        return journal.Finish(state with { Versions = versions, LiveHistory = history });
    }

    /// <summary>Withdraws a version that is not live (candidate, shadow, canary or monitor-only) to retired.</summary>
    /// <param name="state">The family's state.</param>
    /// <param name="versionId">The version.</param>
    /// <param name="reason">Why (non-blank).</param>
    /// <param name="actor">Who (non-blank).</param>
    /// <param name="manual">True when a person asked for it.</param>
    /// <param name="timeUtc">When (UTC).</param>
    /// <returns>The new state and its transition.</returns>
    /// <exception cref="ArgumentException">Blank reason or actor.</exception>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="InvalidOperationException">The version is live (roll it back instead) or already retired.</exception>
    public static RegistryChange Retire(FamilyRegistryState state, string versionId, string reason, string actor, bool manual, DateTime timeUtc)
    {
        ArgumentNullException.ThrowIfNull(state);
        RequireText(reason, nameof(reason));
        RequireText(actor, nameof(actor));
        var entry = state.Get(versionId);
        if (entry.Stage is RegistryStage.Live or RegistryStage.Retired)
        {
            throw new InvalidOperationException($"version {versionId} of '{state.Family}' is {Snake(entry.Stage.ToString())}; {(entry.Stage == RegistryStage.Live ? "a live version leaves by a rollback" : "it is retired already")}.");
        }

        var journal = new Journal(state, timeUtc);
        journal.Add(versionId, entry.Stage, RegistryStage.Retired, RegistryAction.Retire, reason, actor, manual, overrideMonitorOnly: false);
        return journal.Finish(state with { Versions = WithStage(state.Versions, versionId, RegistryStage.Retired) });
    }

    /// <summary>Checks a family name: 1–64 characters of lower-case letters, digits, '.', '_' and '-', starting with a
    /// letter or digit (it is a folder name).</summary>
    /// <param name="family">The name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">It breaks the rule.</exception>
    public static string CheckFamily(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return FamilyPattern().IsMatch(family)
            ? family
            : throw new ArgumentException($"family '{family}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.", nameof(family));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex FamilyPattern();

    private static int Rank(RegistryStage stage) => stage switch
    {
        RegistryStage.Candidate or RegistryStage.MonitorOnly => 0,
        RegistryStage.Shadow => 1,
        RegistryStage.Canary => 2,
        RegistryStage.Live => 3,
        _ => -1,
    };

    private static RegistryStage Next(RegistryStage stage) => stage switch
    {
        RegistryStage.Candidate => RegistryStage.Shadow,
        RegistryStage.Shadow => RegistryStage.Canary,
        _ => RegistryStage.Live,
    };

    private static RegistryEntry[] WithStage(RegistryEntry[] versions, string versionId, RegistryStage stage) =>
        versions.Select(v => v.VersionId == versionId ? v with { Stage = stage } : v).ToArray();

    private static void RequireText(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required (non-blank): every registry change says why and who.", name);
        }
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Utc
        ? time
        : throw new ArgumentException($"time {time:O} must be UTC (DateTimeKind.Utc).", nameof(time));

    private static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private sealed class Journal(FamilyRegistryState state, DateTime timeUtc)
    {
        private readonly List<RegistryTransition> _lines = [];
        private readonly DateTime _time = Utc(timeUtc);

        public void Add(string versionId, RegistryStage? from, RegistryStage to, RegistryAction action, string reason, string actor, bool manual, bool overrideMonitorOnly) =>
            _lines.Add(new RegistryTransition(state.JournalLength + _lines.Count + 1, _time, state.Family, versionId, from, to, action, reason, actor, manual, overrideMonitorOnly));

        public RegistryChange Finish(FamilyRegistryState next) => new(next with { JournalLength = state.JournalLength + _lines.Count }, _lines.ToArray());
    }
}
