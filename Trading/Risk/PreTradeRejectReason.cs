using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Risk;

/// <summary>Why <see cref="PreTradeChecks"/> refused an order.</summary>
public enum PreTradeRejectReason
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>The order quantity is zero or negative.</summary>
    NonPositiveQuantity,

    /// <summary>The limit price is zero or negative.</summary>
    NonPositiveLimitPrice,

    /// <summary>The order quantity is above <see cref="PreTradeLimits.MaxOrderQuantity"/>.</summary>
    MaxOrderQuantityExceeded,

    /// <summary>The order notional is above <see cref="PreTradeLimits.MaxOrderNotional"/>.</summary>
    MaxOrderNotionalExceeded,

    /// <summary>There is no NBBO for the symbol, or the side the order is checked against is empty.</summary>
    NoQuote,

    /// <summary>A market order met a one-sided NBBO: it needs both a bid and an ask.</summary>
    OneSidedQuote,

    /// <summary>The NBBO is locked or crossed (bid at or above ask): no trustworthy reference price.</summary>
    LockedOrCrossedQuote,

    /// <summary>The price is outside the fat-finger collar around the NBBO.</summary>
    PriceCollarBreached,
}

/// <summary>Maps <see cref="PreTradeRejectReason"/> to the FIX reject reason sent on the execution report.</summary>
public static class PreTradeRejectReasonExtensions
{
    /// <summary>The FIX OrdRejReason (tag 103) for a pre-trade rejection.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is <see cref="PreTradeRejectReason.None"/> or not defined.</exception>
    public static OrdRejReason ToOrdRejReason(this PreTradeRejectReason reason) => reason switch
    {
        PreTradeRejectReason.NonPositiveQuantity => OrdRejReason.IncorrectQuantity,
        PreTradeRejectReason.MaxOrderQuantityExceeded or PreTradeRejectReason.MaxOrderNotionalExceeded
            or PreTradeRejectReason.PriceCollarBreached => OrdRejReason.OrderExceedsLimit,
        PreTradeRejectReason.NonPositiveLimitPrice or PreTradeRejectReason.NoQuote or PreTradeRejectReason.OneSidedQuote
            or PreTradeRejectReason.LockedOrCrossedQuote => OrdRejReason.BrokerOption,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Only a rejection reason maps to OrdRejReason."),
    };
}
