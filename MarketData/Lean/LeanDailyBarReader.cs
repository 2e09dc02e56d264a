using System.Buffers.Text;

namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Streams a Lean equity daily-bar file (<c>daily/&lt;sym&gt;.zip</c>, all dates in one file), one line
/// <c>yyyyMMdd HH:mm,open,high,low,close,volume</c> at a time: local date and time (New York for US equities),
/// prices in deci-cents (1e-4 USD), volume in shares. Bar times are converted to UTC per line (dates span DST
/// changes); <see cref="Bar.Period"/> is one day. Not thread-safe.
/// </summary>
public sealed class LeanDailyBarReader : IDisposable
{
    private readonly LeanCsvReader _csv;
    private readonly TimeZoneInfo _zone;
    private readonly Symbol _symbol;

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="symbol">Symbol stamped on the bars.</param>
    /// <param name="zone">Data time zone; null means <see cref="LeanTimeZones.NewYork"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The archive is unreadable or empty.</exception>
    public LeanDailyBarReader(string path, Symbol symbol, TimeZoneInfo? zone = null)
    {
        _zone = zone ?? LeanTimeZones.NewYork;
        _symbol = symbol;
        _csv = new LeanCsvReader(path);
    }

    /// <summary>Path of the archive.</summary>
    public string Path => _csv.Path;

    /// <summary>1-based number of the line last read.</summary>
    public long LineNumber => _csv.LineNumber;

    /// <summary>The raw bytes of the line last read (without its line terminator); valid until the next read, empty
    /// before the first.</summary>
    public ReadOnlySpan<byte> CurrentLine => _csv.CurrentLine;

    /// <summary>Reads the next bar; false at the end of the file.</summary>
    /// <exception cref="MarketDataFormatException">The line is malformed.</exception>
    public bool TryRead(out Bar bar)
    {
        if (!_csv.TryReadLine(out var line))
        {
            bar = default;
            return false;
        }

        var fields = new LeanFieldCursor(line, _csv);
        var time = ParseLocalTime(fields.Next("date_time"));
        var open = fields.NextDeciCents("open");
        var high = fields.NextDeciCents("high");
        var low = fields.NextDeciCents("low");
        var close = fields.NextDeciCents("close");
        var volume = fields.NextShares("volume");
        fields.End();
        bar = new Bar(_symbol, time, TimeSpan.FromDays(1), open, high, low, close, volume);
        return true;
    }

    /// <summary>Streams every bar of <paramref name="path"/>; the file is closed when the enumeration ends.</summary>
    /// <exception cref="MarketDataFormatException">A line is malformed.</exception>
    public static IEnumerable<Bar> ReadAll(string path, Symbol symbol, TimeZoneInfo? zone = null)
    {
        using var reader = new LeanDailyBarReader(path, symbol, zone);
        while (reader.TryRead(out var bar))
        {
            yield return bar;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();

    private UnixNanos ParseLocalTime(ReadOnlySpan<byte> text)
    {
        // yyyyMMdd HH:mm
        if (text.Length != 14 || text[8] != (byte)' ' || text[11] != (byte)':'
            || !TryDigits(text[..4], out var year) || !TryDigits(text[4..6], out var month) || !TryDigits(text[6..8], out var day)
            || !TryDigits(text[9..11], out var hour) || !TryDigits(text[12..14], out var minute)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            throw _csv.Error($"field 1 (date_time) is not 'yyyyMMdd HH:mm': '{RawText.Format(text, MarketDataFormatException.MaxQuotedBytes)}'");
        }

        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        var offset = _zone.GetUtcOffset(local);
        var ticks = local.Ticks - offset.Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks is > long.MaxValue / 100L or < long.MinValue / 100L)
        {
            throw _csv.Error($"field 1 (date_time) '{RawText.Format(text, MarketDataFormatException.MaxQuotedBytes)}' is outside the times UnixNanos can hold (1677-09-21 to 2262-04-11 UTC)");
        }

        return new UnixNanos(ticks * 100L);
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text[0] != (byte)'-' && text[0] != (byte)'+';
}
