namespace Quant.Orleans.Trading.Journal;

/// <summary>Reads the records of one segment held in memory and classifies what follows the last valid one: the
/// recovery rule of every journal store (a segment file, an append blob). Several segments in order:
/// <see cref="JournalSegmentChain"/>.</summary>
public static class JournalSegmentScanner
{
    /// <summary>What one segment holds.</summary>
    /// <param name="FirstSequence">The sequence its header names.</param>
    /// <param name="LastSequence">The last whole record's sequence (<c>FirstSequence − 1</c> when it has none).</param>
    /// <param name="Records">Whole records read.</param>
    /// <param name="ValidLength">Bytes up to the end of the last whole record (the header's length when none).</param>
    /// <param name="Torn">What follows the last whole record, when something does and it is a torn tail.</param>
    /// <param name="HeaderTorn">True when the segment's own header is incomplete (its creation did not finish).</param>
    public readonly record struct Result(long FirstSequence, long LastSequence, long Records, int ValidLength, JournalTornTail? Torn, bool HeaderTorn);

    /// <summary>
    /// Reads every record of a segment, in order, calling <paramref name="onRecord"/> for each. A record that is not
    /// whole and valid ends the scan: when it is a write cut short by the end of the file (see
    /// <see cref="JournalFormat.WhyNotTorn"/>: a header or payload cut short, or a zero-filled tail), no valid record
    /// follows it anywhere in the segment and the segment is the last one, it is a torn tail (reported, never
    /// delivered); otherwise — a complete record failing a checksum, non-zero garbage where a header should be — the
    /// segment is corrupted and this throws. The same holds for the segment header: only one shorter than
    /// <see cref="JournalFormat.SegmentHeaderBytes"/> or all zeros is an unfinished creation.
    /// </summary>
    /// <param name="path">The segment's file or blob (for messages and <see cref="JournalRecord.Path"/>).</param>
    /// <param name="data">The segment's bytes.</param>
    /// <param name="expectedFirst">The sequence the segment must start at, or 0 for any (the first segment).</param>
    /// <param name="isLast">True for the journal's last segment, the only one that may end in a torn tail.</param>
    /// <param name="maxPayloadBytes">Largest payload a record may declare.</param>
    /// <param name="onRecord">Receives each whole record; null to only check.</param>
    /// <exception cref="JournalCorruptedException">A bad header, a complete record failing a checksum, non-zero garbage
    /// where a record header should be, a bad record followed by a valid one, a torn record in a segment that is not
    /// the last, or a sequence gap; the message names the path and byte offset.</exception>
    /// <returns>What the segment holds.</returns>
    public static Result Scan(string path, ReadOnlySpan<byte> data, long expectedFirst, bool isLast, int maxPayloadBytes, Action<JournalRecord>? onRecord)
    {
        if (JournalFormat.ReadSegmentHeader(data, out var headerProblem) is not { } first)
        {
            // Only a header the end of the file cut short, or zeros, is a segment whose creation did not finish.
            var unfinished = data.Length < JournalFormat.SegmentHeaderBytes || !data.ContainsAnyExcept((byte)0);
            if (isLast && unfinished)
            {
                return new Result(expectedFirst, expectedFirst - 1, 0, 0, new JournalTornTail(path, 0, data.Length), HeaderTorn: true);
            }

            throw new JournalCorruptedException(path, 0, headerProblem!);
        }

        if (expectedFirst > 0 && first != expectedFirst)
        {
            throw new JournalCorruptedException(path, 0, $"the segment starts at sequence {first} but the previous segment ends at {expectedFirst - 1} (records are missing or out of order).");
        }

        var offset = JournalFormat.SegmentHeaderBytes;
        var expected = first;
        while (offset < data.Length)
        {
            var problem = JournalFormat.CheckRecord(data, offset, maxPayloadBytes, out var length, out var sequence);
            if (problem is not null)
            {
                if (JournalFormat.WhyNotTorn(data, offset, maxPayloadBytes) is { } damage)
                {
                    throw new JournalCorruptedException(path, offset, $"{problem}, and {damage}: this is damage to written (possibly acknowledged) data, not a write cut short by the end of the file; nothing was changed.");
                }

                var next = JournalFormat.FindValidRecordAfter(data, offset, maxPayloadBytes);
                if (next >= 0)
                {
                    throw new JournalCorruptedException(path, offset, $"{problem}, and a valid record follows at byte offset {next}, so this is damage in the middle of the journal, not a torn tail.");
                }

                if (!isLast)
                {
                    throw new JournalCorruptedException(path, offset, $"{problem}, at the end of a segment that is not the journal's last one.");
                }

                return new Result(first, expected - 1, expected - first, offset, new JournalTornTail(path, offset, data.Length - offset), HeaderTorn: false);
            }

            if (sequence != expected)
            {
                throw new JournalCorruptedException(path, offset, $"record with sequence {sequence} where {expected} was expected (a gap or a reordering).");
            }

            onRecord?.Invoke(new JournalRecord(sequence, data.Slice(offset + JournalFormat.RecordHeaderBytes, length).ToArray(), path, offset));
            offset += JournalFormat.RecordHeaderBytes + length;
            expected++;
        }

        return new Result(first, expected - 1, expected - first, offset, null, HeaderTorn: false);
    }
}
