namespace Quant.Orleans.Trading.Orders;

/// <summary>What an execution report announces (FIX tag 150, ExecType); the values are the FIX codes.</summary>
public enum ExecType : byte
{
    /// <summary>The order was accepted (FIX 150=0).</summary>
    New = (byte)'0',

    /// <summary>The order, or its unfilled remainder, was cancelled (FIX 150=4).</summary>
    Canceled = (byte)'4',

    /// <summary>A cancel/replace took effect (FIX 150=5): the report carries the new ClOrdID and the OrigClOrdID.</summary>
    Replaced = (byte)'5',

    /// <summary>A cancel request was accepted and is being worked (FIX 150=6).</summary>
    PendingCancel = (byte)'6',

    /// <summary>The order was rejected (FIX 150=8).</summary>
    Rejected = (byte)'8',

    /// <summary>The order passed the pre-trade checks and was sent; the venue has not acknowledged it yet (FIX 150=A).</summary>
    PendingNew = (byte)'A',

    /// <summary>The order's time in force ran out, e.g. a DAY order at the end of the trading day (FIX 150=C).</summary>
    Expired = (byte)'C',

    /// <summary>A cancel/replace request was accepted and is being worked (FIX 150=E).</summary>
    PendingReplace = (byte)'E',

    /// <summary>A fill (FIX 150=F): the report carries a <see cref="Fill"/>.</summary>
    Trade = (byte)'F',
}
