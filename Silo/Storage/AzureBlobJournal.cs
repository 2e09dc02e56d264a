using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// A journal open for writing in an <see cref="AzureBlobJournalStore"/>: records go to the current segment, an append
/// blob, with the file journal's bytes (<see cref="JournalFormat"/>).
/// <para>Durability: a commit (<see cref="AppendAsync"/>, flushed or not, <see cref="FlushAsync"/>) is one
/// <c>Append Block</c> call holding every record appended since the last commit (split into calls of at most
/// <see cref="AzureBlobJournalOptions.MaxBlockBytes"/> when larger), and returns only after Azure answered it, i.e.
/// committed it (Azure Storage keeps committed blocks durably, three replicas at least) — so whatever a caller
/// acknowledges after it survives this silo. <see cref="AppendUnflushed"/> only encodes the records into memory: they
/// are committed with the next commit and lost if the process dies first.</para>
/// <para>One writer: every change is conditional on what this writer last saw — an append on the blob's length
/// (<c>AppendPositionEqual</c>) and ETag (<c>If-Match</c>), the seal of a segment on its ETag, the creation of a segment
/// on its absence (<c>If-None-Match: *</c>). A newer writer's open sets the last segment's metadata
/// (<see cref="AzureBlobJournalSegments.WriterKey"/>), which changes its ETag, so a stale writer (an activation on a silo
/// that has not noticed it lost the account) fails its next append with <see cref="JournalConflictException"/> and
/// writes nothing: records of two writers never interleave. The position condition alone would not do: a stale writer
/// that has not appended since the newer one read the blob still knows its length. A failed or refused commit leaves
/// the journal refusing every later append until it is reopened (a retried request whose first attempt was committed
/// is refused too, as a conflict; the reopen reads it).</para>
/// <para>Roll-over: a commit that would take the segment past <see cref="AzureBlobJournalOptions.MaxSegmentBytes"/> or
/// <see cref="AzureBlobJournalOptions.MaxBlocksPerSegment"/> first seals it (metadata
/// <see cref="AzureBlobJournalSegments.SealedAtKey"/> = its length, conditional on its ETag) and starts the next one at
/// the next sequence. One caller at a time (calls are serialized).</para>
/// </summary>
public sealed class AzureBlobJournal : IRecordJournal
{
    private readonly BlobContainerClient _container;
    private readonly string _escapedName;
    private readonly AzureBlobJournalOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AppendBlobClient _segment;
    private ETag _etag;
    private long _length;
    private int _blocks;
    private byte[] _pending = new byte[16 * 1024];
    private int _pendingLength;
    private string? _fault;
    private bool _disposed;

    private AzureBlobJournal(BlobContainerClient container, string name, string escapedName, AzureBlobJournalOptions options, AppendBlobClient segment, long segmentFirst, ETag etag, long length, int blocks, long blockAppends, JournalScan recovery)
    {
        _container = container;
        Name = name;
        _escapedName = escapedName;
        _options = options;
        _segment = segment;
        SegmentFirstSequence = segmentFirst;
        _etag = etag;
        _length = length;
        _blocks = blocks;
        BlockAppends = blockAppends;
        LastSequence = recovery.LastSequence;
        CommittedSequence = recovery.LastSequence;
        Recovery = recovery;
        Location = $"{container.Name}/{escapedName}/";
    }

    /// <summary>The journal's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks><c>{container}/{escapedName}/</c>: the container and the prefix of the segment blobs.</remarks>
    public string Location { get; }

    /// <summary>The <c>{container}/{blob}</c> of the segment now appended to.</summary>
    public string SegmentLocation => AzureBlobJournalSegments.Location(_container, _segment.Name);

    /// <summary>The first sequence of the segment now appended to.</summary>
    public long SegmentFirstSequence { get; private set; }

    /// <inheritdoc />
    public long LastSequence { get; private set; }

    /// <summary>Sequence of the last record committed to Azure (<see cref="LastSequence"/> less what waits in memory).</summary>
    public long CommittedSequence { get; private set; }

    /// <inheritdoc />
    public JournalScan Recovery { get; }

    /// <summary><c>Append Block</c> calls since opening (segment headers included).</summary>
    public long BlockAppends { get; private set; }

    /// <summary>
    /// Takes the journal over after <see cref="AzureBlobJournalSegments.ScanAsync"/> read it: an empty journal gets its
    /// first segment; a last segment whose creation did not finish is deleted and started again; a last segment with a
    /// torn tail is sealed at the end of its last whole record (append blobs cannot be truncated) and a new segment
    /// starts after it; a sealed last segment gets its successor; otherwise the last segment is taken over (its
    /// metadata is set, which changes its ETag and so fences any earlier writer). Each step is conditional on the ETag
    /// the scan read.
    /// </summary>
    /// <exception cref="JournalConflictException">The journal changed since it was read (another writer).</exception>
    internal static async Task<AzureBlobJournal> StartAsync(
        BlobContainerClient container, string name, string escapedName, AzureBlobJournalOptions options, JournalScan scan, BlobSegmentState? last, CancellationToken cancellationToken)
    {
        var next = scan.LastSequence + 1;
        AppendBlobClient segment;
        long first;
        ETag etag;
        long length;
        int blocks;
        var created = 0;
        if (last is { Result.HeaderTorn: false, SealedAt: null, Result.Torn: null })
        {
            segment = container.GetAppendBlobClient(last.Name);
            var metadata = new Dictionary<string, string> { [AzureBlobJournalSegments.WriterKey] = Guid.NewGuid().ToString("N") };
            etag = await Conditional(last.Location, "take the segment over", async () =>
                (await segment.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = last.ETag }, cancellationToken).ConfigureAwait(false)).Value.ETag).ConfigureAwait(false);
            first = last.Result.FirstSequence;
            length = last.Length;
            blocks = last.Blocks;
        }
        else
        {
            if (last is { Result.HeaderTorn: true })
            {
                var torn = container.GetBlobClient(last.Name);
                await Conditional(last.Location, "delete the unfinished segment", async () =>
                    (await torn.DeleteAsync(DeleteSnapshotsOption.None, new BlobRequestConditions { IfMatch = last.ETag }, cancellationToken).ConfigureAwait(false)).Status).ConfigureAwait(false);
            }
            else if (last is { SealedAt: null, Result.Torn: not null })
            {
                await Seal(container.GetAppendBlobClient(last.Name), last.Location, last.Result.ValidLength, last.ETag, cancellationToken).ConfigureAwait(false);
            }

            (segment, etag, blocks) = await CreateSegment(container, escapedName, next, cancellationToken).ConfigureAwait(false);
            first = next;
            length = JournalFormat.SegmentHeaderBytes;
            created = 1;
        }

        var location = AzureBlobJournalSegments.Location(container, segment.Name);
        var recovery = scan.Segments.Contains(location) ? scan : scan with { Segments = [.. scan.Segments, location] };
        return new AzureBlobJournal(container, name, escapedName, options, segment, first, etag, length, blocks, created, recovery);
    }

    /// <summary>Encodes the batch into memory (records <c>LastSequence + 1 ...</c>); it is committed with the next
    /// commit and lost if the process dies first. No I/O.</summary>
    /// <inheritdoc />
    public long AppendUnflushed(ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
    {
        _gate.Wait();
        try
        {
            ThrowIfUnusable();
            Encode(payloads);
            return LastSequence;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Encodes the batch and commits it with everything appended unflushed before it, in one
    /// <c>Append Block</c> call (more when over the block limit), conditional on the blob's length and ETag. Committed
    /// means durable, so <paramref name="flush"/> changes nothing here.</summary>
    /// <inheritdoc />
    public async ValueTask<long> AppendAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> payloads, bool flush, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            Encode(payloads.Span);
            await CommitAsync(cancellationToken).ConfigureAwait(false);
            return LastSequence;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits what was appended unflushed (see <see cref="FlushAsync"/>), blocking the thread.</summary>
    /// <inheritdoc />
    public void Flush() => FlushAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Commits what was appended unflushed: one conditional <c>Append Block</c> call (no-op when nothing waits).</summary>
    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            await CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asks Azure whether the current segment still has the ETag of this writer's last change (a conditional
    /// <c>Get Blob Properties</c>): a newer writer's open or seal changed it.</summary>
    /// <inheritdoc />
    public async ValueTask ConfirmWriterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            try
            {
                await Conditional(SegmentLocation, $"confirm that the segment still has ETag {_etag}", async () =>
                    (await _segment.GetPropertiesAsync(new BlobRequestConditions { IfMatch = _etag }, cancellationToken).ConfigureAwait(false)).Value.ETag).ConfigureAwait(false);
            }
            catch (JournalConflictException e)
            {
                _fault = e.Message;
                throw;
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException)
            {
                throw AzureBlobJournalStore.StorageFailure($"Journal '{Name}' in '{Location}': could not confirm that this writer still holds '{SegmentLocation}'", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits what waits in memory (unless an earlier write failed) and releases the journal. Nothing is
    /// held in Azure (no lease), so a writer that never disposes blocks nobody.</summary>
    /// <exception cref="IOException">The final commit failed (<see cref="JournalConflictException"/>: another writer took
    /// the journal over); the journal is released all the same.</exception>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_fault is null)
            {
                await CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><see cref="DisposeAsync"/>, blocking the thread.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Creates the segment blob (only if absent) and appends its header.</summary>
    private static async Task<(AppendBlobClient Segment, ETag ETag, int Blocks)> CreateSegment(BlobContainerClient container, string escapedName, long first, CancellationToken cancellationToken)
    {
        var segment = container.GetAppendBlobClient(AzureBlobJournalSegments.BlobName(escapedName, first));
        var location = AzureBlobJournalSegments.Location(container, segment.Name);
        var created = await Conditional(location, $"create segment {first}", async () =>
            (await segment.CreateAsync(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false)).Value.ETag).ConfigureAwait(false);
        var header = new byte[JournalFormat.SegmentHeaderBytes];
        JournalFormat.WriteSegmentHeader(header, first);
        var appended = await Conditional(location, "write the segment header", async () =>
        {
            using var stream = new MemoryStream(header, writable: false);
            var conditions = new AppendBlobRequestConditions { IfMatch = created, IfAppendPositionEqual = 0 };
            return (await segment.AppendBlockAsync(stream, new AppendBlobAppendBlockOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false)).Value;
        }).ConfigureAwait(false);
        return (segment, appended.ETag, appended.BlobCommittedBlockCount);
    }

    /// <summary>Marks a segment as ending at <paramref name="end"/>, conditional on <paramref name="etag"/>.</summary>
    private static Task<ETag> Seal(AppendBlobClient segment, string location, long end, ETag etag, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { [AzureBlobJournalSegments.SealedAtKey] = end.ToString(CultureInfo.InvariantCulture) };
        return Conditional(location, $"seal the segment at byte offset {end}", async () =>
            (await segment.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = etag }, cancellationToken).ConfigureAwait(false)).Value.ETag);
    }

    /// <summary>Runs a conditional request; a failed condition (412, or 409 for an existing blob) is another writer's
    /// doing and becomes a <see cref="JournalConflictException"/>.</summary>
    private static async Task<T> Conditional<T>(string location, string what, Func<Task<T>> request)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new JournalConflictException(location, $"could not {what}: {e.ErrorCode ?? e.Status.ToString(CultureInfo.InvariantCulture)} (the blob is not as this writer last saw it)", e);
        }
    }

    private void Encode(ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
    {
        long total = 0;
        for (var i = 0; i < payloads.Length; i++)
        {
            if (payloads[i].Length > _options.MaxPayloadBytes)
            {
                throw new ArgumentException($"Record {i} of the batch has {payloads[i].Length} bytes, over the journal's limit of {_options.MaxPayloadBytes} (AzureBlobJournalOptions.MaxPayloadBytes).", nameof(payloads));
            }

            total += JournalFormat.RecordHeaderBytes + payloads[i].Length;
        }

        if (_pendingLength + total > Array.MaxLength)
        {
            throw new ArgumentException($"The batch ({total} bytes) and the {_pendingLength} bytes waiting to be committed exceed one commit's limit.", nameof(payloads));
        }

        if (_pending.Length < _pendingLength + total)
        {
            Array.Resize(ref _pending, (int)Math.Min(Array.MaxLength, Math.Max(_pendingLength + total, _pending.Length * 2L)));
        }

        var sequence = LastSequence;
        foreach (var payload in payloads)
        {
            _pendingLength += JournalFormat.WriteRecord(_pending.AsSpan(_pendingLength), ++sequence, payload.Span);
        }

        LastSequence = sequence;
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_pendingLength == 0)
        {
            return;
        }

        try
        {
            var calls = (_pendingLength + _options.MaxBlockBytes - 1) / _options.MaxBlockBytes;
            if (_length > JournalFormat.SegmentHeaderBytes && (_length + _pendingLength > _options.MaxSegmentBytes || _blocks + calls > _options.MaxBlocksPerSegment))
            {
                await Seal(_segment, SegmentLocation, _length, _etag, cancellationToken).ConfigureAwait(false);
                var first = CommittedSequence + 1;
                (_segment, _etag, _blocks) = await CreateSegment(_container, _escapedName, first, cancellationToken).ConfigureAwait(false);
                SegmentFirstSequence = first;
                _length = JournalFormat.SegmentHeaderBytes;
                BlockAppends++;
            }

            for (var offset = 0; offset < _pendingLength; offset += _options.MaxBlockBytes)
            {
                var count = Math.Min(_options.MaxBlockBytes, _pendingLength - offset);
                var conditions = new AppendBlobRequestConditions { IfMatch = _etag, IfAppendPositionEqual = _length };
                var appended = await Conditional(SegmentLocation, $"append {count} bytes at byte offset {_length} (ETag {_etag})", async () =>
                {
                    using var stream = new MemoryStream(_pending, offset, count, writable: false);
                    return (await _segment.AppendBlockAsync(stream, new AppendBlobAppendBlockOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false)).Value;
                }).ConfigureAwait(false);
                _etag = appended.ETag;
                _blocks = appended.BlobCommittedBlockCount;
                _length += count;
                BlockAppends++;
            }

            _pendingLength = 0;
            CommittedSequence = LastSequence;
        }
        catch (Exception e)
        {
            // Whatever failed (a refused condition, the storage unreachable after the SDK's retries, a cancellation), a
            // block may or may not have been committed: the journal's end is unknown until it is reopened.
            _fault = $"the commit of records {CommittedSequence + 1}..{LastSequence} to '{SegmentLocation}' (segment from sequence {SegmentFirstSequence}) failed: {e.Message}";
            if (e is IOException or OperationCanceledException)
            {
                throw;
            }

            throw AzureBlobJournalStore.StorageFailure($"Journal '{Name}' in '{Location}': {_fault}", e);
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is not null)
        {
            throw new InvalidOperationException($"Journal '{Name}' in '{Location}' refuses appends: {_fault}. Reopen it to recover.");
        }
    }
}
