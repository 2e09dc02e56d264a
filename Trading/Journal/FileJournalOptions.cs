namespace Quant.Orleans.Trading.Journal;

/// <summary>Limits of a <see cref="FileJournal"/>.</summary>
public sealed class FileJournalOptions
{
    /// <summary>Largest payload of one record, bytes (default 16 MiB; at most 1 GiB).</summary>
    public int MaxPayloadBytes { get; init; } = 16 << 20;

    /// <summary>A segment that would grow past this many bytes is sealed and a new one started (default 256 MiB;
    /// segments are read whole during recovery, so this bounds the memory recovery needs).</summary>
    public int MaxSegmentBytes { get; init; } = 256 << 20;

    /// <summary>Opens a segment file for appending (tests substitute a stream that records the calls).</summary>
    internal Func<string, FileMode, FileStream>? OpenSegmentStream { get; init; }

    internal void Validate()
    {
        if (MaxPayloadBytes is < 1 or > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadBytes), MaxPayloadBytes, "MaxPayloadBytes must be in [1, 2^30].");
        }

        if (MaxSegmentBytes < JournalFormat.SegmentHeaderBytes + JournalFormat.RecordHeaderBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSegmentBytes), MaxSegmentBytes, $"MaxSegmentBytes must be at least {JournalFormat.SegmentHeaderBytes + JournalFormat.RecordHeaderBytes}.");
        }
    }
}
