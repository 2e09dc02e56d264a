using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Engine.Records;

/// <summary>One line of a day-record file: the event as delivered and its lineage.</summary>
/// <param name="Event">The NBBO change or trade; its <see cref="MarketEvent.Sequence"/> is the day sequence.</param>
/// <param name="Origin">Source file (relative to the data folder), 1-based line, trading day and day sequence.</param>
/// <param name="Arrival">UTC wall-clock time when the feed delivered the event.</param>
/// <param name="Quality"><see cref="DayRecordFormat.Accepted"/>, or the name of the <c>QualityReason</c> of a record
/// the filter passed flagged.</param>
public readonly record struct DayRecord(MarketEvent Event, EventOrigin Origin, UnixNanos Arrival, string Quality);

/// <summary>The header (line 1) of a day-record file.</summary>
/// <param name="Version">Format version (<see cref="DayRecordFormat.Version"/>).</param>
/// <param name="Regime">Which data the day is: live production or a maintenance replay.</param>
/// <param name="Feed">The feed (source) name, e.g. <c>lean-tick</c>.</param>
/// <param name="Symbol">The instrument of every line.</param>
/// <param name="Day">The trading day (exchange date).</param>
public sealed record DayRecordHeader(int Version, DataRegime Regime, string Feed, Symbol Symbol, DateOnly Day)
{
    /// <summary>The header line as written.</summary>
    public override string ToString() => DayRecordFormat.Header(Regime, Feed, Symbol, Day);

    /// <summary>Parses line 1 of <paramref name="path"/>.</summary>
    /// <param name="line">The line, without its line end.</param>
    /// <param name="path">The file (for the exception).</param>
    /// <exception cref="MarketData.MarketDataFormatException">The line is not a version-1 header (the message names
    /// the file, line 1 and the field).</exception>
    public static DayRecordHeader Parse(string line, string path)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(DayRecordFormat.Magic + " v", StringComparison.Ordinal))
        {
            throw Bad(path, $"not a day-record file: line 1 must start with '{DayRecordFormat.Magic} v', got '{Echo(line)}'");
        }

        var parts = line[(DayRecordFormat.Magic.Length + 1)..].Split(' ');
        if (parts.Length != 5)
        {
            throw Bad(path, $"the header must have the version and regime=, feed=, symbol=, date=, got '{Echo(line)}'");
        }

        if (!int.TryParse(parts[0].AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || version != DayRecordFormat.Version)
        {
            throw Bad(path, $"format version '{Echo(parts[0])}' is not v{DayRecordFormat.Version}, the one this code reads");
        }

        var regimeText = Field(parts[1], "regime", path);
        var regime = DayRecordFormat.TryParseRegime(regimeText) ?? throw Bad(path, $"regime '{Echo(regimeText)}' is not prod_live or maintenance_replay");
        var feed = Field(parts[2], "feed", path);
        if (!DayRecordFormat.IsValidFeed(feed))
        {
            throw Bad(path, $"feed '{Echo(feed)}' must be 1..64 ASCII letters, digits and . _ - : /");
        }

        Symbol symbol;
        var ticker = Field(parts[3], "symbol", path);
        try
        {
            symbol = new Symbol(ticker);
        }
        catch (ArgumentException e)
        {
            throw Bad(path, $"symbol: {e.Message}");
        }

        var dayText = Field(parts[4], "date", path);
        if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            throw Bad(path, $"date '{Echo(dayText)}' is not yyyy-MM-dd");
        }

        return new DayRecordHeader(version, regime, feed, symbol, day);
    }

    private static string Field(string part, string name, string path) =>
        part.StartsWith(name + "=", StringComparison.Ordinal) ? part[(name.Length + 1)..] : throw Bad(path, $"expected '{name}=' in the header, got '{Echo(part)}'");

    private static MarketData.MarketDataFormatException Bad(string path, string reason) => new(path, null, 1, reason);

    private static string Echo(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
