namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// One journal open for writing (<see cref="IJournalStore.OpenAsync"/>): sequence-numbered records appended in
/// batches. Durability has three levels, and a caller acknowledges only what reached the level it needs:
/// <list type="bullet">
/// <item><see cref="AppendUnflushed"/>: sequences are assigned at once; the file store writes the records to the OS
/// (they survive a process kill, not a power loss), the blob store keeps them in memory until the next
/// <see cref="AppendAsync"/> or flush (they are lost with a killed process). For what may be lost: replay progress,
/// equity points.</item>
/// <item><see cref="AppendAsync"/> with <c>flush</c> false: when it returns the batch (and every record appended
/// before it) survives a process kill — the file store has written it to the OS, the blob store has committed it, as
/// it commits every append. For write-ahead records (orders before the venue sees them).</item>
/// <item><see cref="AppendAsync"/> with <c>flush</c> true, <see cref="FlushAsync"/>: durable, also against a power
/// loss (the file store: <c>fsync</c>; the blob store: committed by Azure). For what is acknowledged.</item>
/// </list>
/// A failed write leaves the journal's end unknown, so the journal refuses every later append until it is reopened and
/// recovered. One caller at a time.
/// </summary>
public interface IRecordJournal : IDisposable, IAsyncDisposable
{
    /// <summary>Where the journal lives (a folder, a container and prefix), for messages.</summary>
    string Location { get; }

    /// <summary>Sequence of the last record appended (buffered ones included) or recovered; 0 for an empty journal.</summary>
    long LastSequence { get; }

    /// <summary>What the open read: records, sequences, segments, and the torn tail it dealt with, if any.</summary>
    JournalScan Recovery { get; }

    /// <summary>Appends a batch (records <c>LastSequence + 1 ...</c>) without waiting for it to be durable: see the
    /// type's levels. An empty batch does nothing.</summary>
    /// <returns>The sequence of the batch's last record (<see cref="LastSequence"/>).</returns>
    /// <exception cref="ArgumentException">A payload is over the store's limit; nothing is appended.</exception>
    /// <exception cref="InvalidOperationException">An earlier write failed, or the journal is disposed.</exception>
    /// <exception cref="IOException">The write failed (the file store); the journal refuses appends from now on.</exception>
    long AppendUnflushed(ReadOnlySpan<ReadOnlyMemory<byte>> payloads);

    /// <summary>Appends a batch (records <c>LastSequence + 1 ...</c>) together with the records appended unflushed
    /// before it, and returns once they reach the level <paramref name="flush"/> asks for (see the type). An empty
    /// batch writes only what is unflushed, and flushes only when asked to.</summary>
    /// <returns>The sequence of the batch's last record (<see cref="LastSequence"/>).</returns>
    /// <exception cref="ArgumentException">A payload is over the store's limit; nothing is appended.</exception>
    /// <exception cref="InvalidOperationException">An earlier write failed, or the journal is disposed.</exception>
    /// <exception cref="JournalConflictException">Another writer has taken the journal over; nothing of this batch
    /// was written, and the journal refuses appends from now on.</exception>
    /// <exception cref="IOException">The write or the flush failed; the journal refuses appends from now on.</exception>
    ValueTask<long> AppendAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> payloads, bool flush, CancellationToken cancellationToken = default);

    /// <summary>Makes every record appended so far durable (no-op when there is nothing to flush). Blocks the thread on
    /// the store's I/O; in a grain use <see cref="FlushAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">An earlier write failed, or the journal is disposed.</exception>
    /// <exception cref="IOException">The flush failed (<see cref="JournalConflictException"/>: another writer took
    /// the journal over); the journal refuses appends from now on.</exception>
    void Flush();

    /// <summary>Makes every record appended so far durable (no-op when there is nothing to flush).</summary>
    /// <exception cref="InvalidOperationException">An earlier write failed, or the journal is disposed.</exception>
    /// <exception cref="IOException">The flush failed (<see cref="JournalConflictException"/>: another writer took
    /// the journal over); the journal refuses appends from now on.</exception>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Confirms that this writer still holds the journal, before it vouches for the journal's state (e.g. by
    /// writing a snapshot that covers <see cref="LastSequence"/> entries): the file store's lock holds it for the
    /// process's life, so it only checks that no write failed; the blob store asks Azure whether the segment is still
    /// as this writer left it.</summary>
    /// <exception cref="InvalidOperationException">An earlier write failed, or the journal is disposed.</exception>
    /// <exception cref="JournalConflictException">Another writer has taken the journal over; the journal refuses
    /// appends from now on.</exception>
    /// <exception cref="IOException">The storage failed.</exception>
    ValueTask ConfirmWriterAsync(CancellationToken cancellationToken = default);
}
