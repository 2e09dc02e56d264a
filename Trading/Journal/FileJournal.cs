using System.Globalization;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// An append-only journal of length-prefixed, checksummed, sequence-numbered records in segment files
/// <c>{folder}/{name}.{firstSequence:D16}.qoj</c> (layout in <c>docs/trading.md</c>, "Journal and recovery").
/// <para>Durability rule: <see cref="Append(ReadOnlySpan{ReadOnlyMemory{byte}}, bool)"/> writes a whole batch with
/// one write call and, unless told otherwise, flushes it to disk (<c>fsync</c>) before it returns — so whatever an
/// append returned for survives a process kill or a power loss, and a caller acknowledges only after it returns
/// (group commit: one flush per batch, e.g. per grain turn). A write or flush that fails leaves the file in an
/// unknown state, so the journal refuses further appends until it is reopened (and recovered).</para>
/// <para>Recovery rule (<see cref="Open"/>): every segment is read in order and every whole record handed to the
/// caller; a last record cut short by the end of the file (its header, or the payload its valid header declares), or
/// a tail of zero bytes, is a torn tail — a write that never returned, so never acknowledged — and is truncated and
/// reported in <see cref="Recovery"/>; anything else (a complete record whose header or payload checksum fails,
/// non-zero garbage where a header should be, a checksum mismatch followed by a valid record, a sequence gap, a bad
/// segment header) throws <see cref="JournalCorruptedException"/> naming the file and byte offset, and nothing is
/// changed or skipped: acknowledged data is never dropped.</para>
/// One writer per journal: <see cref="Open"/> holds an exclusive lock (<c>{name}.lock</c>) until disposed, which
/// the OS releases if the process dies. Readers (<see cref="Read"/>) may run at the same time, in any process, and
/// see only whole records. Thread-safe.
/// </summary>
public sealed partial class FileJournal : IDisposable
{
    private readonly FileJournalOptions _options;
    private readonly FileStream _lock;
    private readonly Lock _gate = new();
    private FileStream _segment;
    private long _segmentLength;
    private long _segmentFirst;
    private byte[] _buffer = new byte[64 * 1024];
    private bool _unflushed;
    private string? _fault;
    private bool _disposed;

    private FileJournal(string directory, string name, FileJournalOptions options, FileStream lockFile, FileStream segment, string segmentPath, long segmentFirst, long lastSequence, JournalScan recovery)
    {
        Directory = directory;
        Name = name;
        _options = options;
        _lock = lockFile;
        _segment = segment;
        SegmentPath = segmentPath;
        _segmentFirst = segmentFirst;
        _segmentLength = segment.Length;
        LastSequence = lastSequence;
        Recovery = recovery;
    }

    /// <summary>The folder that holds the segments.</summary>
    public string Directory { get; }

    /// <summary>The journal's name (segment files start with it, escaped).</summary>
    public string Name { get; }

    /// <summary>The segment now appended to.</summary>
    public string SegmentPath { get; private set; }

    /// <summary>Sequence of the last record appended (or recovered); 0 for an empty journal.</summary>
    public long LastSequence { get; private set; }

    /// <summary>What <see cref="Open"/> read: records, sequences, segments, and the torn tail it truncated, if any.</summary>
    public JournalScan Recovery { get; }

    /// <summary>Batches appended since opening.</summary>
    public long Appends { get; private set; }

    /// <summary>Records appended since opening.</summary>
    public long RecordsAppended { get; private set; }

    /// <summary>Bytes appended since opening (headers included).</summary>
    public long BytesAppended { get; private set; }

    /// <summary>Flushes to disk (<c>fsync</c>) since opening.</summary>
    public long Flushes { get; private set; }

    /// <summary>
    /// Opens (creating when absent) the journal <paramref name="name"/> in <paramref name="directory"/>, recovering it:
    /// each whole record goes to <paramref name="replay"/> in sequence order, a torn tail is truncated and reported in
    /// <see cref="Recovery"/>, and appends continue at the next sequence.
    /// </summary>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="name">Any text; it is escaped into file names.</param>
    /// <param name="replay">Receives every recovered record; its payload is a copy the caller may keep. An exception
    /// it throws aborts the open (and releases the lock).</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="JournalCorruptedException">The journal is damaged other than by a torn tail (e.g. its last
    /// record is complete but fails its checksum); the message names the file and byte offset; nothing is changed.</exception>
    /// <exception cref="IOException">Another writer holds the journal, or the file system failed.</exception>
    public static FileJournal Open(string directory, string name, Action<JournalRecord>? replay = null, FileJournalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new FileJournalOptions();
        options.Validate();
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        var escaped = JournalFormat.EscapeName(name);
        var lockPath = Path.Combine(directory, escaped + ".lock");
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"Journal '{name}' in '{directory}' is open by another writer (lock file '{lockPath}' is held).", e);
        }

        try
        {
            return Recover(directory, name, escaped, replay, options, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the journal without opening it for writing (a writer may be appending meanwhile, in this process or
    /// another): every whole record goes to <paramref name="onRecord"/>; a last record cut short by the end of the file
    /// (or a zero tail) is skipped and reported in the result's <see cref="JournalScan.TornTail"/> (it may still be
    /// being written), never delivered.
    /// </summary>
    /// <exception cref="JournalCorruptedException">Damage other than a torn tail, e.g. a complete record that fails
    /// its checksum.</exception>
    public static JournalScan Read(string directory, string name, Action<JournalRecord> onRecord, FileJournalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        options ??= new FileJournalOptions();
        directory = Path.GetFullPath(directory);
        var segments = ListSegments(directory, JournalFormat.EscapeName(name));
        return ScanAll(segments, options, onRecord, out _);
    }

    /// <summary>Appends one record; see <see cref="Append(ReadOnlySpan{ReadOnlyMemory{byte}}, bool)"/>.</summary>
    public long Append(ReadOnlyMemory<byte> payload, bool flushToDisk = true) => Append([payload], flushToDisk);

    /// <summary>
    /// Appends a batch: records <c>LastSequence + 1 ...</c> in order, written with one write call, then (when
    /// <paramref name="flushToDisk"/>) flushed to disk before returning. With <paramref name="flushToDisk"/> false the
    /// records reach the OS (they survive a process kill, not a power loss) and become durable with the next flush.
    /// An empty batch only flushes earlier unflushed records when asked to.
    /// </summary>
    /// <returns>The sequence of the batch's last record (<see cref="LastSequence"/>).</returns>
    /// <exception cref="ArgumentException">A payload is larger than <see cref="FileJournalOptions.MaxPayloadBytes"/>;
    /// nothing is written.</exception>
    /// <exception cref="InvalidOperationException">An earlier write or flush failed, or the journal is disposed.</exception>
    /// <exception cref="IOException">The write or the flush failed; the journal refuses appends from now on.</exception>
    public long Append(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, bool flushToDisk = true)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            long total = 0;
            for (var i = 0; i < payloads.Length; i++)
            {
                if (payloads[i].Length > _options.MaxPayloadBytes)
                {
                    throw new ArgumentException($"Record {i} of the batch has {payloads[i].Length} bytes, over the journal's limit of {_options.MaxPayloadBytes} (FileJournalOptions.MaxPayloadBytes).", nameof(payloads));
                }

                total += JournalFormat.RecordHeaderBytes + payloads[i].Length;
            }

            if (payloads.Length > 0)
            {
                if (_segmentLength > JournalFormat.SegmentHeaderBytes && _segmentLength + total > _options.MaxSegmentBytes)
                {
                    StartSegmentCore();
                }

                if (_buffer.Length < total)
                {
                    _buffer = new byte[Math.Max(total, _buffer.Length * 2L)];
                }

                var written = 0;
                var sequence = LastSequence;
                foreach (var payload in payloads)
                {
                    written += JournalFormat.WriteRecord(_buffer.AsSpan(written), ++sequence, payload.Span);
                }

                Guard(() => _segment.Write(_buffer, 0, written), "write");
                _segmentLength += written;
                _unflushed = true;
                LastSequence = sequence;
                Appends++;
                RecordsAppended += payloads.Length;
                BytesAppended += written;
            }

            if (flushToDisk && _unflushed)
            {
                FlushCore();
            }

            return LastSequence;
        }
    }

    /// <summary>Flushes records appended without a flush to disk (no-op when there are none).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_unflushed)
            {
                FlushCore();
            }
        }
    }

    /// <summary>
    /// Seals the current segment (flushed to disk) and starts a new one at the next sequence, e.g. at the start of a
    /// trading day, so old days can be archived whole. Does nothing when the current segment has no records.
    /// </summary>
    /// <returns>True when a new segment was started.</returns>
    public bool StartSegment()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_segmentLength <= JournalFormat.SegmentHeaderBytes)
            {
                return false;
            }

            StartSegmentCore();
            return true;
        }
    }

    /// <summary>Flushes what is unflushed and releases the files and the writer lock.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (_unflushed && _fault is null)
                {
                    _segment.Flush(flushToDisk: true);
                }
            }
            finally
            {
                _segment.Dispose();
                _lock.Dispose();
            }
        }
    }

    private static FileJournal Recover(string directory, string name, string escaped, Action<JournalRecord>? replay, FileJournalOptions options, FileStream lockFile)
    {
        var segments = ListSegments(directory, escaped);
        var scan = ScanAll(segments, options, replay, out var last);
        var open = options.OpenSegmentStream ?? DefaultOpen;
        if (last is { HeaderTorn: true })
        {
            // The last segment's creation did not finish (it holds no record): remove it and start it again.
            File.Delete(segments[^1].Path);
            DirectorySync.Flush(directory);
            last = null;
        }

        FileStream stream;
        string path;
        long first;
        if (last is { } tail)
        {
            path = segments[^1].Path;
            first = tail.FirstSequence;
            stream = open(path, FileMode.Open);
            if (tail.Torn is not null)
            {
                stream.SetLength(tail.ValidLength);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
        }
        else
        {
            first = scan.LastSequence + 1;
            path = Path.Combine(directory, JournalFormat.SegmentFileName(escaped, first));
            stream = CreateSegment(open, path, first, directory);
        }

        var paths = scan.Segments;
        if (!paths.Contains(path))
        {
            paths = [.. paths, path];
        }

        return new FileJournal(directory, name, options, lockFile, stream, path, first, scan.LastSequence, scan with { Segments = paths });
    }

    private static JournalScan ScanAll(IReadOnlyList<(long First, string Path)> segments, FileJournalOptions options, Action<JournalRecord>? onRecord, out JournalSegmentScanner.Result? last)
    {
        last = null;
        var chain = new JournalSegmentChain(options.MaxPayloadBytes, onRecord);
        for (var i = 0; i < segments.Count; i++)
        {
            var path = segments[i].Path;
            last = chain.Add(path, ReadShared(path), tornTailAllowed: i == segments.Count - 1);
        }

        return chain.ToScan();
    }

    private static List<(long First, string Path)> ListSegments(string directory, string escaped)
    {
        var list = new List<(long, string)>();
        if (!System.IO.Directory.Exists(directory))
        {
            return list;
        }

        var prefix = escaped + ".";
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, prefix + "*" + JournalFormat.Extension))
        {
            var file = Path.GetFileName(path);
            var middle = file[prefix.Length..^JournalFormat.Extension.Length];
            if (middle.Length == 16 && long.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                list.Add((first, path));
            }
        }

        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    /// <summary>Reads a whole file that a writer may be appending to (what it holds at the moment of reading).</summary>
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length > int.MaxValue)
        {
            throw new JournalCorruptedException(path, int.MaxValue, $"the segment has {length} bytes, more than a segment may hold.");
        }

        var data = new byte[length];
        var read = 0;
        while (read < data.Length)
        {
            var n = stream.Read(data, read, data.Length - read);
            if (n == 0)
            {
                return data[..read];
            }

            read += n;
        }

        return data;
    }

    private static FileStream DefaultOpen(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.None);

    private static FileStream CreateSegment(Func<string, FileMode, FileStream> open, string path, long firstSequence, string directory)
    {
        var stream = open(path, FileMode.CreateNew);
        try
        {
            Span<byte> header = stackalloc byte[JournalFormat.SegmentHeaderBytes];
            JournalFormat.WriteSegmentHeader(header, firstSequence);
            stream.Write(header);
            stream.Flush(flushToDisk: true);
            DirectorySync.Flush(directory);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void StartSegmentCore()
    {
        if (_unflushed)
        {
            FlushCore();
        }

        var first = LastSequence + 1;
        var path = Path.Combine(Directory, JournalFormat.SegmentFileName(JournalFormat.EscapeName(Name), first));
        FileStream? next = null;
        Guard(() => next = CreateSegment(_options.OpenSegmentStream ?? DefaultOpen, path, first, Directory), "start of a new segment");
        _segment.Dispose();
        _segment = next!;
        _segmentFirst = first;
        _segmentLength = JournalFormat.SegmentHeaderBytes;
        SegmentPath = path;
    }

    private void FlushCore()
    {
        Guard(() => _segment.Flush(flushToDisk: true), "flush to disk");
        _unflushed = false;
        Flushes++;
    }

    private void Guard(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _fault = $"the {what} of '{SegmentPath}' (segment from sequence {_segmentFirst}) failed after sequence {LastSequence}: {e.Message}";
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is not null)
        {
            throw new InvalidOperationException($"Journal '{Name}' in '{Directory}' refuses appends: {_fault}. Reopen it to recover.");
        }
    }
}
