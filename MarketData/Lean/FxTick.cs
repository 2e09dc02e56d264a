namespace Quant.Orleans.MarketData.Lean;

/// <summary>One line of a Lean FX tick file (FXCM): a top-of-book bid and ask without sizes.</summary>
/// <param name="Time">Event time, UTC.</param>
/// <param name="Bid">Bid price in the quote currency.</param>
/// <param name="Ask">Ask price in the quote currency.</param>
/// <param name="LineNumber">1-based line number in the source entry.</param>
public readonly record struct FxTick(UnixNanos Time, Price Bid, Price Ask, long LineNumber)
{
    /// <summary>The tick as a <see cref="Quote"/> with zero sizes (the source has none).</summary>
    public Quote ToQuote(Symbol symbol) => new(symbol, Time, Bid, Quantity.Zero, Ask, Quantity.Zero);
}
