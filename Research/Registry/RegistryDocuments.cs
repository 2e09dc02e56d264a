using System.Text;
using System.Text.Json;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// The registry's documents as every store reads and writes them (<see cref="IModelRegistry"/>): the family's state
/// (<c>registry.json</c>, indented JSON of <see cref="FamilyRegistryState"/>), the journal (<c>journal.jsonl</c>, one
/// compact <see cref="RegistryTransition"/> per <c>\n</c>-terminated line, sequences 1, 2, 3, …) and the rebuild of a
/// state from the journal. Strict JSON throughout (<see cref="RegistryJson"/>: unknown fields, missing required fields
/// and numbers in strings are refused).
/// </summary>
public static class RegistryDocuments
{
    /// <summary>Name of a family's state.</summary>
    public const string StateFile = "registry.json";

    /// <summary>Name of a family's journal.</summary>
    public const string JournalFile = "journal.jsonl";

    /// <summary>Parses registry JSON strictly.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="json">The text.</param>
    /// <param name="where">Its location, for messages.</param>
    /// <returns>The document.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid <typeparamref name="T"/> (location and reason named).</exception>
    public static T Deserialize<T>(string json, string where)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, RegistryJson.Indented) ?? throw new InvalidDataException($"'{where}' holds null, not a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{where}' is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Parses a family's state; an empty state when there is none.</summary>
    /// <param name="json">The state's text, or null when the family has no state yet.</param>
    /// <param name="family">The family it must belong to.</param>
    /// <param name="where">Its location, for messages.</param>
    /// <returns>The state.</returns>
    /// <exception cref="InvalidDataException">The text is not a state of this family in the current format.</exception>
    public static FamilyRegistryState ParseState(string? json, string family, string where)
    {
        if (json is null)
        {
            return FamilyRegistryState.Empty(family);
        }

        var state = Deserialize<FamilyRegistryState>(json, where);
        if (state.FormatVersion != FamilyRegistryState.CurrentFormatVersion || state.Family != family)
        {
            throw new InvalidDataException($"'{where}': format_version {state.FormatVersion} of family '{state.Family}', expected {FamilyRegistryState.CurrentFormatVersion} of '{family}'.");
        }

        return state;
    }

    /// <summary>The text a state is stored as (indented JSON and a final newline).</summary>
    /// <param name="state">The state.</param>
    /// <returns>The text.</returns>
    public static string StateText(FamilyRegistryState state) => JsonSerializer.Serialize(state, RegistryJson.Indented) + "\n";

    /// <summary>The text a version's manifest is stored as (indented JSON and a final newline).</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The text.</returns>
    public static string ManifestText(VersionManifest manifest) => JsonSerializer.Serialize(manifest, RegistryJson.Indented) + "\n";

    /// <summary>Parses a journal's lines.</summary>
    /// <param name="lines">The lines, oldest first (without their line breaks).</param>
    /// <param name="where">The journal's location, for messages.</param>
    /// <returns>The transitions.</returns>
    /// <exception cref="InvalidDataException">A line is not a transition, or the sequence numbers are not 1, 2, 3, …
    /// (the location and line number are named).</exception>
    public static IReadOnlyList<RegistryTransition> ParseJournal(IEnumerable<string> lines, string where)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var transitions = new List<RegistryTransition>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var transition = Deserialize<RegistryTransition>(line, $"{where}:{number}");
            if (transition.Sequence != number)
            {
                throw new InvalidDataException($"'{where}' line {number}: sequence {transition.Sequence}, expected {number}.");
            }

            transitions.Add(transition);
        }

        return transitions;
    }

    /// <summary>Splits a journal's text into lines (<c>\n</c>-terminated; a last line without one counts too; an empty
    /// text has none).</summary>
    /// <param name="text">The journal's text.</param>
    /// <returns>The lines.</returns>
    public static string[] Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The journal text of a change's transitions: one compact JSON line each, <c>\n</c>-terminated.</summary>
    /// <param name="transitions">The transitions.</param>
    /// <returns>UTF-8 bytes to append.</returns>
    public static byte[] JournalText(IEnumerable<RegistryTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var text = new StringBuilder();
        foreach (var t in transitions)
        {
            text.Append(JsonSerializer.Serialize(t, RegistryJson.Compact)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Refuses a change whose first sequence does not follow the journal's last line: a previous change was
    /// interrupted between its journal lines and its state.</summary>
    /// <param name="change">The change about to be journaled (at least one transition).</param>
    /// <param name="journalLines">The lines the journal holds now.</param>
    /// <param name="journalWhere">The journal's location.</param>
    /// <param name="stateWhere">The state's location.</param>
    /// <exception cref="InvalidDataException">The journal does not hold exactly the lines the state records.</exception>
    public static void CheckJournalLength(RegistryChange change, long journalLines, string journalWhere, string stateWhere)
    {
        ArgumentNullException.ThrowIfNull(change);
        var expected = change.Transitions[0].Sequence - 1;
        if (journalLines != expected)
        {
            throw new InvalidDataException($"'{journalWhere}' has {journalLines} lines but '{stateWhere}' records {expected}: a previous change was interrupted between the journal and the state; call RepairState before changing the family again.");
        }
    }

    /// <summary>Rebuilds a family's state from its journal: registrations add entries (the version's manifest read and
    /// its content hash recomputed), every other line sets its version's stage, a promotion to live appends to the live
    /// history and a rollback of a live version removes it.</summary>
    /// <param name="family">The family.</param>
    /// <param name="journal">The journal, oldest first.</param>
    /// <param name="journalWhere">The journal's location, for messages.</param>
    /// <param name="readManifest">Reads a registered version's manifest: its text (null when missing) and its location.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The state the journal describes.</returns>
    /// <exception cref="InvalidDataException">A manifest is missing or damaged, or a line does not follow from the lines
    /// before it (location and sequence named).</exception>
    public static async Task<FamilyRegistryState> ReplayAsync(
        string family,
        IReadOnlyList<RegistryTransition> journal,
        string journalWhere,
        Func<string, CancellationToken, Task<(string? Json, string Where)>> readManifest,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(readManifest);
        var versions = new List<RegistryEntry>();
        var history = new List<string>();
        foreach (var t in journal)
        {
            var index = versions.FindIndex(v => v.VersionId == t.VersionId);
            if (t.Action == RegistryAction.Register)
            {
                var (json, where) = await readManifest(VersionVerifier.CheckVersionId(t.VersionId), cancellationToken).ConfigureAwait(false);
                var manifest = Deserialize<VersionManifest>(json ?? throw new InvalidDataException($"'{journalWhere}' sequence {t.Sequence}: registration of {t.VersionId} but '{where}' is missing."), where);
                var hash = ContentAddress.Hash(manifest);
                if (index >= 0 || ContentAddress.VersionId(hash) != t.VersionId)
                {
                    throw new InvalidDataException($"'{journalWhere}' sequence {t.Sequence}: registration of {t.VersionId} {(index >= 0 ? "repeats an earlier one" : $"does not match its folder's content hash {hash}")}.");
                }

                versions.Add(new RegistryEntry(t.VersionId, hash, manifest.ModelType, t.To, t.To == RegistryStage.MonitorOnly, t.TimeUtc));
                continue;
            }

            if (index < 0 || versions[index].Stage != t.From)
            {
                throw new InvalidDataException($"'{journalWhere}' sequence {t.Sequence}: {t.VersionId} moves from {t.From} but the lines before leave it {(index < 0 ? "unregistered" : versions[index].Stage.ToString())}.");
            }

            versions[index] = versions[index] with { Stage = t.To };
            if (t.Action == RegistryAction.Promote && t.To == RegistryStage.Live)
            {
                history.Add(t.VersionId);
            }
            else if (t.Action == RegistryAction.Rollback && t.From == RegistryStage.Live)
            {
                history.RemoveAt(history.Count - 1);
            }
        }

        return new FamilyRegistryState(FamilyRegistryState.CurrentFormatVersion, family, versions.ToArray(), history.ToArray(), journal.Count);
    }

    /// <summary>Refuses a repair of a state that records more journal lines than the journal holds.</summary>
    /// <param name="recorded">Lines the state records.</param>
    /// <param name="replayed">The journal's replay.</param>
    /// <param name="stateWhere">The state's location.</param>
    /// <returns>True when the state must be rewritten (the journal is longer), false when both agree.</returns>
    /// <exception cref="InvalidDataException">The journal lost lines.</exception>
    public static bool NeedsRepair(long recorded, FamilyRegistryState replayed, string stateWhere)
    {
        ArgumentNullException.ThrowIfNull(replayed);
        if (replayed.JournalLength == recorded)
        {
            return false;
        }

        if (replayed.JournalLength < recorded)
        {
            throw new InvalidDataException($"'{stateWhere}' records {recorded} journal lines but the journal holds {replayed.JournalLength}: the journal lost lines.");
        }

        return true;
    }
}
