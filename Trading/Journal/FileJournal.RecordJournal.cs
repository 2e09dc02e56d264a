namespace Quant.Orleans.Trading.Journal;

/// <content>The file journal as an <see cref="IRecordJournal"/> (what <see cref="FileJournalStore"/> opens): every
/// operation is <see cref="FileJournal"/>'s own, synchronous, so the asynchronous ones complete before they return.</content>
public sealed partial class FileJournal : IRecordJournal
{
    /// <summary>The folder that holds the segments.</summary>
    string IRecordJournal.Location => Directory;

    /// <summary>Writes the batch to the OS with one write call, without a flush (<see cref="Append(ReadOnlySpan{ReadOnlyMemory{byte}}, bool)"/>
    /// with <c>flushToDisk</c> false): it survives a process kill, not a power loss.</summary>
    long IRecordJournal.AppendUnflushed(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) =>
        payloads.IsEmpty ? LastSequence : Append(payloads, flushToDisk: false);

    /// <summary><see cref="Append(ReadOnlySpan{ReadOnlyMemory{byte}}, bool)"/>, completed before it returns.</summary>
    ValueTask<long> IRecordJournal.AppendAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> payloads, bool flush, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<long>(Append(payloads.Span, flush));
    }

    /// <summary><see cref="Flush"/>, completed before it returns.</summary>
    ValueTask IRecordJournal.FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return ValueTask.CompletedTask;
    }

    /// <summary>The lock file keeps every other writer out while this journal is open: only checks that the journal is
    /// usable (open, no failed write); completed before it returns.</summary>
    ValueTask IRecordJournal.ConfirmWriterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfUnusable();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary><see cref="Dispose"/>, completed before it returns.</summary>
    ValueTask IAsyncDisposable.DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
