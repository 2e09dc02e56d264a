using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Risk;

/// <summary>Why <see cref="PreTradeChecks"/> or the <see cref="RiskEngine"/> refused an order (the risk reason code
/// of a rejection).</summary>
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

    /// <summary>The price is outside the fat-finger collar around the NBBO (or, for a stop-limit, around its stop).</summary>
    PriceCollarBreached,

    /// <summary>The stop price is zero or negative.</summary>
    NonPositiveStopPrice,

    /// <summary>The symbol is on the account's restricted list.</summary>
    RestrictedSymbol,

    /// <summary>The risk engine is <see cref="RiskState.Halted"/> (kill switch): no new order.</summary>
    Halted,

    /// <summary>The risk engine is <see cref="RiskState.Reducing"/> and the order does not reduce the exposure.</summary>
    ReducingOnly,

    /// <summary>More orders in the last second than <see cref="RiskLimits.MaxOrdersPerSecond"/>.</summary>
    OrderRateExceeded,

    /// <summary>The same order (symbol, side, type, quantity, prices) was accepted within
    /// <see cref="RiskLimits.DuplicateWindowMillis"/>.</summary>
    DuplicateOrderWindow,

    /// <summary>The position plus working orders in the symbol would exceed <see cref="RiskLimits.MaxPositionPerSymbol"/>.</summary>
    MaxPositionExceeded,

    /// <summary>The gross exposure would exceed <see cref="RiskLimits.MaxGrossExposure"/>.</summary>
    GrossExposureExceeded,

    /// <summary>Equity is below <see cref="RiskLimits.CapitalThreshold"/> and the order does not reduce the exposure.</summary>
    CapitalThresholdBreached,
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
            or PreTradeRejectReason.PriceCollarBreached or PreTradeRejectReason.MaxPositionExceeded
            or PreTradeRejectReason.GrossExposureExceeded or PreTradeRejectReason.CapitalThresholdBreached
            or PreTradeRejectReason.OrderRateExceeded => OrdRejReason.OrderExceedsLimit,
        PreTradeRejectReason.DuplicateOrderWindow => OrdRejReason.DuplicateOrder,
        PreTradeRejectReason.RestrictedSymbol => OrdRejReason.UnknownSymbol,
        PreTradeRejectReason.NonPositiveLimitPrice or PreTradeRejectReason.NonPositiveStopPrice or PreTradeRejectReason.NoQuote
            or PreTradeRejectReason.OneSidedQuote or PreTradeRejectReason.LockedOrCrossedQuote
            or PreTradeRejectReason.Halted or PreTradeRejectReason.ReducingOnly => OrdRejReason.BrokerOption,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Only a rejection reason maps to OrdRejReason."),
    };
}
