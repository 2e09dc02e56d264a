namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// Journals as segment files in one folder (<see cref="FileJournal"/>: <c>{folder}/{name}.{firstSequence:D16}.qoj</c>),
/// on the disk of the machine that writes them: the store of a single silo, a replay or a test. Durability as
/// <see cref="FileJournal"/>: an append without a flush is written to the OS (survives a process kill), a flushed one is
/// <c>fsync</c>ed (survives a power loss); a torn tail is truncated. One writer per journal, kept out by an exclusive
/// lock file that the OS releases when the process dies. Thread-safe; holds no open files itself.
/// </summary>
public sealed class FileJournalStore : IJournalStore
{
    private readonly FileJournalOptions? _options;

    /// <summary>A store in <paramref name="directory"/> (created on the first open).</summary>
    /// <param name="directory">The folder of the segment files.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null, empty or blank.</exception>
    public FileJournalStore(string directory, FileJournalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _options = options;
    }

    /// <summary>The folder of the segment files (absolute).</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Describe(string name) => $"'{name}' in '{Directory}'";

    /// <inheritdoc />
    /// <remarks>Synchronous (<see cref="FileJournal.Open"/>); the returned task has completed.</remarks>
    public ValueTask<IRecordJournal> OpenAsync(string name, Action<JournalRecord>? onRecord, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IRecordJournal>(FileJournal.Open(Directory, name, onRecord, _options));
    }

    /// <inheritdoc />
    /// <remarks>Synchronous (<see cref="FileJournal.Read"/>); the returned task has completed.</remarks>
    public ValueTask<JournalScan> ReadAsync(string name, Action<JournalRecord> onRecord, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<JournalScan>(FileJournal.Read(Directory, name, onRecord, _options));
    }

    /// <inheritdoc />
    public override string ToString() => $"file journals in '{Directory}'";
}
