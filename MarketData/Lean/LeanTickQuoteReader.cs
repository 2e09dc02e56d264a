namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Streams a Lean equity tick quote file (<c>tick/&lt;sym&gt;/&lt;yyyyMMdd&gt;_quote.zip</c>), one line
/// <c>ms,bid,bid_size,ask,ask_size,exchange,condition,suspicious</c> at a time: ms since local midnight, prices in
/// deci-cents (1e-4 USD), sizes in shares, a one-letter exchange, hexadecimal condition flags and a 0/1 flag.
/// Nothing is materialised: one pooled buffer is reused and each record is returned as a struct. Not thread-safe.
/// </summary>
public sealed class LeanTickQuoteReader : LeanDayFileReader
{

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="date">Local date of the file; null takes it from the file name (yyyyMMdd prefix).</param>
    /// <param name="zone">Data time zone; null means <see cref="LeanTimeZones.NewYork"/>.</param>
    /// <exception cref="ArgumentException">No date was given and the file name has none.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The archive is unreadable or empty.</exception>
    public LeanTickQuoteReader(string path, DateOnly? date = null, TimeZoneInfo? zone = null)
        : base(path, date, zone)
    {
    }

    /// <summary>Reads the next quote line; false at the end of the file.</summary>
    /// <exception cref="MarketDataFormatException">The line is malformed (message names the path, entry, line and field).</exception>
    public bool TryRead(out ExchangeQuote quote)
    {
        if (!TryNextLine(out var fields))
        {
            quote = default;
            return false;
        }

        var ms = fields.NextInt64InRange("ms", 86_400_000L);
        var bid = fields.NextDeciCents("bid");
        var bidSize = fields.NextShares("bid_size");
        var ask = fields.NextDeciCents("ask");
        var askSize = fields.NextShares("ask_size");
        var exchange = fields.NextExchange("exchange");
        var condition = fields.NextHex("condition");
        var suspicious = fields.NextFlag("suspicious");
        fields.End();
        quote = new ExchangeQuote(
            Clock.ToUtc(ms),
            exchange,
            bid,
            bidSize,
            ask,
            askSize,
            condition,
            suspicious,
            Csv.LineNumber);
        return true;
    }

    /// <summary>Streams every quote of <paramref name="path"/>; the file is closed when the enumeration ends.</summary>
    /// <exception cref="MarketDataFormatException">A line is malformed.</exception>
    public static IEnumerable<ExchangeQuote> ReadAll(string path, DateOnly? date = null, TimeZoneInfo? zone = null)
    {
        using var reader = new LeanTickQuoteReader(path, date, zone);
        while (reader.TryRead(out var quote))
        {
            yield return quote;
        }
    }
}
