namespace Quant.Orleans.MarketData.Lean;

/// <summary>One line of a Lean equity tick trade file: one print on one venue.</summary>
/// <param name="Time">Event time, UTC.</param>
/// <param name="Exchange">Single-letter venue code (A-Z); 'D' is the FINRA ADF (off-exchange).</param>
/// <param name="Price">Trade price.</param>
/// <param name="Size">Trade size in shares.</param>
/// <param name="SaleCondition">Sale condition flags, parsed as hexadecimal like Lean does.</param>
/// <param name="IsSuspicious">The vendor's "suspicious" flag.</param>
/// <param name="LineNumber">1-based line number in the source entry.</param>
public readonly record struct ExchangeTrade(
    UnixNanos Time,
    char Exchange,
    Price Price,
    Quantity Size,
    uint SaleCondition,
    bool IsSuspicious,
    long LineNumber)
{
    /// <summary>The consolidated <see cref="Trade"/> for <paramref name="symbol"/>; allocation-free (exchange strings are cached).</summary>
    public Trade ToTrade(Symbol symbol) => new(symbol, Time, Price, Size, ExchangeCodes.ToText(Exchange));
}
