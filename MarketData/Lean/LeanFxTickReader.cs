namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Streams a Lean FX tick file (<c>forex/fxcm/tick/&lt;pair&gt;/&lt;yyyyMMdd&gt;_quote.zip</c>), one line
/// <c>ms,bid,ask</c> at a time: ms since local midnight and plain decimal prices (at most 8 fractional digits).
/// Lean's FXCM data time zone is America/New_York; pass another zone for other sources. Not thread-safe.
/// </summary>
public sealed class LeanFxTickReader : LeanDayFileReader
{

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="date">Local date of the file; null takes it from the file name (yyyyMMdd prefix).</param>
    /// <param name="zone">Data time zone; null means <see cref="LeanTimeZones.NewYork"/>.</param>
    /// <exception cref="ArgumentException">No date was given and the file name has none.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The archive is unreadable or empty.</exception>
    public LeanFxTickReader(string path, DateOnly? date = null, TimeZoneInfo? zone = null)
        : base(path, date, zone)
    {
    }

    /// <summary>Reads the next tick; false at the end of the file.</summary>
    /// <exception cref="MarketDataFormatException">The line is malformed.</exception>
    public bool TryRead(out FxTick tick)
    {
        if (!TryNextLine(out var fields))
        {
            tick = default;
            return false;
        }

        var ms = fields.NextInt64InRange("ms", 86_400_000L);
        var bid = fields.NextFixed8("bid");
        var ask = fields.NextFixed8("ask");
        fields.End();
        tick = new FxTick(Clock.ToUtc(ms), new Price(bid), new Price(ask), Csv.LineNumber);
        return true;
    }

    /// <summary>Streams every tick of <paramref name="path"/>; the file is closed when the enumeration ends.</summary>
    /// <exception cref="MarketDataFormatException">A line is malformed.</exception>
    public static IEnumerable<FxTick> ReadAll(string path, DateOnly? date = null, TimeZoneInfo? zone = null)
    {
        using var reader = new LeanFxTickReader(path, date, zone);
        while (reader.TryRead(out var tick))
        {
            yield return tick;
        }
    }
}
