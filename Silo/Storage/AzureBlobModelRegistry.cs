using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// The model registry (<see cref="IModelRegistry"/>) in one Azure Blob container, where every silo of a cluster sees the
/// same registry (the Azurite emulator in tests):
/// <code>
/// &lt;family&gt;/registry.json                 block blob: the family's state, replaced under an ETag condition
/// &lt;family&gt;/journal.jsonl                 append blob: one RegistryTransition per line
/// &lt;family&gt;/.lock                         empty block blob: the family's writer lock (a blob lease)
/// &lt;family&gt;/&lt;version-id&gt;/&lt;file&gt;...        block blobs: the artefact files
/// &lt;family&gt;/&lt;version-id&gt;/manifest.json    block blob: the VersionManifest, written last
/// </code>
/// <para>A version is complete only when its manifest exists: a registration uploads the artefact blobs first (deleting
/// blobs of an earlier, interrupted attempt that the manifest will not list), then the manifest with
/// <c>If-None-Match: *</c>. A load lists the version's prefix and checks it exactly as the file store checks a folder
/// (<see cref="VersionVerifier"/>): the manifest's content hash against the state, every file's size and SHA-256, and no
/// blob the manifest does not list.</para>
/// <para>A change appends its journal lines first, in one <c>Append Block</c> conditional on the append position and
/// ETag read when the journal's lines were counted, then replaces <c>registry.json</c> with <c>If-Match</c> the ETag
/// read with the state (<c>If-None-Match: *</c> when the family had none). A journal longer than the state records is
/// refused at the next change, naming both lengths, until <see cref="RepairStateAsync"/>.</para>
/// <para>Writers exclude each other per family with a lease on <c>&lt;family&gt;/.lock</c> (created empty on first use):
/// every write acquires a lease of <see cref="LeaseDuration"/> (15–60 s, renewed every third of it while the write
/// runs), retried with an awaited back-off of 5 ms doubling to 200 ms while another lease is present, until
/// <see cref="LockTimeout"/>, then <see cref="TimeoutException"/> naming <c>&lt;container&gt;/&lt;family&gt;/.lock</c>;
/// the lease is released when the write ends, whatever its outcome. A renewal refused with 409/412 (the lease was lost)
/// stops renewing; another storage failure is retried at the next tick. The ETag conditions on the journal and the state
/// refuse the change of a writer whose lease expired under it; its artefact uploads carry no condition, which is
/// harmless because a version id is the hash of its content (two writers of one id upload the same bytes). Once the
/// journal append starts, the append and the state write run to the end whatever the caller's cancellation token says.
/// Readers take no lease. Storage failures are <see cref="IOException"/>s naming the
/// <c>&lt;container&gt;/&lt;blob&gt;</c>. An append blob holds at most 50,000 blocks and each change appends one, so a
/// family's journal holds at most 50,000 changes (registrations and stage changes).</para>
/// </summary>
public sealed class AzureBlobModelRegistry : IModelRegistry
{
    /// <summary>Blob name (under the family) of the writer lock.</summary>
    public const string LockBlob = ".lock";


    private readonly TimeProvider _time;
    private readonly AsyncOnce _container = new();

    /// <summary>A registry in <paramref name="container"/> (created on the first write when missing).</summary>
    /// <param name="container">The container.</param>
    /// <param name="time">The clock of the journal's timestamps; the system clock when null.</param>
    /// <param name="lockTimeout">How long a write waits for the family's lease (default 30 s; positive).</param>
    /// <param name="leaseDuration">The lease of one write (default 60 s; 15–60 s, Azure's limits for a finite lease).</param>
    /// <exception cref="ArgumentOutOfRangeException">The lock timeout is not positive, or the lease is outside 15–60 s.</exception>
    public AzureBlobModelRegistry(BlobContainerClient container, TimeProvider? time = null, TimeSpan? lockTimeout = null, TimeSpan? leaseDuration = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        Container = container;
        _time = time ?? TimeProvider.System;
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
        if (LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), lockTimeout, "the lock timeout must be positive.");
        }

        LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(60);
        if (LeaseDuration < TimeSpan.FromSeconds(15) || LeaseDuration > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "a blob lease lasts 15 to 60 seconds.");
        }
    }

    /// <summary>A registry in container <paramref name="containerName"/> of the account <paramref name="connectionString"/>
    /// names, with the silo's retry policy (<see cref="AzureStorageClients"/>).</summary>
    /// <param name="connectionString">The Azure Storage connection string (e.g. <c>UseDevelopmentStorage=true</c>).</param>
    /// <param name="containerName">The container (e.g. <c>Storage:RegistryContainer</c>).</param>
    /// <param name="time">The clock of the journal's timestamps; the system clock when null.</param>
    /// <exception cref="ArgumentException">The connection string or the container name is empty or blank.</exception>
    public AzureBlobModelRegistry(string connectionString, string containerName, TimeProvider? time = null)
        : this(AzureStorageClients.Blobs(Required(connectionString, nameof(connectionString))).GetBlobContainerClient(Required(containerName, nameof(containerName))), time)
    {
    }

    /// <summary>The container.</summary>
    public BlobContainerClient Container { get; }

    /// <inheritdoc />
    public TimeSpan LockTimeout { get; }

    /// <summary>The lease one write holds on the family's lock blob (renewed every third of it while the write runs).</summary>
    public TimeSpan LeaseDuration { get; }

    /// <inheritdoc />
    public string Describe => $"Azure Blob container '{Container.Name}'";

    /// <inheritdoc />
    /// <remarks><c>&lt;container&gt;/&lt;family&gt;</c> or <c>&lt;container&gt;/&lt;family&gt;/&lt;version-id&gt;</c>.</remarks>
    public string Location(string family, string? versionId = null) =>
        versionId is null ? $"{Container.Name}/{FamilyRegistry.CheckFamily(family)}" : $"{Container.Name}/{FamilyRegistry.CheckFamily(family)}/{VersionVerifier.CheckVersionId(versionId)}";

    /// <inheritdoc />
    public async Task<RegisteredVersion> RegisterAsync(VersionManifest draft, IReadOnlyDictionary<string, byte[]> files, string actor, CancellationToken cancellationToken = default)
    {
        var (manifest, hash, id) = VersionVerifier.Prepare(draft, files);
        var family = manifest.Family;
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var prefix = $"{family}/{id}/";
        var stored = await ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        if (stored.Contains(VersionVerifier.ManifestFile))
        {
            // Same id: the content must be the same (a 64-bit prefix collision or tampered blobs are refused).
            await VerifyAsync(family, id, hash, null, stored, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // No manifest: nothing or an interrupted attempt. Its blobs that the manifest will not list go first.
            foreach (var name in stored.Where(n => !files.ContainsKey(n)))
            {
                await CallAsync(prefix + name, () => Container.GetBlobClient(prefix + name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                await CallAsync(prefix + name, () => Container.GetBlobClient(prefix + name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken)).ConfigureAwait(false);
            }

            var manifestBlob = prefix + VersionVerifier.ManifestFile;
            await CallAsync(manifestBlob, () => Container.GetBlobClient(manifestBlob).UploadAsync(
                BinaryData.FromString(RegistryDocuments.ManifestText(manifest)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken)).ConfigureAwait(false);
        }

        var (state, etag) = await ReadStateWithETagAsync(family, cancellationToken).ConfigureAwait(false);
        var change = FamilyRegistry.Register(state, hash, manifest, actor, Now());
        await CommitAsync(change, etag, cancellationToken).ConfigureAwait(false);
        return new RegisteredVersion(id, hash, manifest, change.Transitions);
    }

    /// <inheritdoc />
    public async Task<LoadedVersion> LoadAsync(string family, string versionId, VersionExpectation? expected = null, CancellationToken cancellationToken = default)
    {
        var entry = (await ReadStateAsync(family, cancellationToken).ConfigureAwait(false)).Get(versionId);
        var stored = await ListAsync($"{family}/{VersionVerifier.CheckVersionId(versionId)}/", cancellationToken).ConfigureAwait(false);
        var (manifest, bytes) = await VerifyAsync(family, versionId, entry.ContentHash, expected, stored, cancellationToken).ConfigureAwait(false);
        return new LoadedVersion(Location(family, versionId), versionId, entry.ContentHash, entry.Stage, manifest, bytes);
    }

    /// <inheritdoc />
    public async Task<VersionManifest> LoadManifestAsync(string family, string versionId, CancellationToken cancellationToken = default)
    {
        var entry = (await ReadStateAsync(family, cancellationToken).ConfigureAwait(false)).Get(versionId);
        var manifestBlob = $"{family}/{VersionVerifier.CheckVersionId(versionId)}/{VersionVerifier.ManifestFile}";
        var (json, _, _) = await DownloadAsync(manifestBlob, cancellationToken).ConfigureAwait(false);
        return VersionVerifier.VerifyManifest(Location(family, versionId), Where(manifestBlob), versionId, json, entry.ContentHash);
    }

    /// <inheritdoc />
    public async Task<FamilyRegistryState> ReadStateAsync(string family, CancellationToken cancellationToken = default) =>
        (await ReadStateWithETagAsync(family, cancellationToken).ConfigureAwait(false)).State;

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegistryTransition>> ReadJournalAsync(string family, CancellationToken cancellationToken = default)
    {
        var blob = $"{FamilyRegistry.CheckFamily(family)}/{RegistryDocuments.JournalFile}";
        var (text, _, _) = await DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        return text is null ? [] : RegistryDocuments.ParseJournal(RegistryDocuments.Lines(text), Where(blob));
    }

    /// <inheritdoc />
    public async Task<FamilyRegistryState> ReplayJournalAsync(string family, CancellationToken cancellationToken = default)
    {
        var journal = await ReadJournalAsync(family, cancellationToken).ConfigureAwait(false);
        return await RegistryDocuments.ReplayAsync(
            family,
            journal,
            Where($"{family}/{RegistryDocuments.JournalFile}"),
            async (id, token) =>
            {
                var blob = $"{family}/{id}/{VersionVerifier.ManifestFile}";
                return ((await DownloadAsync(blob, token).ConfigureAwait(false)).Text, Where(blob));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RepairStateAsync(string family, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var (state, etag) = await ReadStateWithETagAsync(family, cancellationToken).ConfigureAwait(false);
        var replayed = await ReplayJournalAsync(family, cancellationToken).ConfigureAwait(false);
        if (!RegistryDocuments.NeedsRepair(state.JournalLength, replayed, Where($"{family}/{RegistryDocuments.StateFile}")))
        {
            return false;
        }

        await WriteStateAsync(replayed, etag, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public Task<RegistryChange> PromoteAsync(string family, string versionId, RegistryStage to, string reason, string actor, PromotionMode mode, CancellationToken cancellationToken = default) =>
        ChangeAsync(family, state => FamilyRegistry.Promote(state, versionId, to, reason, actor, mode, Now()), cancellationToken);

    /// <inheritdoc />
    public Task<RegistryChange> RollbackAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default) =>
        ChangeAsync(family, state => FamilyRegistry.Rollback(state, versionId, reason, actor, manual, Now()), cancellationToken);

    /// <inheritdoc />
    public Task<RegistryChange> RetireAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default) =>
        ChangeAsync(family, state => FamilyRegistry.Retire(state, versionId, reason, actor, manual, Now()), cancellationToken);

    /// <inheritdoc />
    /// <remarks>The top-level prefixes of the container that hold a <c>registry.json</c> blob.</remarks>
    public async Task<string[]> ListFamiliesAsync(CancellationToken cancellationToken = default)
    {
        var families = new List<string>();
        try
        {
            await foreach (var item in Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", null, cancellationToken).ConfigureAwait(false))
            {
                if (item.IsPrefix)
                {
                    var family = item.Prefix.TrimEnd('/');
                    if (await ExistsAsync($"{family}/{RegistryDocuments.StateFile}", cancellationToken).ConfigureAwait(false))
                    {
                        families.Add(family);
                    }
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
        catch (RequestFailedException e)
        {
            throw new IOException($"'{Container.Name}': the registry's families cannot be listed: the storage failed ({e.Message}).", e);
        }

        return [.. families.Order(StringComparer.Ordinal)];
    }

    /// <summary>Takes a family's writer lock: a lease of <see cref="LeaseDuration"/> on <c>&lt;family&gt;/.lock</c>
    /// (the blob created empty when missing), retried with an awaited doubling back-off (5 ms to 200 ms) while another
    /// lease is present, until <see cref="LockTimeout"/>. The lease is renewed every third of its duration until the
    /// returned handle is disposed, which releases it.</summary>
    /// <param name="family">The family.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lease.</returns>
    /// <exception cref="TimeoutException">Another writer held the lease past <see cref="LockTimeout"/> (the blob is named).</exception>
    /// <exception cref="IOException">The storage failed (the blob is named).</exception>
    public async Task<IAsyncDisposable> LockAsync(string family, CancellationToken cancellationToken = default)
    {
        var name = $"{FamilyRegistry.CheckFamily(family)}/{LockBlob}";
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = Container.GetBlobClient(name);
        var lease = blob.GetBlobLeaseClient();
        var wait = new RegistryLockWait(LockTimeout, $"'{Where(name)}' (a blob lease)", family);
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new LeaseLock(lease, LeaseDuration);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // First use of the family: create the lock blob (another writer may create it at the same time).
                try
                {
                    await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException created) when (created.Status is 409 or 412)
                {
                }
                catch (RequestFailedException failed)
                {
                    throw Failure(name, failed);
                }
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                await wait.HeldAsync(e, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e)
            {
                throw Failure(name, e);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"model registry in {Describe}";

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    private string Where(string blob) => $"{Container.Name}/{blob}";

    private IOException Failure(string blob, RequestFailedException e) =>
        new($"'{Where(blob)}': the storage failed ({e.Status} {e.ErrorCode}: {e.Message}).", e);

    private async Task<T> CallAsync<T>(string blob, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failure(blob, e);
        }
    }

    private async Task<RegistryChange> ChangeAsync(string family, Func<FamilyRegistryState, RegistryChange> rule, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await using var familyLock = await LockAsync(family, cancellationToken).ConfigureAwait(false);
        var (state, etag) = await ReadStateWithETagAsync(family, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(rule(state), etag, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(FamilyRegistryState State, ETag? ETag)> ReadStateWithETagAsync(string family, CancellationToken cancellationToken)
    {
        var blob = $"{FamilyRegistry.CheckFamily(family)}/{RegistryDocuments.StateFile}";
        var (text, etag, _) = await DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        return (RegistryDocuments.ParseState(text, family, Where(blob)), etag);
    }

    private async Task<RegistryChange> CommitAsync(RegistryChange change, ETag? stateETag, CancellationToken cancellationToken)
    {
        if (change.Transitions.Length == 0)
        {
            return change;
        }

        var family = change.State.Family;
        var name = $"{family}/{RegistryDocuments.JournalFile}";
        var journal = Container.GetAppendBlobClient(name);
        var (text, etag, length) = await DownloadAsync(name, cancellationToken).ConfigureAwait(false);
        RegistryDocuments.CheckJournalLength(change, text is null ? 0 : RegistryDocuments.Lines(text).LongLength, Where(name), Where($"{family}/{RegistryDocuments.StateFile}"));
        if (text is null)
        {
            etag = (await CallAsync(name, () => journal.CreateAsync(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)).ConfigureAwait(false)).Value.ETag;
        }

        // From here on the change is written whole whatever the caller's token says: a cancellation between the journal
        // and the state would leave the family refusing every change until RepairStateAsync.
        using var stream = new MemoryStream(RegistryDocuments.JournalText(change.Transitions));
        var conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = length, IfMatch = etag };
        await CallAsync(name, () => journal.AppendBlockAsync(stream, new AppendBlobAppendBlockOptions { Conditions = conditions }, CancellationToken.None)).ConfigureAwait(false);
        await WriteStateAsync(change.State, stateETag, CancellationToken.None).ConfigureAwait(false);
        return change;
    }

    private async Task WriteStateAsync(FamilyRegistryState state, ETag? etag, CancellationToken cancellationToken)
    {
        var name = $"{state.Family}/{RegistryDocuments.StateFile}";
        var conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await Container.GetBlobClient(name).UploadAsync(BinaryData.FromString(RegistryDocuments.StateText(state)), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new IOException($"'{Where(name)}' changed after it was read ({(etag is null ? "it did not exist" : $"ETag {etag}")}): another writer changed family '{state.Family}' without holding its lease; this change's journal lines are written, so call RepairState before changing the family again.", e);
        }
        catch (RequestFailedException e)
        {
            throw Failure(name, e);
        }
    }

    /// <summary>Downloads a blob as UTF-8 text; (null, null, 0) when it (or the container) does not exist.</summary>
    private async Task<(string? Text, ETag? ETag, long Length)> DownloadAsync(string blob, CancellationToken cancellationToken)
    {
        try
        {
            var result = (await Container.GetBlobClient(blob).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            var bytes = result.Content.ToMemory();
            return (System.Text.Encoding.UTF8.GetString(bytes.Span), result.Details.ETag, bytes.Length);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null, 0);
        }
        catch (RequestFailedException e)
        {
            throw Failure(blob, e);
        }
    }

    private async Task<bool> ExistsAsync(string blob, CancellationToken cancellationToken) =>
        (await CallAsync(blob, () => Container.GetBlobClient(blob).ExistsAsync(cancellationToken)).ConfigureAwait(false)).Value;

    private async Task<byte[]> DownloadBytesAsync(string blob, CancellationToken cancellationToken) =>
        (await CallAsync(blob, () => Container.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).ConfigureAwait(false)).Value.Content.ToArray();

    /// <summary>The names under <paramref name="prefix"/>, relative to it.</summary>
    private async Task<HashSet<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                names.Add(item.Name[prefix.Length..]);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return names;
        }
        catch (RequestFailedException e)
        {
            throw Failure(prefix, e);
        }

        return names;
    }

    private async Task<(VersionManifest Manifest, Dictionary<string, byte[]> Files)> VerifyAsync(string family, string versionId, string contentHash, VersionExpectation? expected, HashSet<string> stored, CancellationToken cancellationToken)
    {
        var prefix = $"{family}/{versionId}/";
        var manifestBlob = prefix + VersionVerifier.ManifestFile;
        var json = stored.Contains(VersionVerifier.ManifestFile) ? (await DownloadAsync(manifestBlob, cancellationToken).ConfigureAwait(false)).Text : null;
        return await VersionVerifier.VerifyAsync(
            Location(family, versionId),
            Where(manifestBlob),
            versionId,
            json,
            stored,
            (name, token) => DownloadBytesAsync(prefix + name, token),
            contentHash,
            expected,
            cancellationToken).ConfigureAwait(false);
    }

    private Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        _container.RunAsync(token => CallAsync(string.Empty, () => Container.CreateIfNotExistsAsync(cancellationToken: token)), cancellationToken);

    private static string Required(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    /// <summary>A held lease, renewed in the background until disposed, then released.</summary>
    private sealed class LeaseLock : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public LeaseLock(BlobLeaseClient lease, TimeSpan duration)
        {
            _lease = lease;
            _renewal = RenewAsync(duration / 3, _stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await _renewal.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The renewal's own outcome never replaces the write's: a lapsed lease shows as the write's ETag failure.
            }

            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // The lease expired or was broken under the write (409/412), or the storage failed: an unreleased lease
                // ends by itself within its duration, and the write's own outcome is what the caller must see.
            }
            finally
            {
                _stop.Dispose();
            }
        }

        private async Task RenewAsync(TimeSpan every, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(every, stop).ConfigureAwait(false);
                try
                {
                    await _lease.RenewAsync(cancellationToken: stop).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412)
                {
                    // A lost lease: the ETag conditions on the journal and the state refuse the write's change; the
                    // release in DisposeAsync tolerates it.
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // A storage or transport failure that outlasted the client's own retries (Azure.Core throws
                    // RequestFailedException or AggregateException): try again at the next tick, before the lease (three
                    // ticks long) runs out.
                }
            }
        }
    }
}
