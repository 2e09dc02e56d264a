namespace Quant.Orleans.Core;

/// <summary>
/// A consolidated top of book (L1): the national best bid and offer (NBBO) at an instant.
/// A side with no quote has <see cref="Price.Zero"/> and <see cref="Quantity.Zero"/>.
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Event time, UTC.</param>
/// <param name="BidPrice">Best bid price (zero when there is no bid).</param>
/// <param name="BidSize">Size displayed at the best bid, in units (shares).</param>
/// <param name="AskPrice">Best ask (offer) price (zero when there is no ask).</param>
/// <param name="AskSize">Size displayed at the best ask, in units (shares).</param>
public readonly record struct Quote(Symbol Symbol, UnixNanos Time, Price BidPrice, Quantity BidSize, Price AskPrice, Quantity AskSize)
{
    /// <summary>True when both sides have a positive price.</summary>
    public bool IsTwoSided => BidPrice.IsPositive && AskPrice.IsPositive;

    /// <summary>True when both sides are present and the bid is at or above the ask (locked or crossed).</summary>
    public bool IsLockedOrCrossed => IsTwoSided && BidPrice >= AskPrice;

    /// <summary>Mid price <c>(bid + ask) / 2</c> as a double for signal mathematics; NaN when not two-sided.</summary>
    public double MidDouble => IsTwoSided ? (BidPrice.ToDouble() + AskPrice.ToDouble()) * 0.5 : double.NaN;
}

/// <summary>A trade print (time and sales).</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Event time, UTC.</param>
/// <param name="Price">Trade price.</param>
/// <param name="Size">Trade size in units (shares).</param>
/// <param name="Exchange">Venue code of the print (Lean/AlgoSeek single-letter exchange code), or empty.</param>
public readonly record struct Trade(Symbol Symbol, UnixNanos Time, Price Price, Quantity Size, string Exchange);

/// <summary>An OHLCV bar. <see cref="Time"/> is the bar's open time, UTC.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Bar open time, UTC.</param>
/// <param name="Period">Bar length.</param>
/// <param name="Open">First price.</param>
/// <param name="High">Highest price.</param>
/// <param name="Low">Lowest price.</param>
/// <param name="Close">Last price.</param>
/// <param name="Volume">Traded volume in units.</param>
public readonly record struct Bar(Symbol Symbol, UnixNanos Time, TimeSpan Period, Price Open, Price High, Price Low, Price Close, Quantity Volume);

/// <summary>One price level of a book (L2).</summary>
/// <param name="Price">Level price.</param>
/// <param name="Size">Aggregate size at the level, in units.</param>
/// <param name="Count">Number of orders or venues contributing, when known (0 when unknown).</param>
public readonly record struct BookLevel(Price Price, Quantity Size, int Count);
