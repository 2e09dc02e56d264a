using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Risk;

/// <summary>
/// Minimal pre-trade risk checks in the spirit of SEC Rule 15c3-5 (market access rule), applied in this order:
/// <list type="number">
/// <item>quantity must be positive; a limit price must be positive;</item>
/// <item>quantity ≤ <see cref="PreTradeLimits.MaxOrderQuantity"/>;</item>
/// <item>an NBBO must exist and not be locked or crossed; a limit order needs the side it is collared against (the ask
/// for a buy, the bid for a sell); a market order needs both sides;</item>
/// <item>price collar (fat finger): a limit buy is rejected when <c>limit &gt; ask × (1 + c)</c>, a limit sell when
/// <c>limit &lt; bid × (1 − c)</c>, with <c>c = PriceCollarBps / 10⁴</c>. A market order is priced at the far side
/// (buy at the ask, sell at the bid) and that far price is collared against the near side: a market buy is rejected
/// when <c>ask &gt; bid × (1 + c)</c>, a market sell when <c>bid &lt; ask × (1 − c)</c> (a gapped book);</item>
/// <item>notional ≤ <see cref="PreTradeLimits.MaxOrderNotional"/>, valued at the limit price for a limit order and at
/// the far side for a market order.</item>
/// <item>stop orders: the stop price must be positive. A stop (market) order is not collared at entry (it is away from
/// the market by design) and its notional is valued at the stop price; a stop-limit order's limit is collared against
/// its own stop (buy: <c>limit &gt; stop × (1 + c)</c>, sell: <c>limit &lt; stop × (1 − c)</c> is rejected) and its
/// notional is valued at the limit.</item>
/// </list>
/// Every comparison is exact (decimal); a value equal to its limit is accepted. The accept path allocates nothing;
/// only a rejection builds its text. Stateless and thread-safe.
/// </summary>
public sealed class PreTradeChecks
{
    /// <summary>Creates the checks for <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="limits"/> is null.</exception>
    public PreTradeChecks(PreTradeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
    }

    /// <summary>The limits applied.</summary>
    public PreTradeLimits Limits { get; }

    /// <summary>Checks <paramref name="order"/> against the limits and the prevailing NBBO.</summary>
    /// <param name="order">The order to check.</param>
    /// <param name="nbbo">The NBBO prevailing now for the order's symbol, or null when none has been seen.</param>
    /// <returns><see cref="PreTradeResult.Accepted"/>, or a rejection with its reason and text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="nbbo"/> is for another symbol than the order.</exception>
    public PreTradeResult Check(OrderRequest order, Quote? nbbo)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (nbbo is { } q && q.Symbol != order.Symbol)
        {
            throw new ArgumentException($"NBBO is for {q.Symbol} but order {order.ClOrdId} is for {order.Symbol}.", nameof(nbbo));
        }

        if (!order.Quantity.IsPositive)
        {
            return Reject(PreTradeRejectReason.NonPositiveQuantity, $"Order {order.ClOrdId}: quantity {order.Quantity} must be positive.");
        }

        if (order.LimitPrice is { } lp && !lp.IsPositive)
        {
            return Reject(PreTradeRejectReason.NonPositiveLimitPrice, $"Order {order.ClOrdId}: limit price {lp} must be positive.");
        }

        if (order.StopPrice is { } sp && !sp.IsPositive)
        {
            return Reject(PreTradeRejectReason.NonPositiveStopPrice, $"Order {order.ClOrdId}: stop price {sp} must be positive.");
        }

        if (order.Quantity > Limits.MaxOrderQuantity)
        {
            return Reject(PreTradeRejectReason.MaxOrderQuantityExceeded, $"Order {order.ClOrdId}: quantity {order.Quantity} exceeds the max order quantity {Limits.MaxOrderQuantity}.");
        }

        if (nbbo is not { } quote)
        {
            return Reject(PreTradeRejectReason.NoQuote, $"Order {order.ClOrdId}: no NBBO for {order.Symbol}.");
        }

        if (quote.IsLockedOrCrossed)
        {
            return Reject(PreTradeRejectReason.LockedOrCrossedQuote, $"Order {order.ClOrdId}: NBBO for {order.Symbol} is locked or crossed (bid {quote.BidPrice}, ask {quote.AskPrice}).");
        }

        return order.Type switch
        {
            OrderType.Market => CheckMarket(order, quote),
            OrderType.Limit => CheckLimit(order, quote),
            _ => CheckStop(order),
        };
    }

    private PreTradeResult CheckStop(OrderRequest order)
    {
        var stop = order.StopPrice.GetValueOrDefault().ToDecimal();
        if (order.Type == OrderType.Stop)
        {
            return CheckNotional(order, stop);
        }

        var limit = order.LimitPrice.GetValueOrDefault().ToDecimal();
        var bps = Limits.PriceCollarBps;
        if (order.Side == Side.Buy ? limit * BasisPoints.PerUnit > stop * (BasisPoints.PerUnit + bps) : limit * BasisPoints.PerUnit < stop * (BasisPoints.PerUnit - bps))
        {
            var relation = order.Side == Side.Buy ? "above" : "below";
            return Reject(PreTradeRejectReason.PriceCollarBreached, $"Order {order.ClOrdId}: stop-limit {order.Side.ToString().ToLowerInvariant()} limit {limit} is more than {bps} bps {relation} its stop {stop}.");
        }

        return CheckNotional(order, limit);
    }

    private PreTradeResult CheckLimit(OrderRequest order, Quote quote)
    {
        var limit = order.LimitPrice.GetValueOrDefault().ToDecimal();
        var bps = Limits.PriceCollarBps;
        if (order.Side == Side.Buy)
        {
            if (!quote.AskPrice.IsPositive)
            {
                return Reject(PreTradeRejectReason.NoQuote, $"Order {order.ClOrdId}: no ask for {order.Symbol} to collar a limit buy against.");
            }

            var ask = quote.AskPrice.ToDecimal();
            if (limit * BasisPoints.PerUnit > ask * (BasisPoints.PerUnit + bps))
            {
                return Reject(PreTradeRejectReason.PriceCollarBreached, $"Order {order.ClOrdId}: limit buy {limit} is more than {bps} bps above the ask {ask} (collar {ask * (BasisPoints.PerUnit + bps) / BasisPoints.PerUnit}).");
            }
        }
        else
        {
            if (!quote.BidPrice.IsPositive)
            {
                return Reject(PreTradeRejectReason.NoQuote, $"Order {order.ClOrdId}: no bid for {order.Symbol} to collar a limit sell against.");
            }

            var bid = quote.BidPrice.ToDecimal();
            if (limit * BasisPoints.PerUnit < bid * (BasisPoints.PerUnit - bps))
            {
                return Reject(PreTradeRejectReason.PriceCollarBreached, $"Order {order.ClOrdId}: limit sell {limit} is more than {bps} bps below the bid {bid} (collar {bid * (BasisPoints.PerUnit - bps) / BasisPoints.PerUnit}).");
            }
        }

        return CheckNotional(order, limit);
    }

    private PreTradeResult CheckMarket(OrderRequest order, Quote quote)
    {
        if (!quote.IsTwoSided)
        {
            return Reject(PreTradeRejectReason.OneSidedQuote, $"Order {order.ClOrdId}: a market order needs a two-sided NBBO; {order.Symbol} has bid {quote.BidPrice}, ask {quote.AskPrice}.");
        }

        var bid = quote.BidPrice.ToDecimal();
        var ask = quote.AskPrice.ToDecimal();
        var bps = Limits.PriceCollarBps;
        if (order.Side == Side.Buy)
        {
            if (ask * BasisPoints.PerUnit > bid * (BasisPoints.PerUnit + bps))
            {
                return Reject(PreTradeRejectReason.PriceCollarBreached, $"Order {order.ClOrdId}: market buy would pay the ask {ask}, more than {bps} bps above the bid {bid}.");
            }

            return CheckNotional(order, ask);
        }

        if (bid * BasisPoints.PerUnit < ask * (BasisPoints.PerUnit - bps))
        {
            return Reject(PreTradeRejectReason.PriceCollarBreached, $"Order {order.ClOrdId}: market sell would receive the bid {bid}, more than {bps} bps below the ask {ask}.");
        }

        return CheckNotional(order, bid);
    }

    private PreTradeResult CheckNotional(OrderRequest order, decimal price)
    {
        var notional = price * order.Quantity.ToDecimal();
        if (notional > Limits.MaxOrderNotional)
        {
            return Reject(PreTradeRejectReason.MaxOrderNotionalExceeded, $"Order {order.ClOrdId}: notional {notional} ({order.Quantity} at {price}) exceeds the max order notional {Limits.MaxOrderNotional}.");
        }

        return PreTradeResult.Accepted;
    }

    private static PreTradeResult Reject(PreTradeRejectReason reason, string text) => PreTradeResult.Reject(reason, text);
}
