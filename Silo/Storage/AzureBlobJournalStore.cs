using Azure;
using Azure.Storage.Blobs;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// Journals in an Azure Blob container (the Azurite emulator in tests), where every silo of a cluster reaches them: when
/// the silo that holds an account dies, the account re-activates on another silo and recovers every acknowledged order
/// and fill from here. A journal is a series of append blobs <c>{escapedName}/{firstSequence:D16}.qoj</c>, each holding
/// exactly a file journal segment's bytes (<see cref="JournalFormat"/>), recovered by the same scanner and rules
/// (<see cref="JournalSegmentChain"/>).
/// <para>Durability: a commit returns once Azure committed it (<see cref="AzureBlobJournal"/>: one conditional
/// <c>Append Block</c> call per commit, split at 4 MiB); records appended unflushed wait in the writer's memory until the
/// next commit and die with its process (the account's equity points and replay progress).</para>
/// <para>Recovery rules, as the file journal's except where an append blob cannot be changed: a torn tail (a last
/// record cut short by the end of the blob — a multi-block commit interrupted by a crash, never acknowledged) is left in
/// place; the segment is sealed at the end of its last whole record (metadata
/// <see cref="AzureBlobJournalSegments.SealedAtKey"/>) and a new segment continues the sequence, so the next recovery
/// accepts the torn bytes of a segment sealed exactly before them, and nothing else. A last blob whose creation did not
/// finish (empty, no header) is deleted and created again. Anything else that fails a check — a complete record
/// failing its checksum, a gap in the sequences, a segment whose records do not end where it was sealed — is refused
/// with <see cref="JournalCorruptedException"/> naming <c>{container}/{blob}</c> and the byte offset, and nothing is
/// changed.</para>
/// <para>One writer per journal: each change is conditional on the blob's ETag and length as the writer last saw them,
/// and an open changes the last segment's ETag, so a stale writer is refused (<see cref="JournalConflictException"/>)
/// and writes nothing. Thread-safe.</para>
/// </summary>
public sealed class AzureBlobJournalStore : IJournalStore
{
    private readonly AzureBlobJournalOptions _options;
    private readonly AsyncOnce _container = new();

    /// <summary>A store in <paramref name="container"/> (created on the first open when missing).</summary>
    /// <param name="container">The container of the journals.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="container"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public AzureBlobJournalStore(BlobContainerClient container, AzureBlobJournalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        _options = options ?? new AzureBlobJournalOptions();
        _options.Validate();
        Container = container;
    }

    /// <summary>A store in container <paramref name="containerName"/> of the storage account that
    /// <paramref name="connectionString"/> names (e.g. <c>Cluster:ConnectionString</c>, <c>Cluster:JournalContainer</c>).</summary>
    /// <exception cref="ArgumentException">The connection string or the container name is empty or blank.</exception>
    /// <remarks>The client has the silo's retry policy (<see cref="AzureStorageClients"/>), so a write during a storage
    /// outage fails within seconds with the storage's error (the call fails, nothing is acknowledged) instead of hanging
    /// through the SDK's default retries.</remarks>
    public AzureBlobJournalStore(string connectionString, string containerName, AzureBlobJournalOptions? options = null)
        : this(AzureStorageClients.Blobs(Required(connectionString, nameof(connectionString))).GetBlobContainerClient(Required(containerName, nameof(containerName))), options)
    {
    }

    /// <summary>The container of the journals.</summary>
    public BlobContainerClient Container { get; }

    /// <inheritdoc />
    public string Describe(string name) => $"'{name}' in container '{Container.Name}' (blobs {JournalFormat.EscapeName(name)}/*{JournalFormat.Extension})";

    /// <inheritdoc />
    /// <remarks>Lists and downloads every segment, hands its records over, then takes the journal over (see
    /// <see cref="AzureBlobJournal"/>): nothing is changed before every record was read and handed over, so a refused
    /// journal stays as it was.</remarks>
    /// <exception cref="JournalConflictException">The journal changed while it was being read (another writer); the
    /// open can be tried again.</exception>
    public async ValueTask<IRecordJournal> OpenAsync(string name, Action<JournalRecord>? onRecord, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            var escaped = JournalFormat.EscapeName(name);
            var segments = await AzureBlobJournalSegments.ListAsync(Container, escaped, cancellationToken).ConfigureAwait(false);
            var (chain, last) = await AzureBlobJournalSegments.ScanAsync(Container, segments, _options.MaxPayloadBytes, onRecord, cancellationToken).ConfigureAwait(false);
            return await AzureBlobJournal.StartAsync(Container, name, escaped, _options, chain.ToScan(), last, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw StorageFailure($"Journal {Describe(name)} cannot be opened", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<JournalScan> ReadAsync(string name, Action<JournalRecord> onRecord, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(onRecord);
        try
        {
            var segments = await AzureBlobJournalSegments.ListAsync(Container, JournalFormat.EscapeName(name), cancellationToken).ConfigureAwait(false);
            var (chain, _) = await AzureBlobJournalSegments.ScanAsync(Container, segments, _options.MaxPayloadBytes, onRecord, cancellationToken).ConfigureAwait(false);
            return chain.ToScan();
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw StorageFailure($"Journal {Describe(name)} cannot be read", e);
        }
    }

    /// <summary>An <see cref="IOException"/> for a storage error (an Azure error answer, or the SDK's
    /// <see cref="AggregateException"/> when every retry failed to get one), with the storage's message.</summary>
    internal static IOException StorageFailure(string what, Exception e)
    {
        var detail = e is AggregateException aggregate ? string.Join("; ", aggregate.Flatten().InnerExceptions.Select(x => x.Message).Distinct()) : e.Message;
        return new IOException($"{what}: the storage failed ({detail}).", e);
    }

    /// <inheritdoc />
    public override string ToString() => $"Azure Blob journals in container '{Container.Name}'";

    private static string Required(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    private Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        _container.RunAsync(token => Container.CreateIfNotExistsAsync(cancellationToken: token), cancellationToken);
}
