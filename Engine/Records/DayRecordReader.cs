using System.Globalization;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Engine.Records;

/// <summary>
/// Reads a day-record file (<see cref="DayRecordFormat"/>) line by line and checks every line: 14 fields, sequences
/// 0, 1, 2, … without a gap, kind <c>Q</c> or <c>T</c> with exactly its columns set, non-decreasing event times, exact
/// decimals, a positive source line and a known quality status. A bad line throws
/// <see cref="MarketDataFormatException"/> naming the file, the 1-based line and the field; the records returned
/// before it stay valid. A last line without a line end (a file cut while it was written) is such a bad line. Not
/// thread-safe.
/// </summary>
public sealed class DayRecordReader : IDisposable
{
    private readonly StreamReader _text;
    private readonly char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private long _lastTime = long.MinValue;
    private string _lastSource = string.Empty;
    private string _lastExchange = string.Empty;

    /// <summary>Opens <paramref name="path"/> and reads its two header lines.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The header or the column line is not version 1's.</exception>
    public DayRecordReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _text = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16), new UTF8Encoding(false, true), false);
        try
        {
            if (!TryNextLine(out var header))
            {
                throw new MarketDataFormatException(path, null, 1, "the file is empty: a day-record file starts with its header line");
            }

            Header = DayRecordHeader.Parse(header.ToString(), path);
            if (!TryNextLine(out var columns) || !columns.SequenceEqual(DayRecordFormat.Columns))
            {
                throw new MarketDataFormatException(path, null, 2, $"line 2 must be the column line '{DayRecordFormat.Columns}'");
            }
        }
        catch
        {
            _text.Dispose();
            throw;
        }
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Line 1.</summary>
    public DayRecordHeader Header { get; }

    /// <summary>1-based number of the line last read (2 after the constructor).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Records returned so far; also the sequence the next one must have.</summary>
    public long Count { get; private set; }

    /// <summary>Reads the next record; false at the end of the file.</summary>
    /// <exception cref="MarketDataFormatException">The line is malformed (the message names the file, line and field).</exception>
    public bool TryRead(out DayRecord record)
    {
        if (!TryNextLine(out var line))
        {
            record = default;
            return false;
        }

        record = Parse(line);
        Count++;
        return true;
    }

    /// <summary>Every record of <paramref name="path"/>.</summary>
    /// <exception cref="MarketDataFormatException">A line is malformed.</exception>
    public static IEnumerable<DayRecord> ReadAll(string path)
    {
        using var reader = new DayRecordReader(path);
        while (reader.TryRead(out var record))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _text.Dispose();

    private DayRecord Parse(ReadOnlySpan<char> line)
    {
        Span<Range> ranges = stackalloc Range[DayRecordFormat.FieldCount + 1];
        var count = line.Split(ranges, ',');
        if (count != DayRecordFormat.FieldCount)
        {
            throw Bad($"expected {DayRecordFormat.FieldCount} fields ({DayRecordFormat.Columns}), got {(count > DayRecordFormat.FieldCount ? "more" : count.ToString(CultureInfo.InvariantCulture))}");
        }

        var sequence = Integer(line[ranges[0]], 0, "sequence");
        if (sequence != Count)
        {
            throw Bad($"field 1 (sequence) is {sequence}, expected {Count}: sequences run 0, 1, 2, … without a gap or repeat");
        }

        var kind = line[ranges[1]];
        var time = Integer(line[ranges[2]], 2, "time_ns");
        if (time < _lastTime)
        {
            throw Bad($"field 3 (time_ns) {time} is earlier than the previous line's {_lastTime}");
        }

        _lastTime = time;
        var symbol = Header.Symbol;
        MarketEvent marketEvent;
        if (kind is "Q")
        {
            Empty(line[ranges[7]], 7, "price");
            Empty(line[ranges[8]], 8, "size");
            Empty(line[ranges[9]], 9, "exchange");
            var quote = new Quote(
                symbol,
                new UnixNanos(time),
                new Price(Fixed(line[ranges[3]], 3, "bid")),
                new Quantity(Fixed(line[ranges[4]], 4, "bid_size")),
                new Price(Fixed(line[ranges[5]], 5, "ask")),
                new Quantity(Fixed(line[ranges[6]], 6, "ask_size")));
            marketEvent = MarketEvent.FromQuote(quote, sequence);
        }
        else if (kind is "T")
        {
            Empty(line[ranges[3]], 3, "bid");
            Empty(line[ranges[4]], 4, "bid_size");
            Empty(line[ranges[5]], 5, "ask");
            Empty(line[ranges[6]], 6, "ask_size");
            var trade = new Trade(
                symbol,
                new UnixNanos(time),
                new Price(Fixed(line[ranges[7]], 7, "price")),
                new Quantity(Fixed(line[ranges[8]], 8, "size")),
                Exchange(line[ranges[9]]));
            marketEvent = MarketEvent.FromTrade(trade, sequence);
        }
        else
        {
            throw Bad($"field 2 (kind) must be Q or T, got '{Echo(kind)}'");
        }

        var source = line[ranges[10]];
        if (source.IsEmpty)
        {
            throw Bad("field 11 (source) is empty");
        }

        if (!source.SequenceEqual(_lastSource))
        {
            _lastSource = source.ToString();
        }

        var sourceLine = Integer(line[ranges[11]], 11, "line");
        if (sourceLine < 1)
        {
            throw Bad($"field 12 (line) must be a 1-based line number, got {sourceLine}");
        }

        var arrival = Integer(line[ranges[12]], 12, "arrival_ns");
        var quality = Quality(line[ranges[13]]);
        return new DayRecord(marketEvent, new EventOrigin(_lastSource, sourceLine, Header.Day, sequence), new UnixNanos(arrival), quality);
    }

    private string Exchange(ReadOnlySpan<char> text)
    {
        if (text.Length == 1 && ExchangeCodes.IsValid(text[0]))
        {
            return ExchangeCodes.ToText(text[0]);
        }

        if (text.IsEmpty || text.Length > 16 || text.ContainsAnyExcept(Alphanumerics))
        {
            throw Bad($"field 10 (exchange) must be 1..16 ASCII letters or digits, got '{Echo(text)}'");
        }

        if (!text.SequenceEqual(_lastExchange))
        {
            _lastExchange = text.ToString();
        }

        return _lastExchange;
    }

    private static readonly System.Buffers.SearchValues<char> Alphanumerics =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly string[] Reasons = Enum.GetNames<QualityReason>();

    private string Quality(ReadOnlySpan<char> text)
    {
        if (text.SequenceEqual(DayRecordFormat.Accepted))
        {
            return DayRecordFormat.Accepted;
        }

        foreach (var reason in Reasons)
        {
            if (text.SequenceEqual(reason))
            {
                return reason;
            }
        }

        throw Bad($"field 14 (quality) must be '{DayRecordFormat.Accepted}' or a QualityReason ({string.Join(", ", Reasons)}), got '{Echo(text)}'");
    }

    private long Integer(ReadOnlySpan<char> text, int index, string name) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad($"field {index + 1} ({name}) is not an integer: '{Echo(text)}'");

    private long Fixed(ReadOnlySpan<char> text, int index, string name) =>
        DayRecordFormat.TryParseFixed(text, out var raw)
            ? raw
            : throw Bad($"field {index + 1} ({name}) is not an exact decimal with at most 8 fractional digits: '{Echo(text)}'");

    private void Empty(ReadOnlySpan<char> text, int index, string name)
    {
        if (!text.IsEmpty)
        {
            throw Bad($"field {index + 1} ({name}) must be empty on this kind of line, got '{Echo(text)}'");
        }
    }

    private MarketDataFormatException Bad(string reason) => new(Path, null, LineNumber, reason);

    private static string Echo(ReadOnlySpan<char> text) => text.Length <= 64 ? text.ToString() : text[..64].ToString() + "…";

    /// <summary>The next '\n'-terminated line (a '\r' before it is kept and fails the parse); false at the end.</summary>
    private bool TryNextLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, '\n', _start, _end - _start);
            if (newline >= 0)
            {
                line = new ReadOnlySpan<char>(_buffer, _start, newline - _start);
                _start = newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    LineNumber++;
                    throw new MarketDataFormatException(Path, null, LineNumber, "the last line has no line end: the file was cut while it was written (a resuming writer truncates such a line)");
                }

                line = default;
                return false;
            }

            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                LineNumber++;
                throw new MarketDataFormatException(Path, null, LineNumber, $"the line is longer than {_buffer.Length} characters");
            }

            int read;
            try
            {
                read = _text.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (DecoderFallbackException e)
            {
                throw new MarketDataFormatException(Path, null, LineNumber + 1, "the text is not valid UTF-8", e);
            }

            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }
}
