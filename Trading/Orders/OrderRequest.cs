using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// A new order single (FIX 35=D) as the portfolio sends it: immutable once created.
/// The constructor checks the structure (identifiers, defined enums, a limit price exactly for
/// <see cref="OrderType.Limit"/> and <see cref="OrderType.StopLimit"/>, a stop price exactly for
/// <see cref="OrderType.Stop"/> and <see cref="OrderType.StopLimit"/>); the economic checks (quantity positive, price collar, limits) are the job of
/// <see cref="Risk.PreTradeChecks"/>, which turns a bad order into a rejection with a reason instead of an exception.
/// </summary>
public sealed record OrderRequest
{
    /// <summary>Creates an order.</summary>
    /// <param name="clOrdId">Client order id (FIX 11).</param>
    /// <param name="account">Account (FIX 1); see <see cref="AccountName"/>.</param>
    /// <param name="symbol">Instrument (FIX 55).</param>
    /// <param name="side">Buy or sell (FIX 54).</param>
    /// <param name="quantity">Order quantity in units (FIX 38); its sign is checked by the pre-trade checks.</param>
    /// <param name="type">Market, limit, stop or stop-limit (FIX 40).</param>
    /// <param name="limitPrice">Limit price in quote currency (FIX 44): required for limit and stop-limit orders, null otherwise.</param>
    /// <param name="timeInForce">Time in force (FIX 59).</param>
    /// <param name="sentTime">When the order left the sender, UTC (FIX 60, TransactTime); the venue adds its latency to it.</param>
    /// <param name="stopPrice">Stop (trigger) price in quote currency (FIX 99): required for stop and stop-limit orders, null otherwise.</param>
    /// <exception cref="ArgumentException"><paramref name="clOrdId"/> or <paramref name="symbol"/> is default, the
    /// account breaks its rule, an enum value is not defined, or the limit price does not match the order type.</exception>
    public OrderRequest(
        ClOrdId clOrdId,
        string account,
        Symbol symbol,
        Side side,
        Quantity quantity,
        OrderType type,
        Price? limitPrice,
        TimeInForce timeInForce,
        UnixNanos sentTime,
        Price? stopPrice = null)
    {
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

        if (!Enum.IsDefined(type))
        {
            throw new ArgumentException($"Order type must be Market, Limit, Stop or StopLimit, got {(int)type}.", nameof(type));
        }

        if (!Enum.IsDefined(timeInForce))
        {
            throw new ArgumentException($"Time in force must be Day, Gtc, Ioc or Fok, got {(int)timeInForce}.", nameof(timeInForce));
        }

        var needsLimit = type is OrderType.Limit or OrderType.StopLimit;
        if (needsLimit != limitPrice.HasValue)
        {
            throw new ArgumentException(needsLimit
                ? $"A {type} order needs a limit price (order {clOrdId})."
                : $"A {type} order must not have a limit price, got {limitPrice} (order {clOrdId}).", nameof(limitPrice));
        }

        var needsStop = type is OrderType.Stop or OrderType.StopLimit;
        if (needsStop != stopPrice.HasValue)
        {
            throw new ArgumentException(needsStop
                ? $"A {type} order needs a stop price (order {clOrdId})."
                : $"A {type} order must not have a stop price, got {stopPrice} (order {clOrdId}).", nameof(stopPrice));
        }

        ClOrdId = clOrdId;
        Account = AccountName.Validate(account, nameof(account));
        Symbol = symbol;
        Side = side;
        Quantity = quantity;
        Type = type;
        LimitPrice = limitPrice;
        StopPrice = stopPrice;
        TimeInForce = timeInForce;
        SentTime = sentTime;
    }

    /// <summary>Client order id (FIX 11).</summary>
    public ClOrdId ClOrdId { get; }

    /// <summary>Account (FIX 1).</summary>
    public string Account { get; }

    /// <summary>Instrument (FIX 55).</summary>
    public Symbol Symbol { get; }

    /// <summary>Buy or sell (FIX 54).</summary>
    public Side Side { get; }

    /// <summary>Order quantity in units (FIX 38, OrderQty); positive for a valid order.</summary>
    public Quantity Quantity { get; }

    /// <summary>Market, limit, stop or stop-limit (FIX 40, OrdType).</summary>
    public OrderType Type { get; }

    /// <summary>Limit price in quote currency (FIX 44); null for market orders.</summary>
    public Price? LimitPrice { get; }

    /// <summary>Stop (trigger) price in quote currency (FIX 99); null unless a stop or stop-limit order.</summary>
    public Price? StopPrice { get; }

    /// <summary>Time in force (FIX 59).</summary>
    public TimeInForce TimeInForce { get; }

    /// <summary>When the order was sent, UTC nanoseconds (FIX 60).</summary>
    public UnixNanos SentTime { get; }

    /// <summary>Creates a market order.</summary>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static OrderRequest Market(ClOrdId clOrdId, string account, Symbol symbol, Side side, Quantity quantity, UnixNanos sentTime, TimeInForce timeInForce = TimeInForce.Ioc)
        => new(clOrdId, account, symbol, side, quantity, OrderType.Market, null, timeInForce, sentTime);

    /// <summary>Creates a limit order at <paramref name="limitPrice"/> (quote currency per unit).</summary>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static OrderRequest Limit(ClOrdId clOrdId, string account, Symbol symbol, Side side, Quantity quantity, Price limitPrice, UnixNanos sentTime, TimeInForce timeInForce = TimeInForce.Ioc)
        => new(clOrdId, account, symbol, side, quantity, OrderType.Limit, limitPrice, timeInForce, sentTime);

    /// <summary>The same order under a new ClOrdID with a new quantity and prices (a cancel/replace, FIX 35=G);
    /// type, side, symbol, account and time in force stay.</summary>
    /// <exception cref="ArgumentException">The prices do not match the order type (see the constructor).</exception>
    public OrderRequest Replace(ClOrdId clOrdId, Quantity quantity, Price? limitPrice, Price? stopPrice, UnixNanos sentTime)
        => new(clOrdId, Account, Symbol, Side, quantity, Type, limitPrice, TimeInForce, sentTime, stopPrice);
}
