using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// How an <see cref="AzureBlobJournalStore"/> lays a journal out in its container and reads it back: one append blob
/// per segment, <c>{escapedName}/{firstSequence:D16}.qoj</c>, holding exactly a segment file's bytes
/// (<see cref="JournalFormat"/>), scanned by the file journal's rules (<see cref="JournalSegmentChain"/>). Two blob
/// metadata entries carry what an append blob cannot say with its bytes: <see cref="SealedAtKey"/> (the segment ends at
/// that byte offset: a new segment took over there, after a roll-over or a torn tail that cannot be truncated) and
/// <see cref="WriterKey"/> (the writer that took the segment over; setting it changes the blob's ETag, which fences
/// the previous writer).
/// </summary>
internal static class AzureBlobJournalSegments
{
    /// <summary>Metadata key: the byte offset at which the segment ends; the next segment continues the sequence.</summary>
    public const string SealedAtKey = "qojsealedat";

    /// <summary>Metadata key: the id of the writer that took the segment over at its open.</summary>
    public const string WriterKey = "qojwriter";

    /// <summary>The blob name of a segment.</summary>
    public static string BlobName(string escapedName, long firstSequence) =>
        $"{escapedName}/{firstSequence.ToString("D16", CultureInfo.InvariantCulture)}{JournalFormat.Extension}";

    /// <summary>The journal's segments in the container, by first sequence; none when the container is missing.</summary>
    public static async Task<List<(long First, string Name)>> ListAsync(BlobContainerClient container, string escapedName, CancellationToken cancellationToken)
    {
        var prefix = escapedName + "/";
        var list = new List<(long, string)>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                var rest = item.Name[prefix.Length..];
                if (rest.Length == 16 + JournalFormat.Extension.Length && rest.EndsWith(JournalFormat.Extension, StringComparison.Ordinal)
                    && long.TryParse(rest.AsSpan(0, 16), NumberStyles.None, CultureInfo.InvariantCulture, out var first))
                {
                    list.Add((first, item.Name));
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return list; // no container: no journal
        }

        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    /// <summary>
    /// Downloads and scans every segment in order. A segment sealed at an offset (<see cref="SealedAtKey"/>) must end
    /// there: its records end exactly at that offset, and whatever follows is a torn tail (a batch cut short by a
    /// crash, left in place because an append blob cannot be truncated). Other segments follow the file journal's
    /// rules: only the last may end in a torn tail or be an unfinished creation.
    /// </summary>
    /// <returns>The chain (records handed over, the scan) and the last segment, if any.</returns>
    /// <exception cref="JournalCorruptedException">Damage; the message names the container, blob and byte offset.</exception>
    public static async Task<(JournalSegmentChain Chain, BlobSegmentState? Last)> ScanAsync(
        BlobContainerClient container, IReadOnlyList<(long First, string Name)> segments, int maxPayloadBytes, Action<JournalRecord>? onRecord, CancellationToken cancellationToken)
    {
        var chain = new JournalSegmentChain(maxPayloadBytes, onRecord);
        BlobSegmentState? last = null;
        for (var i = 0; i < segments.Count; i++)
        {
            var (first, name) = segments[i];
            var location = Location(container, name);
            var blob = container.GetBlobClient(name);
            var download = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            var details = download.Details;
            if (details.BlobType != BlobType.Append)
            {
                throw new JournalCorruptedException(location, 0, $"the segment is a {details.BlobType} blob, not an append blob; nothing was changed.");
            }

            var data = download.Content.ToMemory();
            var sealedAt = SealedAt(details.Metadata, location);
            var result = chain.Add(location, data.Span, tornTailAllowed: i == segments.Count - 1 || sealedAt is not null);
            if (sealedAt is { } end && (result.HeaderTorn || result.ValidLength != end))
            {
                throw new JournalCorruptedException(location, result.ValidLength, $"the segment was sealed at byte offset {end} but its records end at byte offset {result.ValidLength}; nothing was changed.");
            }

            if (!result.HeaderTorn && result.FirstSequence != first)
            {
                throw new JournalCorruptedException(location, 0, $"the blob's name says the segment starts at sequence {first}, its header says {result.FirstSequence}; nothing was changed.");
            }

            last = new BlobSegmentState(name, location, details.ETag, data.Length, details.BlobCommittedBlockCount, sealedAt, result);
        }

        return (chain, last);
    }

    /// <summary>The <c>{container}/{blob}</c> text that names a segment in messages and <see cref="JournalRecord.Path"/>.</summary>
    public static string Location(BlobContainerClient container, string blobName) => $"{container.Name}/{blobName}";

    private static long? SealedAt(IDictionary<string, string> metadata, string location)
    {
        if (!metadata.TryGetValue(SealedAtKey, out var text))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < JournalFormat.SegmentHeaderBytes)
        {
            throw new JournalCorruptedException(location, 0, $"its metadata {SealedAtKey}='{text}' is not a byte offset of a record boundary; nothing was changed.");
        }

        return value;
    }
}

/// <summary>What a scan found of a journal's last segment blob.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="Location">The <c>{container}/{blob}</c> text.</param>
/// <param name="ETag">The ETag of the bytes scanned (a condition of the next change).</param>
/// <param name="Length">The blob's length, bytes.</param>
/// <param name="Blocks">Committed blocks.</param>
/// <param name="SealedAt">Where the segment was sealed, if it was.</param>
/// <param name="Result">The scanner's result.</param>
internal sealed record BlobSegmentState(string Name, string Location, ETag ETag, int Length, int Blocks, long? SealedAt, JournalSegmentScanner.Result Result);
