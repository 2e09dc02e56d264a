using System.Globalization;
using System.Text;
using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Research.Registry;

/// <summary>A version read back from the store, every hash checked.</summary>
/// <param name="Folder">The version folder.</param>
/// <param name="VersionId">The version id (the folder's name).</param>
/// <param name="ContentHash">The manifest's content hash, equal to the one the family's state recorded.</param>
/// <param name="Stage">The version's stage when it was read.</param>
/// <param name="Manifest">The checked manifest.</param>
/// <param name="Files">Each artefact file's bytes by name; every hash matched the manifest.</param>
public sealed record LoadedVersion(string Folder, string VersionId, string ContentHash, RegistryStage Stage, VersionManifest Manifest, IReadOnlyDictionary<string, byte[]> Files);

/// <summary>The outcome of a registration.</summary>
/// <param name="VersionId">The content-addressed id.</param>
/// <param name="ContentHash">The full content hash.</param>
/// <param name="Manifest">The manifest as written (with the artefact files' hashes).</param>
/// <param name="Transitions">The journal lines written: one for a new version, none when the same content was
/// registered before.</param>
public sealed record RegisteredVersion(string VersionId, string ContentHash, VersionManifest Manifest, RegistryTransition[] Transitions);

/// <summary>
/// The file store of the model registry under one root folder:
/// <code>
/// &lt;root&gt;/&lt;family&gt;/registry.json               the family's state (FamilyRegistryState), replaced atomically
/// &lt;root&gt;/&lt;family&gt;/journal.jsonl               one RegistryTransition per line, append-only
/// &lt;root&gt;/&lt;family&gt;/&lt;version-id&gt;/manifest.json  the VersionManifest (hashes of the files beside it)
/// &lt;root&gt;/&lt;family&gt;/&lt;version-id&gt;/&lt;file&gt;...    the artefact files
/// </code>
/// A version folder is written whole or not at all (<see cref="AtomicFolder"/>) and never changed afterwards. A change
/// of stage appends its journal lines first (flushed to disk), then replaces <c>registry.json</c> through a temporary
/// file and a rename; a journal longer than the state records (a write interrupted between the two) is refused at the
/// next change, naming both lengths, until <see cref="RepairState"/> rebuilds the state from the journal.
/// <para>Writers exclude each other per family through <c>&lt;root&gt;/&lt;family&gt;/.lock</c>: every write
/// (<see cref="Register"/>, <see cref="Promote"/>, <see cref="Rollback"/>, <see cref="Retire"/>,
/// <see cref="RepairState"/>) opens it with <see cref="FileShare.None"/> (an exclusive <c>flock</c> on Unix, a sharing
/// violation on Windows) around its whole read–change–write, retrying with a back-off of 5 ms doubling to 200 ms until
/// <see cref="LockTimeout"/>, then throws <see cref="TimeoutException"/> naming the lock file. The lock holds between
/// threads of one process and between processes (the nightly <c>register</c> steps and the registry grain). The lock
/// file stays in place (deleting it would let a waiter lock an unlinked file). Readers take no lock: the state file is
/// replaced by a rename and version folders never change.</para>
/// </summary>
public sealed class FileModelRegistry
{
    /// <summary>File name of a family's state.</summary>
    public const string StateFile = "registry.json";

    /// <summary>File name of a family's journal.</summary>
    public const string JournalFile = "journal.jsonl";

    /// <summary>File name of a version's manifest.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>File name of a family's writer lock.</summary>
    public const string LockFile = ".lock";

    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _time;

    /// <summary>Opens (without creating) a registry root.</summary>
    /// <param name="root">The root folder, e.g. <c>registry</c>; created on the first registration.</param>
    /// <param name="time">The clock of the journal's timestamps; the system clock when null.</param>
    /// <param name="lockTimeout">How long a write waits for the family's lock (default 30 s; positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lockTimeout"/> is not positive.</exception>
    public FileModelRegistry(string root, TimeProvider? time = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _time = time ?? TimeProvider.System;
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
        if (LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), lockTimeout, "the lock timeout must be positive.");
        }
    }

    /// <summary>How long a write waits for its family's lock file before it throws <see cref="TimeoutException"/>.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary>The root folder (absolute).</summary>
    public string Root { get; }

    /// <summary>The folder of a family.</summary>
    /// <param name="family">The family.</param>
    /// <returns><c>&lt;root&gt;/&lt;family&gt;</c>.</returns>
    public string FamilyFolder(string family) => Path.Combine(Root, FamilyRegistry.CheckFamily(family));

    /// <summary>The folder of a version.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id (16 lower-case hex digits).</param>
    /// <returns><c>&lt;root&gt;/&lt;family&gt;/&lt;version-id&gt;</c>.</returns>
    /// <exception cref="ArgumentException">The id is not 16 lower-case hex digits.</exception>
    public string VersionFolder(string family, string versionId)
    {
        ArgumentNullException.ThrowIfNull(versionId);
        if (versionId.Length != ContentAddress.IdLength || !versionId.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"version id '{versionId}' must be {ContentAddress.IdLength} lower-case hex digits.", nameof(versionId));
        }

        return Path.Combine(FamilyFolder(family), versionId);
    }

    /// <summary>Registers a version: hashes the files, completes the manifest with them, derives the version id, writes
    /// the version folder atomically and journals the registration (candidate, or monitor-only for replayed or
    /// maintenance data). Registering identical content again returns the same id and journals nothing.</summary>
    /// <param name="draft">The manifest; its <see cref="VersionManifest.Files"/> is replaced by the files' hashes and
    /// sizes, and <see cref="VersionManifest.FormatVersion"/> by <see cref="VersionManifest.CurrentFormatVersion"/>.</param>
    /// <param name="files">The artefact files by name (at least one).</param>
    /// <param name="actor">Who registers (e.g. <c>training</c>).</param>
    /// <returns>The id, hash, manifest and journal lines.</returns>
    /// <exception cref="ArgumentException">A manifest field or file name is invalid (named in the message).</exception>
    /// <exception cref="ModelManifestMismatchException">A folder with this id exists but its content differs.</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    public RegisteredVersion Register(VersionManifest draft, IReadOnlyDictionary<string, byte[]> files, string actor)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(files);
        var artefacts = files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new ArtefactFile(CheckFileName(f.Key), ContentAddress.Sha256(f.Value ?? throw new ArgumentException($"file '{f.Key}' has no bytes.", nameof(files))), f.Value.LongLength))
            .ToArray();
        if (artefacts.Length == 0)
        {
            throw new ArgumentException("a version needs at least one artefact file.", nameof(files));
        }

        var manifest = draft with { FormatVersion = VersionManifest.CurrentFormatVersion, Files = artefacts };
        VersionManifestRules.Validate(manifest);
        var hash = ContentAddress.Hash(manifest);
        var id = ContentAddress.VersionId(hash);
        var folder = VersionFolder(manifest.Family, id);
        using var familyLock = Lock(manifest.Family);
        if (Directory.Exists(folder))
        {
            // Same id: the content must be the same (a 64-bit prefix collision or a tampered folder is refused).
            VerifyFolder(folder, hash, expected: null);
        }
        else
        {
            AtomicFolder.Write(folder, temp =>
            {
                foreach (var (name, bytes) in files)
                {
                    File.WriteAllBytes(Path.Combine(temp, name), bytes);
                }

                File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, RegistryJson.Indented) + "\n");
                return 0;
            });
        }

        var change = FamilyRegistry.Register(ReadState(manifest.Family), hash, manifest, actor, _time.GetUtcNow().UtcDateTime);
        Commit(change);
        return new RegisteredVersion(id, hash, manifest, change.Transitions);
    }

    /// <summary>Loads a registered version and checks it: the manifest's content hash against the family's state, every
    /// artefact file's size and SHA-256 against the manifest, no file the manifest does not list, and, when given, the
    /// expectation's model type, schema and feature versions.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id.</param>
    /// <param name="expected">What the loading code requires, or null to check the hashes only.</param>
    /// <returns>The version.</returns>
    /// <exception cref="KeyNotFoundException">The family has no such version.</exception>
    /// <exception cref="ModelManifestMismatchException">A hash or field differs (the field and both values are named).</exception>
    /// <exception cref="InvalidDataException">A file is missing, or the manifest is not valid JSON of a manifest.</exception>
    public LoadedVersion Load(string family, string versionId, VersionExpectation? expected = null)
    {
        var entry = ReadState(family).Get(versionId);
        var folder = VersionFolder(family, versionId);
        var (manifest, bytes) = VerifyFolder(folder, entry.ContentHash, expected);
        return new LoadedVersion(folder, versionId, entry.ContentHash, entry.Stage, manifest, bytes);
    }

    /// <summary>Reads a family's state; an empty state when the family has none yet.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The state.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid state of this family (path and reason named).</exception>
    public FamilyRegistryState ReadState(string family)
    {
        var path = Path.Combine(FamilyFolder(family), StateFile);
        if (!File.Exists(path))
        {
            return FamilyRegistryState.Empty(family);
        }

        var state = Deserialize<FamilyRegistryState>(File.ReadAllText(path), path);
        if (state.FormatVersion != FamilyRegistryState.CurrentFormatVersion || state.Family != family)
        {
            throw new InvalidDataException($"'{path}': format_version {state.FormatVersion} of family '{state.Family}', expected {FamilyRegistryState.CurrentFormatVersion} of '{family}'.");
        }

        return state;
    }

    /// <summary>Reads a family's journal, oldest first.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The transitions; empty when there are none.</returns>
    /// <exception cref="InvalidDataException">A line is not a transition, or the sequence numbers are not 1, 2, 3, …
    /// (the path and line number are named).</exception>
    public IReadOnlyList<RegistryTransition> ReadJournal(string family)
    {
        var path = Path.Combine(FamilyFolder(family), JournalFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = new List<RegistryTransition>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var transition = Deserialize<RegistryTransition>(line, $"{path}:{number}");
            if (transition.Sequence != number)
            {
                throw new InvalidDataException($"'{path}' line {number}: sequence {transition.Sequence}, expected {number}.");
            }

            lines.Add(transition);
        }

        return lines;
    }

    /// <summary>Rebuilds a family's state from its journal alone (and, for each registration, the version folder's
    /// manifest, whose content hash is recomputed): registrations add entries, every other line sets its version's
    /// stage, a promotion to live appends to the live history and a rollback of a live version removes it. For an
    /// intact family the result equals <see cref="ReadState"/>.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The state the journal describes.</returns>
    /// <exception cref="InvalidDataException">The journal or a version folder is damaged, or a line does not follow
    /// from the lines before it (path and sequence named).</exception>
    public FamilyRegistryState ReplayJournal(string family)
    {
        var versions = new List<RegistryEntry>();
        var history = new List<string>();
        var journal = ReadJournal(family);
        foreach (var t in journal)
        {
            var index = versions.FindIndex(v => v.VersionId == t.VersionId);
            if (t.Action == RegistryAction.Register)
            {
                var folder = VersionFolder(family, t.VersionId);
                var manifest = Deserialize<VersionManifest>(File.ReadAllText(Path.Combine(folder, ManifestFile)), Path.Combine(folder, ManifestFile));
                var hash = ContentAddress.Hash(manifest);
                if (index >= 0 || ContentAddress.VersionId(hash) != t.VersionId)
                {
                    throw new InvalidDataException($"'{FamilyFolder(family)}/{JournalFile}' sequence {t.Sequence}: registration of {t.VersionId} {(index >= 0 ? "repeats an earlier one" : $"does not match its folder's content hash {hash}")}.");
                }

                versions.Add(new RegistryEntry(t.VersionId, hash, manifest.ModelType, t.To, t.To == RegistryStage.MonitorOnly, t.TimeUtc));
                continue;
            }

            if (index < 0 || versions[index].Stage != t.From)
            {
                throw new InvalidDataException($"'{FamilyFolder(family)}/{JournalFile}' sequence {t.Sequence}: {t.VersionId} moves from {t.From} but the lines before leave it {(index < 0 ? "unregistered" : versions[index].Stage.ToString())}.");
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

    /// <summary>Replaces a family's <c>registry.json</c> by <see cref="ReplayJournal"/> when the journal is longer than
    /// the state records (a change interrupted between its journal lines and its state); does nothing otherwise.</summary>
    /// <param name="family">The family.</param>
    /// <returns>True when the state was rewritten.</returns>
    /// <exception cref="InvalidDataException">The state records more lines than the journal holds (the journal lost
    /// lines: not repairable here), or the journal is damaged.</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    public bool RepairState(string family)
    {
        using var familyLock = Lock(family);
        var recorded = ReadState(family).JournalLength;
        var replayed = ReplayJournal(family);
        if (replayed.JournalLength == recorded)
        {
            return false;
        }

        if (replayed.JournalLength < recorded)
        {
            throw new InvalidDataException($"'{Path.Combine(FamilyFolder(family), StateFile)}' records {recorded} journal lines but the journal holds {replayed.JournalLength}: the journal lost lines.");
        }

        WriteState(replayed);
        return true;
    }

    /// <summary>Promotes a version and journals it (<see cref="FamilyRegistry.Promote"/>).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version.</param>
    /// <param name="to">Shadow, canary or live.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="mode">Automatic or manual.</param>
    /// <returns>The new state and the transitions written.</returns>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    public RegistryChange Promote(string family, string versionId, RegistryStage to, string reason, string actor, PromotionMode mode)
    {
        using var familyLock = Lock(family);
        return Commit(FamilyRegistry.Promote(ReadState(family), versionId, to, reason, actor, mode, Now()));
    }

    /// <summary>Rolls a version back and journals it (<see cref="FamilyRegistry.Rollback"/>).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The live, canary or shadow version.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="manual">True when a person asked for it.</param>
    /// <returns>The new state and the transitions written.</returns>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    public RegistryChange Rollback(string family, string versionId, string reason, string actor, bool manual)
    {
        using var familyLock = Lock(family);
        return Commit(FamilyRegistry.Rollback(ReadState(family), versionId, reason, actor, manual, Now()));
    }

    /// <summary>Retires a version that is not live and journals it (<see cref="FamilyRegistry.Retire"/>).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="manual">True when a person asked for it.</param>
    /// <returns>The new state and the transition written.</returns>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    public RegistryChange Retire(string family, string versionId, string reason, string actor, bool manual)
    {
        using var familyLock = Lock(family);
        return Commit(FamilyRegistry.Retire(ReadState(family), versionId, reason, actor, manual, Now()));
    }

    /// <summary>Takes a family's writer lock: <c>&lt;root&gt;/&lt;family&gt;/.lock</c> opened with
    /// <see cref="FileShare.None"/>, retried with a doubling back-off (5 ms to 200 ms) until <see cref="LockTimeout"/>.
    /// Dispose the returned stream to release it.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The open lock file.</returns>
    /// <exception cref="TimeoutException">Another writer held it past <see cref="LockTimeout"/> (the path is named).</exception>
    public IDisposable Lock(string family)
    {
        var folder = FamilyFolder(family);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, LockFile);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var backOff = FirstBackOff;
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && e is not PathTooLongException)
            {
                if (clock.Elapsed >= LockTimeout)
                {
                    throw new TimeoutException(
                        string.Create(CultureInfo.InvariantCulture, $"The registry lock '{path}' was held by another writer for {clock.Elapsed.TotalSeconds:0.0} s ({attempts} attempts, timeout {LockTimeout.TotalSeconds:0.0} s); no change was made to family '{family}'."),
                        e);
                }

                Thread.Sleep(backOff);
                backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, LongestBackOff.Ticks));
            }
        }
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    private RegistryChange Commit(RegistryChange change)
    {
        if (change.Transitions.Length == 0)
        {
            return change;
        }

        var folder = FamilyFolder(change.State.Family);
        Directory.CreateDirectory(folder);
        var journal = Path.Combine(folder, JournalFile);
        var existing = File.Exists(journal) ? File.ReadLines(journal).LongCount() : 0;
        var expected = change.Transitions[0].Sequence - 1;
        if (existing != expected)
        {
            throw new InvalidDataException($"'{journal}' has {existing} lines but '{Path.Combine(folder, StateFile)}' records {expected}: a previous change was interrupted between the journal and the state; call RepairState before changing the family again.");
        }

        var text = new StringBuilder();
        foreach (var t in change.Transitions)
        {
            text.Append(JsonSerializer.Serialize(t, RegistryJson.Compact)).Append('\n');
        }

        using (var stream = new FileStream(journal, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        WriteState(change.State);
        return change;
    }

    private void WriteState(FamilyRegistryState state)
    {
        var folder = FamilyFolder(state.Family);
        var temp = Path.Combine(folder, "." + StateFile + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(temp, JsonSerializer.Serialize(state, RegistryJson.Indented) + "\n");
        File.Move(temp, Path.Combine(folder, StateFile), overwrite: true);
    }

    private static (VersionManifest Manifest, Dictionary<string, byte[]> Files) VerifyFolder(string folder, string contentHash, VersionExpectation? expected)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{folder}' is not a registered version: {ManifestFile} is missing.");
        }

        var manifest = Deserialize<VersionManifest>(File.ReadAllText(path), path);
        Check(path, "format_version", manifest.FormatVersion.ToString(CultureInfo.InvariantCulture), VersionManifest.CurrentFormatVersion.ToString(CultureInfo.InvariantCulture), "this code reads");
        try
        {
            VersionManifestRules.Validate(manifest);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid manifest: {e.Message}", e);
        }

        Check(path, "content_hash", ContentAddress.Hash(manifest), contentHash, "the registry recorded");
        Check(path, "version_id", Path.GetFileName(folder), ContentAddress.VersionId(contentHash), "the content hash gives");
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            var filePath = Path.Combine(folder, file.Name);
            if (!File.Exists(filePath))
            {
                throw new InvalidDataException($"'{folder}' is not a complete version: {file.Name} is missing.");
            }

            var data = File.ReadAllBytes(filePath);
            Check(path, $"files[{file.Name}].bytes", data.LongLength.ToString(CultureInfo.InvariantCulture), file.Bytes.ToString(CultureInfo.InvariantCulture), "the manifest records");
            Check(path, $"files[{file.Name}].sha256", ContentAddress.Sha256(data), file.Sha256, "the manifest records");
            bytes[file.Name] = data;
        }

        var extra = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(n => n != ManifestFile && !bytes.ContainsKey(n!)).Order(StringComparer.Ordinal).ToArray();
        if (extra.Length > 0)
        {
            throw new ModelManifestMismatchException($"'{folder}': field 'files' does not list {string.Join(", ", extra)}; a registered version holds exactly its manifest's files.");
        }

        if (expected is not null)
        {
            Check(path, "model_type", manifest.ModelType, expected.ModelType, "this code expects");
            Check(path, "schema.version", manifest.Schema.Version.ToString(CultureInfo.InvariantCulture), expected.Schema.Version.ToString(CultureInfo.InvariantCulture), "this code expects");
            Check(path, "schema.columns", string.Join(",", manifest.Schema.Columns), string.Join(",", expected.Schema.Columns), "this code expects");
            foreach (var (name, version) in expected.FeatureVersions.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var actual = manifest.FeatureVersions.TryGetValue(name, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "absent";
                Check(path, $"feature_versions.{name}", actual, version.ToString(CultureInfo.InvariantCulture), "this code expects");
            }
        }

        return (manifest, bytes);
    }

    private static void Check(string path, string field, string actual, string expected, string expectedWhat)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModelManifestMismatchException($"'{path}': field '{field}' is '{actual}' but {expectedWhat} '{expected}'; the version is refused.");
        }
    }

    private static T Deserialize<T>(string json, string where)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, RegistryJson.Indented) ?? throw new InvalidDataException($"'{where}' holds null, not a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{where}' is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static string CheckFileName(string name)
    {
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || name.StartsWith('.') || name == ManifestFile
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"artefact file name '{name}' must be a plain file name (no folder, not hidden, not {ManifestFile}).", "files");
        }

        return name;
    }
}
