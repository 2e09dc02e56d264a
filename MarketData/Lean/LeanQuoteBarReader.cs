namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Streams a Lean equity second or minute quote-bar file (<c>&lt;resolution&gt;/&lt;sym&gt;/&lt;yyyyMMdd&gt;_quote.zip</c>),
/// one line <c>ms,bidO,bidH,bidL,bidC,bidSize,askO,askH,askL,askC,askSize</c> at a time: bar open time in ms since
/// local midnight, prices in deci-cents (1e-4 USD), sizes in shares. Not thread-safe.
/// </summary>
public sealed class LeanQuoteBarReader : LeanDayFileReader
{
    private readonly Symbol _symbol;

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="symbol">Symbol stamped on the bars.</param>
    /// <param name="period">Bar length (one second or one minute for Lean's intraday folders).</param>
    /// <param name="date">Local date of the file; null takes it from the file name (yyyyMMdd prefix).</param>
    /// <param name="zone">Data time zone; null means <see cref="LeanTimeZones.NewYork"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not positive.</exception>
    /// <exception cref="ArgumentException">No date was given and the file name has none.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The archive is unreadable or empty.</exception>
    public LeanQuoteBarReader(string path, Symbol symbol, TimeSpan period, DateOnly? date = null, TimeZoneInfo? zone = null)
        : base(path, date, zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _symbol = symbol;
        Period = period;
    }

    /// <summary>Bar length.</summary>
    public TimeSpan Period { get; }

    /// <summary>Reads the next bar; false at the end of the file.</summary>
    /// <exception cref="MarketDataFormatException">The line is malformed.</exception>
    public bool TryRead(out QuoteBar bar)
    {
        if (!TryNextLine(out var fields))
        {
            bar = default;
            return false;
        }

        var ms = fields.NextInt64InRange("ms", 86_400_000L);
        var bidOpen = fields.NextDeciCents("bid_open");
        var bidHigh = fields.NextDeciCents("bid_high");
        var bidLow = fields.NextDeciCents("bid_low");
        var bidClose = fields.NextDeciCents("bid_close");
        var bidSize = fields.NextShares("bid_size");
        var askOpen = fields.NextDeciCents("ask_open");
        var askHigh = fields.NextDeciCents("ask_high");
        var askLow = fields.NextDeciCents("ask_low");
        var askClose = fields.NextDeciCents("ask_close");
        var askSize = fields.NextShares("ask_size");
        fields.End();
        bar = new QuoteBar(_symbol, Clock.ToUtc(ms), Period, bidOpen, bidHigh, bidLow, bidClose, bidSize, askOpen, askHigh, askLow, askClose, askSize);
        return true;
    }

    /// <summary>Streams every bar of <paramref name="path"/>; the file is closed when the enumeration ends.</summary>
    /// <exception cref="MarketDataFormatException">A line is malformed.</exception>
    public static IEnumerable<QuoteBar> ReadAll(string path, Symbol symbol, TimeSpan period, DateOnly? date = null, TimeZoneInfo? zone = null)
    {
        using var reader = new LeanQuoteBarReader(path, symbol, period, date, zone);
        while (reader.TryRead(out var bar))
        {
            yield return bar;
        }
    }
}
