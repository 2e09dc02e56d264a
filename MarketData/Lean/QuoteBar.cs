namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// A bid/ask bar (Lean's second or minute quote bar): open, high, low and close of the best bid and of the best ask
/// over the period, with the last displayed size of each side. <see cref="Time"/> is the bar's open time, UTC.
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Bar open time, UTC.</param>
/// <param name="Period">Bar length.</param>
/// <param name="BidOpen">First bid price.</param>
/// <param name="BidHigh">Highest bid price.</param>
/// <param name="BidLow">Lowest bid price.</param>
/// <param name="BidClose">Last bid price.</param>
/// <param name="BidSize">Last bid size in shares.</param>
/// <param name="AskOpen">First ask price.</param>
/// <param name="AskHigh">Highest ask price.</param>
/// <param name="AskLow">Lowest ask price.</param>
/// <param name="AskClose">Last ask price.</param>
/// <param name="AskSize">Last ask size in shares.</param>
public readonly record struct QuoteBar(
    Symbol Symbol,
    UnixNanos Time,
    TimeSpan Period,
    Price BidOpen,
    Price BidHigh,
    Price BidLow,
    Price BidClose,
    Quantity BidSize,
    Price AskOpen,
    Price AskHigh,
    Price AskLow,
    Price AskClose,
    Quantity AskSize);
