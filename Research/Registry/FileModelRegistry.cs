using Quant.Orleans.Core;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// The file store of the model registry (<see cref="IModelRegistry"/>) under one root folder:
/// <code>
/// &lt;root&gt;/&lt;family&gt;/registry.json               the family's state (FamilyRegistryState), replaced atomically
/// &lt;root&gt;/&lt;family&gt;/journal.jsonl               one RegistryTransition per line, append-only
/// &lt;root&gt;/&lt;family&gt;/&lt;version-id&gt;/manifest.json  the VersionManifest (hashes of the files beside it)
/// &lt;root&gt;/&lt;family&gt;/&lt;version-id&gt;/&lt;file&gt;...    the artefact files
/// </code>
/// A version folder is written whole or not at all (<see cref="AtomicFolder"/>) and never changed afterwards. A change
/// of stage appends its journal lines first (flushed to disk), then replaces <c>registry.json</c> through a temporary
/// file and a rename; a journal longer than the state records (a write interrupted between the two) is refused at the
/// next change, naming both lengths, until <see cref="RepairStateAsync"/> rebuilds the state from the journal.
/// <para>Writers exclude each other per family through <c>&lt;root&gt;/&lt;family&gt;/.lock</c>: every write
/// (<see cref="RegisterAsync"/>, <see cref="PromoteAsync"/>, <see cref="RollbackAsync"/>, <see cref="RetireAsync"/>,
/// <see cref="RepairStateAsync"/>) opens it with <see cref="FileShare.None"/> (an exclusive <c>flock</c> on Unix, a
/// sharing violation on Windows) around its whole read–change–write, retrying with an awaited back-off
/// (<see cref="Task.Delay(TimeSpan, CancellationToken)"/>, no thread blocked) of 5 ms doubling to 200 ms until
/// <see cref="LockTimeout"/>, then throws <see cref="TimeoutException"/> naming the lock file. The lock holds between
/// threads of one process and between processes (the nightly <c>register</c> steps and the registry grain). The lock
/// file stays in place (deleting it would let a waiter lock an unlinked file). Readers take no lock: the state file is
/// replaced by a rename and version folders never change.</para>
/// </summary>
public sealed class FileModelRegistry : IModelRegistry
{
    /// <summary>File name of a family's state.</summary>
    public const string StateFile = RegistryDocuments.StateFile;

    /// <summary>File name of a family's journal.</summary>
    public const string JournalFile = RegistryDocuments.JournalFile;

    /// <summary>File name of a version's manifest.</summary>
    public const string ManifestFile = VersionVerifier.ManifestFile;

    /// <summary>File name of a family's writer lock.</summary>
    public const string LockFile = ".lock";


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

    /// <inheritdoc />
    public TimeSpan LockTimeout { get; }

    /// <summary>The root folder (absolute).</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Describe => $"folder '{Root}'";

    /// <summary>The folder of a family.</summary>
    /// <param name="family">The family.</param>
    /// <returns><c>&lt;root&gt;/&lt;family&gt;</c>.</returns>
    public string FamilyFolder(string family) => Path.Combine(Root, FamilyRegistry.CheckFamily(family));

    /// <summary>The folder of a version.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id (16 lower-case hex digits).</param>
    /// <returns><c>&lt;root&gt;/&lt;family&gt;/&lt;version-id&gt;</c>.</returns>
    /// <exception cref="ArgumentException">The id is not 16 lower-case hex digits.</exception>
    public string VersionFolder(string family, string versionId) => Path.Combine(FamilyFolder(family), VersionVerifier.CheckVersionId(versionId));

    /// <inheritdoc />
    /// <remarks>The family folder, or the version folder.</remarks>
    public string Location(string family, string? versionId = null) => versionId is null ? FamilyFolder(family) : VersionFolder(family, versionId);

    /// <inheritdoc />
    public async Task<RegisteredVersion> RegisterAsync(VersionManifest draft, IReadOnlyDictionary<string, byte[]> files, string actor, CancellationToken cancellationToken = default)
    {
        var (manifest, hash, id) = VersionVerifier.Prepare(draft, files);
        var folder = VersionFolder(manifest.Family, id);
        await using var familyLock = await LockAsync(manifest.Family, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(folder))
        {
            // Same id: the content must be the same (a 64-bit prefix collision or a tampered folder is refused).
            await VerifyFolderAsync(folder, id, hash, expected: null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            AtomicFolder.Write(folder, temp =>
            {
                foreach (var (name, bytes) in files)
                {
                    File.WriteAllBytes(Path.Combine(temp, name), bytes);
                }

                File.WriteAllText(Path.Combine(temp, ManifestFile), RegistryDocuments.ManifestText(manifest));
                return 0;
            });
        }

        var change = FamilyRegistry.Register(await ReadStateAsync(manifest.Family, cancellationToken).ConfigureAwait(false), hash, manifest, actor, Now());
        await CommitAsync(change, cancellationToken).ConfigureAwait(false);
        return new RegisteredVersion(id, hash, manifest, change.Transitions);
    }

    /// <inheritdoc />
    public async Task<LoadedVersion> LoadAsync(string family, string versionId, VersionExpectation? expected = null, CancellationToken cancellationToken = default)
    {
        var entry = (await ReadStateAsync(family, cancellationToken).ConfigureAwait(false)).Get(versionId);
        var folder = VersionFolder(family, versionId);
        var (manifest, bytes) = await VerifyFolderAsync(folder, versionId, entry.ContentHash, expected, cancellationToken).ConfigureAwait(false);
        return new LoadedVersion(folder, versionId, entry.ContentHash, entry.Stage, manifest, bytes);
    }

    /// <inheritdoc />
    public async Task<VersionManifest> LoadManifestAsync(string family, string versionId, CancellationToken cancellationToken = default)
    {
        var entry = (await ReadStateAsync(family, cancellationToken).ConfigureAwait(false)).Get(versionId);
        var folder = VersionFolder(family, versionId);
        var path = Path.Combine(folder, ManifestFile);
        var json = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        return VersionVerifier.VerifyManifest(folder, path, versionId, json, entry.ContentHash);
    }

    /// <inheritdoc />
    public async Task<FamilyRegistryState> ReadStateAsync(string family, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(FamilyFolder(family), StateFile);
        var json = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        return RegistryDocuments.ParseState(json, family, path);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegistryTransition>> ReadJournalAsync(string family, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(FamilyFolder(family), JournalFile);
        if (!File.Exists(path))
        {
            return [];
        }

        return RegistryDocuments.ParseJournal(await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false), path);
    }

    /// <inheritdoc />
    public async Task<FamilyRegistryState> ReplayJournalAsync(string family, CancellationToken cancellationToken = default)
    {
        var journal = await ReadJournalAsync(family, cancellationToken).ConfigureAwait(false);
        return await RegistryDocuments.ReplayAsync(
            family,
            journal,
            Path.Combine(FamilyFolder(family), JournalFile),
            async (id, token) =>
            {
                var path = Path.Combine(VersionFolder(family, id), ManifestFile);
                return (File.Exists(path) ? await File.ReadAllTextAsync(path, token).ConfigureAwait(false) : null, path);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RepairStateAsync(string family, CancellationToken cancellationToken = default)
    {
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var recorded = (await ReadStateAsync(family, cancellationToken).ConfigureAwait(false)).JournalLength;
        var replayed = await ReplayJournalAsync(family, cancellationToken).ConfigureAwait(false);
        if (!RegistryDocuments.NeedsRepair(recorded, replayed, Path.Combine(FamilyFolder(family), StateFile)))
        {
            return false;
        }

        await WriteStateAsync(replayed, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<RegistryChange> PromoteAsync(string family, string versionId, RegistryStage to, string reason, string actor, PromotionMode mode, CancellationToken cancellationToken = default)
    {
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var state = await ReadStateAsync(family, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(FamilyRegistry.Promote(state, versionId, to, reason, actor, mode, Now()), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RegistryChange> RollbackAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default)
    {
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var state = await ReadStateAsync(family, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(FamilyRegistry.Rollback(state, versionId, reason, actor, manual, Now()), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RegistryChange> RetireAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default)
    {
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var state = await ReadStateAsync(family, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(FamilyRegistry.Retire(state, versionId, reason, actor, manual, Now()), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The sub-folders of the root that hold a <see cref="StateFile"/>.</remarks>
    public Task<string[]> ListFamiliesAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            return Task.FromResult(Array.Empty<string>());
        }

        var families = Directory.GetDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, StateFile)))
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(families);
    }

    /// <summary>Takes a family's writer lock: <c>&lt;root&gt;/&lt;family&gt;/.lock</c> opened with
    /// <see cref="FileShare.None"/>, retried with an awaited doubling back-off (5 ms to 200 ms) until
    /// <see cref="LockTimeout"/>. Dispose the returned stream to release it.</summary>
    /// <param name="family">The family.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The open lock file.</returns>
    /// <exception cref="TimeoutException">Another writer held it past <see cref="LockTimeout"/> (the path is named).</exception>
    public async Task<IAsyncDisposable> LockAsync(string family, CancellationToken cancellationToken = default)
    {
        var folder = FamilyFolder(family);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, LockFile);
        var wait = new RegistryLockWait(LockTimeout, $"'{path}'", family);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && e is not PathTooLongException)
            {
                await wait.HeldAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    private async Task<RegistryChange> CommitAsync(RegistryChange change, CancellationToken cancellationToken)
    {
        if (change.Transitions.Length == 0)
        {
            return change;
        }

        var folder = FamilyFolder(change.State.Family);
        Directory.CreateDirectory(folder);
        var journal = Path.Combine(folder, JournalFile);
        var existing = File.Exists(journal) ? (await File.ReadAllLinesAsync(journal, cancellationToken).ConfigureAwait(false)).LongLength : 0;
        RegistryDocuments.CheckJournalLength(change, existing, journal, Path.Combine(folder, StateFile));
        // From here on the change is written whole whatever the caller's token says: a cancellation between the journal
        // and the state would leave the family refusing every change until RepairStateAsync.
        var stream = new FileStream(journal, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(RegistryDocuments.JournalText(change.Transitions), CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        await WriteStateAsync(change.State, CancellationToken.None).ConfigureAwait(false);
        return change;
    }

    private async Task WriteStateAsync(FamilyRegistryState state, CancellationToken cancellationToken)
    {
        var folder = FamilyFolder(state.Family);
        var temp = Path.Combine(folder, "." + StateFile + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllTextAsync(temp, RegistryDocuments.StateText(state), cancellationToken).ConfigureAwait(false);
        File.Move(temp, Path.Combine(folder, StateFile), overwrite: true);
    }

    private static Task<(VersionManifest Manifest, Dictionary<string, byte[]> Files)> VerifyFolderAsync(string folder, string versionId, string contentHash, VersionExpectation? expected, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, ManifestFile);
        var json = File.Exists(path) ? File.ReadAllText(path) : null;
        var present = Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)!).ToArray() : [];
        return VersionVerifier.VerifyAsync(
            folder,
            path,
            versionId,
            json,
            present,
            (name, token) => File.ReadAllBytesAsync(Path.Combine(folder, name), token),
            contentHash,
            expected,
            cancellationToken);
    }
}
