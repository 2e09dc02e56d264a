namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Streams a Lean equity tick trade file (<c>tick/&lt;sym&gt;/&lt;yyyyMMdd&gt;_trade.zip</c>), one line
/// <c>ms,price,size,exchange,sale_condition,suspicious</c> at a time: ms since local midnight, price in deci-cents
/// (1e-4 USD), size in shares, a one-letter exchange, hexadecimal sale-condition flags and a 0/1 flag.
/// One pooled buffer is reused and each record is returned as a struct. Not thread-safe.
/// </summary>
public sealed class LeanTickTradeReader : LeanDayFileReader
{

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="date">Local date of the file; null takes it from the file name (yyyyMMdd prefix).</param>
    /// <param name="zone">Data time zone; null means <see cref="LeanTimeZones.NewYork"/>.</param>
    /// <exception cref="ArgumentException">No date was given and the file name has none.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The archive is unreadable or empty.</exception>
    public LeanTickTradeReader(string path, DateOnly? date = null, TimeZoneInfo? zone = null)
        : base(path, date, zone)
    {
    }

    /// <summary>Reads the next trade line; false at the end of the file.</summary>
    /// <exception cref="MarketDataFormatException">The line is malformed (message names the path, entry, line and field).</exception>
    public bool TryRead(out ExchangeTrade trade)
    {
        if (!TryNextLine(out var fields))
        {
            trade = default;
            return false;
        }

        var ms = fields.NextInt64InRange("ms", 86_400_000L);
        var price = fields.NextDeciCents("price");
        var size = fields.NextShares("size");
        var exchange = fields.NextExchange("exchange");
        var condition = fields.NextHex("sale_condition");
        var suspicious = fields.NextFlag("suspicious");
        fields.End();
        trade = new ExchangeTrade(Clock.ToUtc(ms), exchange, price, size, condition, suspicious, Csv.LineNumber);
        return true;
    }

    /// <summary>Streams every trade of <paramref name="path"/>; the file is closed when the enumeration ends.</summary>
    /// <exception cref="MarketDataFormatException">A line is malformed.</exception>
    public static IEnumerable<ExchangeTrade> ReadAll(string path, DateOnly? date = null, TimeZoneInfo? zone = null)
    {
        using var reader = new LeanTickTradeReader(path, date, zone);
        while (reader.TryRead(out var trade))
        {
            yield return trade;
        }
    }
}
