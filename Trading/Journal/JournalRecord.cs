namespace Quant.Orleans.Trading.Journal;

/// <summary>One record read back from a journal.</summary>
/// <param name="Sequence">Its sequence number: 1 for the journal's first record, then +1 per record, with no gaps.</param>
/// <param name="Payload">The bytes that were appended (a copy owned by the reader).</param>
/// <param name="Path">The segment file that holds it.</param>
/// <param name="Offset">Byte offset of the record's header in <paramref name="Path"/>.</param>
public readonly record struct JournalRecord(long Sequence, ReadOnlyMemory<byte> Payload, string Path, long Offset);

/// <summary>A last record cut short by the end of the journal's file (its header, or the payload its valid header
/// declares), or a tail of zero bytes — a write the process did not finish (killed, or power lost, before the flush
/// returned), so the record was never acknowledged. A complete record that fails its checksum is never a torn tail
/// (<see cref="JournalCorruptedException"/>).</summary>
/// <param name="Path">The segment file.</param>
/// <param name="Offset">Byte offset where the torn record starts (the file's valid length).</param>
/// <param name="Length">Bytes from <paramref name="Offset"/> to the end of the file that were discarded or ignored.</param>
public sealed record JournalTornTail(string Path, long Offset, long Length);

/// <summary>What reading a journal found.</summary>
/// <param name="Records">Whole, valid records read.</param>
/// <param name="FirstSequence">Sequence of the first record (0 when there is none).</param>
/// <param name="LastSequence">Sequence of the last whole record (0 when there is none).</param>
/// <param name="Segments">Segment files read, in order.</param>
/// <param name="TornTail">The torn last record, if there was one: truncated by <see cref="FileJournal.Open"/>, only
/// skipped by <see cref="FileJournal.Read"/> (a concurrent writer may still be writing it).</param>
public sealed record JournalScan(long Records, long FirstSequence, long LastSequence, IReadOnlyList<string> Segments, JournalTornTail? TornTail);

/// <summary>A journal cannot be read: a complete record (the last one included) fails its checksum, non-zero bytes
/// stand where a record header should be, a sequence number is missing or out of order, or a segment header is invalid. Nothing is skipped: the journal is left untouched for an operator, and
/// whoever recovers from it fails instead of starting from a state that silently lacks acknowledged records.</summary>
public sealed class JournalCorruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The segment file.</param>
    /// <param name="offset">Byte offset of the bad record or header.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="inner">A decoder's exception, if any.</param>
    public JournalCorruptedException(string path, long offset, string detail, Exception? inner = null)
        : base($"Corrupted journal '{path}' at byte offset {offset}: {detail}", inner)
    {
        Path = path;
        Offset = offset;
    }

    /// <summary>The segment file.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the bad record or header.</summary>
    public long Offset { get; }
}
