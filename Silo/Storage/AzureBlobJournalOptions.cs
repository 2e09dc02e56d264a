using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Storage;

/// <summary>Limits of an <see cref="AzureBlobJournalStore"/>'s journals.</summary>
public sealed class AzureBlobJournalOptions
{
    /// <summary>Azure's limit on the bytes of one <c>Append Block</c> call (4 MiB in the service versions Azurite
    /// implements).</summary>
    public const int AzureMaxBlockBytes = 4 << 20;

    /// <summary>Azure's limit on the committed blocks of one append blob.</summary>
    public const int AzureMaxBlocks = 50_000;

    /// <summary>Largest payload of one record, bytes (default 16 MiB, as the file journal; at most 1 GiB).</summary>
    public int MaxPayloadBytes { get; init; } = 16 << 20;

    /// <summary>A segment that would grow past this many bytes is sealed and a new one started (default 256 MiB, as
    /// the file journal; recovery downloads each segment whole, so this bounds its memory).</summary>
    public int MaxSegmentBytes { get; init; } = 256 << 20;

    /// <summary>Bytes per <c>Append Block</c> call: a larger commit is split into several calls (default and at most
    /// <see cref="AzureMaxBlockBytes"/>; tests set less to exercise the split).</summary>
    public int MaxBlockBytes { get; init; } = AzureMaxBlockBytes;

    /// <summary>Blocks per segment: a commit that would pass it starts a new segment first (default and at most
    /// <see cref="AzureMaxBlocks"/>, the header's block included; tests set less to exercise the roll-over).</summary>
    public int MaxBlocksPerSegment { get; init; } = AzureMaxBlocks;

    /// <summary>Checks the limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range; the message names it.</exception>
    public void Validate()
    {
        if (MaxPayloadBytes is < 1 or > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadBytes), MaxPayloadBytes, "MaxPayloadBytes must be in [1, 2^30].");
        }

        if (MaxSegmentBytes < JournalFormat.SegmentHeaderBytes + JournalFormat.RecordHeaderBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSegmentBytes), MaxSegmentBytes, $"MaxSegmentBytes must be at least {JournalFormat.SegmentHeaderBytes + JournalFormat.RecordHeaderBytes}.");
        }

        if (MaxBlockBytes is < JournalFormat.SegmentHeaderBytes or > AzureMaxBlockBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBlockBytes), MaxBlockBytes, $"MaxBlockBytes must be in [{JournalFormat.SegmentHeaderBytes}, {AzureMaxBlockBytes}] (Azure's Append Block limit).");
        }

        if (MaxBlocksPerSegment is < 2 or > AzureMaxBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBlocksPerSegment), MaxBlocksPerSegment, $"MaxBlocksPerSegment must be in [2, {AzureMaxBlocks}] (Azure's append blob limit).");
        }
    }
}
