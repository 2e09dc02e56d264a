namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// One line of a Lean equity tick quote file: one venue's quote update. Lean/AlgoSeek files carry one side per line
/// (the other side has price 0 and size 0); see <c>docs/market-data.md</c> for how the NBBO is built from them.
/// </summary>
/// <param name="Time">Event time, UTC.</param>
/// <param name="Exchange">Single-letter venue code (A-Z), e.g. 'N' NYSE, 'P' Arca, 'Q' Nasdaq.</param>
/// <param name="BidPrice">Bid price; zero when this line carries no bid.</param>
/// <param name="BidSize">Bid size in shares; zero when this line carries no bid.</param>
/// <param name="AskPrice">Ask price; zero when this line carries no ask.</param>
/// <param name="AskSize">Ask size in shares; zero when this line carries no ask.</param>
/// <param name="Condition">Quote condition flags, parsed as hexadecimal like Lean does.</param>
/// <param name="IsSuspicious">The vendor's "suspicious" flag.</param>
/// <param name="LineNumber">1-based line number in the source entry.</param>
public readonly record struct ExchangeQuote(
    UnixNanos Time,
    char Exchange,
    Price BidPrice,
    Quantity BidSize,
    Price AskPrice,
    Quantity AskSize,
    uint Condition,
    bool IsSuspicious,
    long LineNumber);
