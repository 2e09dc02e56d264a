using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// One execution against the market: the only input that changes a <see cref="Accounting.PortfolioLedger"/>.
/// Immutable; <see cref="QuoteTime"/> ties it to the NBBO quote that priced it, so every fill is traceable.
/// </summary>
public sealed record Fill
{
    /// <summary>Creates a fill.</summary>
    /// <param name="fillId">Unique execution id (FIX 17, ExecID); the ledger applies each id at most once.</param>
    /// <param name="clOrdId">The order it belongs to (FIX 11).</param>
    /// <param name="account">Account (FIX 1).</param>
    /// <param name="symbol">Instrument (FIX 55).</param>
    /// <param name="side">Buy or sell (FIX 54).</param>
    /// <param name="lastQty">Quantity filled, units, strictly positive (FIX 32).</param>
    /// <param name="lastPx">Price of the fill, quote currency per unit, strictly positive (FIX 31).</param>
    /// <param name="fee">Fee charged for this fill in quote currency, zero or positive.</param>
    /// <param name="time">When the fill happened, UTC (FIX 60).</param>
    /// <param name="quoteTime">Event time of the NBBO quote that priced the fill, UTC.</param>
    /// <exception cref="ArgumentException">An id is empty or default, the symbol is default, or the side is not defined.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastQty"/> or <paramref name="lastPx"/> is not
    /// positive, or <paramref name="fee"/> is negative.</exception>
    public Fill(string fillId, ClOrdId clOrdId, string account, Symbol symbol, Side side, Quantity lastQty, Price lastPx, decimal fee, UnixNanos time, UnixNanos quoteTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(fillId);
        if (clOrdId.IsDefault)
        {
            throw new ArgumentException("ClOrdID must be constructed from a text, got default(ClOrdId).", nameof(clOrdId));
        }

        if (symbol.Ticker is null)
        {
            throw new ArgumentException("Symbol must be constructed from a ticker, got default(Symbol).", nameof(symbol));
        }

        if (!Enum.IsDefined(side))
        {
            throw new ArgumentException($"Side must be Buy or Sell, got {(int)side}.", nameof(side));
        }

        if (!lastQty.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(lastQty), lastQty, $"Fill quantity must be positive (fill {fillId}).");
        }

        if (!lastPx.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(lastPx), lastPx, $"Fill price must be positive (fill {fillId}).");
        }

        if (fee < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(fee), fee, $"Fee must be zero or positive (fill {fillId}).");
        }

        FillId = fillId;
        ClOrdId = clOrdId;
        Account = AccountName.Validate(account, nameof(account));
        Symbol = symbol;
        Side = side;
        LastQty = lastQty;
        LastPx = lastPx;
        Fee = fee;
        Time = time;
        QuoteTime = quoteTime;
    }

    /// <summary>Unique execution id (FIX 17).</summary>
    public string FillId { get; }

    /// <summary>The order it belongs to (FIX 11).</summary>
    public ClOrdId ClOrdId { get; }

    /// <summary>Account (FIX 1).</summary>
    public string Account { get; }

    /// <summary>Instrument (FIX 55).</summary>
    public Symbol Symbol { get; }

    /// <summary>Buy or sell (FIX 54).</summary>
    public Side Side { get; }

    /// <summary>Quantity filled in units, positive (FIX 32, LastQty).</summary>
    public Quantity LastQty { get; }

    /// <summary>Fill price in quote currency per unit (FIX 31, LastPx).</summary>
    public Price LastPx { get; }

    /// <summary>Fee for this fill in quote currency, zero or positive.</summary>
    public decimal Fee { get; }

    /// <summary>When the fill happened, UTC nanoseconds (FIX 60).</summary>
    public UnixNanos Time { get; }

    /// <summary>Event time of the NBBO quote that priced the fill, UTC nanoseconds.</summary>
    public UnixNanos QuoteTime { get; }

    /// <summary>Exact notional <c>LastQty × LastPx</c> in quote currency, always positive.</summary>
    public decimal Notional => Money.Notional(LastPx, LastQty);

    /// <summary>The quantity signed by side: positive for a buy, negative for a sell.</summary>
    public Quantity SignedQuantity => Side == Side.Buy ? LastQty : -LastQty;
}
