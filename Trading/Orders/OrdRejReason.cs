namespace Quant.Orleans.Trading.Orders;

/// <summary>Why an order was rejected (FIX tag 103, OrdRejReason); the values are the FIX codes.</summary>
public enum OrdRejReason
{
    /// <summary>Broker or risk option (FIX 103=0): a pre-trade check refused it.</summary>
    BrokerOption = 0,

    /// <summary>The symbol is not known (FIX 103=1).</summary>
    UnknownSymbol = 1,

    /// <summary>The order exceeds a limit (FIX 103=3): quantity, notional or price collar.</summary>
    OrderExceedsLimit = 3,

    /// <summary>The order arrived too late (FIX 103=4): its arrival precedes the venue's market-data clock.</summary>
    TooLateToEnter = 4,

    /// <summary>The ClOrdID was already used (FIX 103=6).</summary>
    DuplicateOrder = 6,

    /// <summary>The quantity is not valid (FIX 103=13).</summary>
    IncorrectQuantity = 13,

    /// <summary>Another reason, given in the report's text (FIX 103=99).</summary>
    Other = 99,
}
