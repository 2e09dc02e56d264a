namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// Where journals live: a folder of segment files (<see cref="FileJournalStore"/>, one silo's disk) or a container of
/// append blobs (the silo's Azure Blob store, which any silo of a cluster reaches). Every store writes the same bytes
/// (<see cref="JournalFormat"/>) and recovers them by the same rules (<see cref="JournalSegmentChain"/>): whole records
/// are handed over in sequence order, a record cut short by the end of the last segment (a write that never returned)
/// is a torn tail, and anything else that fails a check is refused with <see cref="JournalCorruptedException"/> naming
/// the segment and byte offset, nothing changed. Thread-safe; one writer per journal at a time (how a store keeps a
/// second writer out is its own rule, documented on it).
/// </summary>
public interface IJournalStore
{
    /// <summary>Where the journal <paramref name="name"/> lives, for messages (a folder, a container and prefix).</summary>
    /// <param name="name">Any text; stores escape it.</param>
    string Describe(string name);

    /// <summary>
    /// Opens the journal <paramref name="name"/> for writing, creating it when absent, and recovers it: every whole
    /// record goes to <paramref name="onRecord"/> in sequence order, a torn tail is dealt with by the store's rule and
    /// reported in <see cref="IRecordJournal.Recovery"/>, and appends continue at the next sequence.
    /// </summary>
    /// <param name="name">Any text; stores escape it.</param>
    /// <param name="onRecord">Receives every recovered record (its payload a copy the caller may keep); null to only
    /// check. An exception it throws aborts the open and releases the journal.</param>
    /// <param name="cancellationToken">Cancels the open (nothing is appended by an open that did not finish).</param>
    /// <returns>The journal, owned by the caller (dispose it to release it).</returns>
    /// <exception cref="JournalCorruptedException">The journal is damaged other than by a torn tail; nothing is
    /// changed.</exception>
    /// <exception cref="IOException">Another writer holds the journal (<see cref="JournalConflictException"/> when a
    /// store detects it by a conflicting change), or the storage failed.</exception>
    ValueTask<IRecordJournal> OpenAsync(string name, Action<JournalRecord>? onRecord, CancellationToken cancellationToken = default);

    /// <summary>Reads the journal <paramref name="name"/> without opening it for writing (a writer may be appending
    /// meanwhile): every whole record goes to <paramref name="onRecord"/>; a torn tail is skipped and reported in the
    /// result (it may still be being written), never delivered; nothing is changed. An absent journal has no records.</summary>
    /// <exception cref="JournalCorruptedException">Damage other than a torn tail.</exception>
    /// <exception cref="IOException">The storage failed.</exception>
    ValueTask<JournalScan> ReadAsync(string name, Action<JournalRecord> onRecord, CancellationToken cancellationToken = default);
}
