using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Engine.Records;

/// <summary>
/// The day-record file format, version 1 (docs/records.md): one UTF-8 text file per trading day and symbol,
/// <c>&lt;root&gt;/&lt;yyyy-MM-dd&gt;/&lt;SYMBOL&gt;.records.csv</c>, '\n' line ends. Line 1 is the header
/// <c># quant-orleans day-records v1 regime=&lt;regime&gt; feed=&lt;feed&gt; symbol=&lt;SYMBOL&gt; date=&lt;yyyy-MM-dd&gt;</c>,
/// line 2 the column names <see cref="Columns"/>, then one line per delivered event. Prices and sizes are exact
/// decimals of the 1e-8 fixed-point <see cref="Price"/>/<see cref="Quantity"/>; times are UTC nanoseconds since the
/// Unix epoch.
/// </summary>
public static class DayRecordFormat
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>What every header line starts with, up to the version.</summary>
    public const string Magic = "# quant-orleans day-records";

    /// <summary>The column line (line 2), in order: sequence (0-based position in the symbol's day stream), kind
    /// (<c>Q</c> NBBO change, <c>T</c> trade), time_ns (event time), bid, bid_size, ask, ask_size (NBBO rows only),
    /// price, size, exchange (trade rows only), source (file relative to the data folder), line (1-based line of the
    /// record in it), arrival_ns (UTC wall clock when the feed delivered it; the only non-deterministic column),
    /// quality (<c>accepted</c>, or the <c>QualityReason</c> of a record passed flagged).</summary>
    public const string Columns = "sequence,kind,time_ns,bid,bid_size,ask,ask_size,price,size,exchange,source,line,arrival_ns,quality";

    /// <summary>Number of fields on a data line.</summary>
    public const int FieldCount = 14;

    /// <summary>0-based index of the arrival_ns column (the column two runs may differ in).</summary>
    public const int ArrivalField = 12;

    /// <summary>The quality status of a record the quality filter accepted as it was.</summary>
    public const string Accepted = "accepted";

    /// <summary>The file name suffix.</summary>
    public const string Extension = ".records.csv";

    /// <summary>The file of <paramref name="symbol"/> on <paramref name="day"/> under <paramref name="root"/>; a '/' in
    /// a ticker (an FX pair) is written as '~', which no ticker contains.</summary>
    public static string PathOf(string root, DateOnly day, Symbol symbol) =>
        Path.Combine(root, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), symbol.Ticker.Replace('/', '~') + Extension);

    /// <summary>The snake_case name of <paramref name="regime"/> (<c>prod_live</c>, <c>maintenance_replay</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="regime"/> is <see cref="DataRegime.Mixed"/> (a day
    /// is recorded from one feed, never a mix) or undefined.</exception>
    public static string RegimeName(DataRegime regime) => regime switch
    {
        DataRegime.ProdLive => "prod_live",
        DataRegime.MaintenanceReplay => "maintenance_replay",
        _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, "A day record's regime is prod_live or maintenance_replay."),
    };

    /// <summary>The regime named <paramref name="name"/>, or null when it names none that a day record may have.</summary>
    public static DataRegime? TryParseRegime(string? name) => name switch
    {
        "prod_live" => DataRegime.ProdLive,
        "maintenance_replay" => DataRegime.MaintenanceReplay,
        _ => null,
    };

    /// <summary>True when <paramref name="feed"/> may name a feed in a header: 1..64 characters, ASCII letters,
    /// digits and <c>. _ - : /</c>.</summary>
    public static bool IsValidFeed(string? feed) =>
        !string.IsNullOrEmpty(feed) && feed.Length <= 64 && feed.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/');

    /// <summary>The header line (without its line end).</summary>
    public static string Header(DataRegime regime, string feed, Symbol symbol, DateOnly day) =>
        $"{Magic} v{Version} regime={RegimeName(regime)} feed={feed} symbol={symbol.Ticker} date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Writes the 1e-8 fixed-point value <paramref name="raw"/> into <paramref name="destination"/> as the
    /// shortest exact decimal (no exponent, no trailing zeros, '.' separator), e.g. 18216000000 → <c>182.16</c>, and
    /// returns the characters written (at most 29).</summary>
    internal static int FormatFixed(Span<char> destination, long raw)
    {
        const ulong scale = 100_000_000UL;
        var written = 0;
        if (raw < 0)
        {
            destination[written++] = '-';
        }

        var magnitude = raw < 0 ? (ulong)(-(raw + 1)) + 1UL : (ulong)raw;
        var whole = magnitude / scale;
        var fraction = magnitude % scale;
        whole.TryFormat(destination[written..], out var digits, default, CultureInfo.InvariantCulture);
        written += digits;
        if (fraction == 0)
        {
            return written;
        }

        destination[written++] = '.';
        var length = 8;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            length--;
        }

        for (var i = length - 1; i >= 0; i--)
        {
            destination[written + i] = (char)('0' + (int)(fraction % 10));
            fraction /= 10;
        }

        return written + length;
    }

    /// <summary>Parses an exact decimal with at most 8 fractional digits into 1e-8 fixed point; false when the text
    /// is not one (sign, digits, at most one '.') or overflows.</summary>
    internal static bool TryParseFixed(ReadOnlySpan<char> text, out long raw)
    {
        raw = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        var span = negative ? text[1..] : text;
        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : span[(dot + 1)..];
        if (whole.IsEmpty || (dot >= 0 && fraction.IsEmpty) || fraction.Length > 8)
        {
            return false;
        }

        UInt128 magnitude = 0;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c) || whole.Length > 20)
            {
                return false;
            }

            magnitude = (magnitude * 10) + (uint)(c - '0');
        }

        magnitude *= 100_000_000UL;
        ulong part = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = i < fraction.Length ? fraction[i] : '0';
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            part = (part * 10) + (uint)(c - '0');
        }

        magnitude += part;
        var limit = negative ? (UInt128)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return false;
        }

        raw = unchecked(negative ? (long)(0UL - (ulong)magnitude) : (long)(ulong)magnitude);
        return true;
    }
}
