using System.Globalization;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Engine.Records;

/// <summary>
/// Appends delivered market events with their lineage to day-record files (<see cref="DayRecordFormat"/>): one file
/// per trading day (<see cref="EventOrigin.Day"/>) and symbol, one line per event, the line's sequence being
/// <see cref="EventOrigin.DaySequence"/>.
/// <para>Append-only and crash-safe: lines are buffered and written to the file at <see cref="Flush"/> (call it at
/// every batch boundary, before the batch's progress is committed elsewhere); <see cref="Dispose"/> flushes and forces
/// the files to disk. A file that exists when its day is first written to is resumed: its header must match this
/// writer's (regime, feed, symbol, day), a torn last line (no line end, from a crash mid-write) is truncated with a
/// warning, the last complete line's sequence is read back, and events up to it are skipped, so a replay that resumes
/// before that point neither duplicates nor loses events. An event whose day sequence is more than one past the
/// file's last (events that would be missing) is refused.</para>
/// <para>Not thread-safe. At most one file per symbol is open (a symbol's next day closes its previous one).</para>
/// </summary>
public sealed class DayRecordWriter : IDisposable
{
    private readonly Dictionary<Symbol, DayFile> _open = [];
    private readonly Action<string> _warn;
    private readonly char[] _line = new char[512];
    private bool _disposed;

    /// <summary>Creates a writer; no file is touched until the first <see cref="Append"/>.</summary>
    /// <param name="root">The records folder; day folders are created under it.</param>
    /// <param name="regime">Live production data or a maintenance replay (written in every header).</param>
    /// <param name="feed">The feed's name, e.g. <c>lean-tick</c> (see <see cref="DayRecordFormat.IsValidFeed"/>).</param>
    /// <param name="warn">Receives warnings (a truncated torn line); null ignores them.</param>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty or <paramref name="feed"/> is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="regime"/> is <see cref="DataRegime.Mixed"/>.</exception>
    public DayRecordWriter(string root, DataRegime regime, string feed, Action<string>? warn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _ = DayRecordFormat.RegimeName(regime);
        if (!DayRecordFormat.IsValidFeed(feed))
        {
            throw new ArgumentException($"Feed '{feed}' must be 1..64 ASCII letters, digits and . _ - : /.", nameof(feed));
        }

        Root = Path.GetFullPath(root);
        Regime = regime;
        Feed = feed;
        _warn = warn ?? (static _ => { });
    }

    /// <summary>The records folder (absolute).</summary>
    public string Root { get; }

    /// <summary>The regime in every header.</summary>
    public DataRegime Regime { get; }

    /// <summary>The feed in every header.</summary>
    public string Feed { get; }

    /// <summary>Lines appended by this writer.</summary>
    public long Written { get; private set; }

    /// <summary>Events skipped because their file already held their sequence (a resumed replay).</summary>
    public long Skipped { get; private set; }

    /// <summary>Appends <paramref name="events"/> (origin i belongs to event i), all stamped with
    /// <paramref name="arrival"/>, to their files' buffers. Events of a symbol must come in day-sequence order.</summary>
    /// <param name="events">Delivered events, any mix of symbols.</param>
    /// <param name="origins">Their lineage, same length.</param>
    /// <param name="arrival">UTC wall-clock time at which the feed delivered them.</param>
    /// <param name="quality">Quality status of every event of the call (<see cref="DayRecordFormat.Accepted"/> for a
    /// feed whose filter quarantines every flagged record).</param>
    /// <exception cref="ArgumentException">The spans differ in length, the quality is neither accepted nor a
    /// <c>QualityReason</c>, a trade's exchange is not 1..16 letters or digits, or an origin's source file is empty or has a
    /// ',' or a line end.</exception>
    /// <exception cref="InvalidOperationException">An event's day sequence leaves a gap after its file's last line,
    /// or an existing file's header does not match this writer (the message names the file and the field).</exception>
    /// <exception cref="MarketDataFormatException">An existing file's last complete line is malformed.</exception>
    public void Append(ReadOnlySpan<MarketEvent> events, ReadOnlySpan<EventOrigin> origins, UnixNanos arrival, string quality = DayRecordFormat.Accepted)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (events.Length != origins.Length)
        {
            throw new ArgumentException($"Got {events.Length} events and {origins.Length} origins; each event needs its origin.", nameof(origins));
        }

        if (quality != DayRecordFormat.Accepted && !Enum.GetNames<MarketData.Quality.QualityReason>().Contains(quality, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Quality '{quality}' must be '{DayRecordFormat.Accepted}' or a QualityReason name.", nameof(quality));
        }

        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            ref readonly var origin = ref origins[i];
            var file = FileFor(e.Symbol, origin.Day);
            if (origin.DaySequence <= file.LastSequence)
            {
                Skipped++;
                continue;
            }

            if (origin.DaySequence != file.LastSequence + 1)
            {
                throw new InvalidOperationException(
                    $"{file.Path}: the next event of {e.Symbol} has day sequence {origin.DaySequence}, but the file ends at {file.LastSequence}; events {file.LastSequence + 1}..{origin.DaySequence - 1} would be missing (record a day from its start, into a fresh folder).");
            }

            WriteLine(file, e, origin, arrival, quality);
            file.LastSequence = origin.DaySequence;
            Written++;
        }
    }

    /// <summary>Writes every buffered line to its file (the operating system has them after this returns, so a
    /// crash of this process loses none).</summary>
    public void Flush()
    {
        foreach (var file in _open.Values)
        {
            file.Text.Flush();
        }
    }

    /// <summary>Flushes, forces the files to disk and closes them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var file in _open.Values)
        {
            file.Close();
        }

        _open.Clear();
    }

    private DayFile FileFor(Symbol symbol, DateOnly day)
    {
        if (_open.TryGetValue(symbol, out var file))
        {
            if (file.Day == day)
            {
                return file;
            }

            file.Close();
            _open.Remove(symbol);
        }

        file = Open(symbol, day);
        _open[symbol] = file;
        return file;
    }

    private DayFile Open(Symbol symbol, DateOnly day)
    {
        var path = DayRecordFormat.PathOf(Root, day, symbol);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = DayRecordFormat.Header(Regime, Feed, symbol, day) + "\n" + DayRecordFormat.Columns + "\n";
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        try
        {
            var last = Recover(stream, path, Encoding.ASCII.GetBytes(header));
            stream.Seek(0, SeekOrigin.End);
            var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n", AutoFlush = false };
            if (stream.Length == 0)
            {
                text.Write(header);
            }

            return new DayFile(path, day, text, last);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Checks an existing file's header, truncates a torn last line and returns the last line's sequence
    /// (-1 when only the header is there). An empty file, or one cut inside its header, is emptied (it holds no event).</summary>
    private long Recover(FileStream stream, string path, byte[] header)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return -1;
        }

        var head = new byte[(int)Math.Min(length, header.Length)];
        stream.Position = 0;
        stream.ReadExactly(head);
        if (length <= header.Length && head.AsSpan().SequenceEqual(header.AsSpan(0, head.Length)))
        {
            if (length < header.Length)
            {
                _warn($"{path}: the file was cut inside its header ({length} of {header.Length} bytes); it is rewritten.");
                stream.SetLength(0);
            }

            return -1;
        }

        if (!head.AsSpan().SequenceEqual(header))
        {
            throw new InvalidOperationException($"{path} was written by another writer: {HeaderDifference(stream, path)}; record into another folder.");
        }

        // The tail: the last '\n' ends the last complete line; anything after it is a torn line. When the tail starts
        // right after the header, its start is a line start too.
        var tailLength = (int)Math.Min(length - header.Length, 1 << 16);
        var tailStartsAtHeader = length - tailLength == header.Length;
        var tail = new byte[tailLength];
        stream.Position = length - tailLength;
        stream.ReadExactly(tail);
        var lastNewline = tail.AsSpan().LastIndexOf((byte)'\n');
        if (lastNewline < 0 && !tailStartsAtHeader)
        {
            throw new MarketDataFormatException(path, null, 0, $"no line end in the last {tailLength} bytes: not a day-record file this writer can resume");
        }

        if (lastNewline < tailLength - 1)
        {
            var torn = tailLength - 1 - lastNewline;
            stream.SetLength(length - torn);
            _warn($"{path}: truncated a torn last line ({torn} bytes without a line end, from an interrupted write).");
            length -= torn;
        }

        if (length == header.Length)
        {
            return -1;
        }

        var previousNewline = tail.AsSpan(0, lastNewline).LastIndexOf((byte)'\n');
        if (previousNewline < 0 && !tailStartsAtHeader)
        {
            throw new MarketDataFormatException(path, null, 0, $"the last line is longer than {tailLength} bytes");
        }

        // Read the last line back through the reader's checks (it must parse; its sequence is where appending resumes).
        var lastLine = Encoding.UTF8.GetString(tail, previousNewline + 1, lastNewline - previousNewline - 1);
        var comma = lastLine.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0 || !long.TryParse(lastLine.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new MarketDataFormatException(path, null, CountLines(stream, length), $"the last line's field 1 (sequence) is not an integer: '{(lastLine.Length <= 64 ? lastLine : lastLine[..64] + "…")}'");
        }

        var lines = CountLines(stream, length);
        if (sequence != lines - 3)
        {
            throw new MarketDataFormatException(path, null, lines, $"the last line's sequence is {sequence}, but it is data line {lines - 2} (sequences run 0, 1, 2, … from line 3)");
        }

        return sequence;
    }

    /// <summary>Line ends in the first <paramref name="length"/> bytes.</summary>
    private static long CountLines(FileStream stream, long length)
    {
        var buffer = new byte[1 << 16];
        stream.Position = 0;
        long lines = 0;
        var remaining = length;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                break;
            }

            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            remaining -= read;
        }

        return lines;
    }

    private string HeaderDifference(FileStream stream, string path)
    {
        stream.Position = 0;
        var first = new byte[Math.Min(stream.Length, 512)];
        stream.ReadExactly(first);
        var end = first.AsSpan().IndexOf((byte)'\n');
        var line = Encoding.UTF8.GetString(first, 0, end < 0 ? first.Length : end);
        DayRecordHeader found;
        try
        {
            found = DayRecordHeader.Parse(line, path);
        }
        catch (MarketDataFormatException e)
        {
            return e.Reason;
        }

        return found.Regime != Regime ? $"regime is {DayRecordFormat.RegimeName(found.Regime)}, this writer's is {DayRecordFormat.RegimeName(Regime)}"
            : found.Feed != Feed ? $"feed is '{found.Feed}', this writer's is '{Feed}'"
            : "the header or the column line differs from this writer's";
    }

    private void WriteLine(DayFile file, in MarketEvent e, in EventOrigin origin, UnixNanos arrival, string quality)
    {
        var source = origin.SourceFile;
        if (string.IsNullOrEmpty(source) || source.AsSpan().IndexOfAny(",\n\r") >= 0)
        {
            throw new ArgumentException($"Event {origin.DaySequence} of {e.Symbol}: source file '{source}' must be non-empty without ',' or a line end.", nameof(origin));
        }

        Span<char> line = _line;
        var n = 0;
        n += Integer(line[n..], origin.DaySequence);
        line[n++] = ',';
        if (e.Kind == MarketEventKind.Quote)
        {
            var q = e.Quote;
            line[n++] = 'Q';
            line[n++] = ',';
            n += Integer(line[n..], q.Time.Value);
            line[n++] = ',';
            n += DayRecordFormat.FormatFixed(line[n..], q.BidPrice.Raw);
            line[n++] = ',';
            n += DayRecordFormat.FormatFixed(line[n..], q.BidSize.Raw);
            line[n++] = ',';
            n += DayRecordFormat.FormatFixed(line[n..], q.AskPrice.Raw);
            line[n++] = ',';
            n += DayRecordFormat.FormatFixed(line[n..], q.AskSize.Raw);
            line[n++] = ',';
            line[n++] = ',';
            line[n++] = ',';
        }
        else
        {
            var t = e.Trade;
            var exchange = t.Exchange ?? string.Empty;
            if (exchange.Length is 0 or > 16 || !exchange.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"Trade {origin.DaySequence} of {e.Symbol}: exchange '{exchange}' must be 1..16 ASCII letters or digits.", "events");
            }

            line[n++] = 'T';
            line[n++] = ',';
            n += Integer(line[n..], t.Time.Value);
            line[n++] = ',';
            line[n++] = ',';
            line[n++] = ',';
            line[n++] = ',';
            line[n++] = ',';
            n += DayRecordFormat.FormatFixed(line[n..], t.Price.Raw);
            line[n++] = ',';
            n += DayRecordFormat.FormatFixed(line[n..], t.Size.Raw);
            line[n++] = ',';
            exchange.AsSpan().CopyTo(line[n..]);
            n += exchange.Length;
        }

        line[n++] = ',';
        file.Text.Write(line[..n]);
        file.Text.Write(source);
        n = 0;
        line[n++] = ',';
        n += Integer(line[n..], origin.LineNumber);
        line[n++] = ',';
        n += Integer(line[n..], arrival.Value);
        line[n++] = ',';
        quality.AsSpan().CopyTo(line[n..]);
        n += quality.Length;
        line[n++] = '\n';
        file.Text.Write(line[..n]);
    }

    private static int Integer(Span<char> destination, long value)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private sealed class DayFile(string path, DateOnly day, StreamWriter text, long lastSequence)
    {
        public string Path { get; } = path;

        public DateOnly Day { get; } = day;

        public StreamWriter Text { get; } = text;

        public long LastSequence { get; set; } = lastSequence;

        public void Close()
        {
            Text.Flush();
            ((FileStream)Text.BaseStream).Flush(flushToDisk: true);
            Text.Dispose();
        }
    }
}
