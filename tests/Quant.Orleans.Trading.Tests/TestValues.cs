using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Tests;

/// <summary>Short constructors for test values (exact decimals in, fixed-point types out).</summary>
internal static class TestValues
{
    public const string Account = "ACC1";

    public static readonly Symbol Ibm = new("IBM");

    public static Price Px(decimal value) => Price.FromDecimal(value);

    public static Quantity Qty(decimal value) => Quantity.FromDecimal(value);

    public static UnixNanos At(long nanos) => new(nanos);

    public static Quote Nbbo(long time, decimal bid, decimal bidSize, decimal ask, decimal askSize, Symbol? symbol = null)
        => new(symbol ?? Ibm, At(time), Px(bid), Qty(bidSize), Px(ask), Qty(askSize));

    public static OrderRequest MarketOrder(string id, Side side, decimal qty, long sentTime = 0, Symbol? symbol = null)
        => OrderRequest.Market(new ClOrdId(id), Account, symbol ?? Ibm, side, Qty(qty), At(sentTime));

    public static OrderRequest LimitOrder(string id, Side side, decimal qty, decimal limit, long sentTime = 0, Symbol? symbol = null, TimeInForce timeInForce = TimeInForce.Ioc)
        => OrderRequest.Limit(new ClOrdId(id), Account, symbol ?? Ibm, side, Qty(qty), Px(limit), At(sentTime), timeInForce);

    public static OrderRequest StopOrder(string id, Side side, decimal qty, decimal stop, decimal? limit = null, long sentTime = 0, TimeInForce timeInForce = TimeInForce.Day)
        => new(new ClOrdId(id), Account, Ibm, side, Qty(qty), limit is null ? OrderType.Stop : OrderType.StopLimit, limit is { } l ? Px(l) : null, timeInForce, At(sentTime), Px(stop));

    public static Fill MakeFill(string id, Side side, decimal qty, decimal price, decimal fee = 0m, Symbol? symbol = null, string account = Account)
        => new(id, new ClOrdId("O-" + id), account, symbol ?? Ibm, side, Qty(qty), Px(price), fee, At(0), At(0));
}
