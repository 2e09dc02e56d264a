namespace Quant.Orleans.Trading.Orders;

/// <summary>The order type (FIX tag 40, OrdType); the values are the FIX codes.</summary>
public enum OrderType : byte
{
    /// <summary>Executes at the best available price (FIX 40=1); no limit or stop price.</summary>
    Market = (byte)'1',

    /// <summary>Executes at the limit price or better (FIX 40=2); needs a limit price.</summary>
    Limit = (byte)'2',

    /// <summary>Becomes a market order when the NBBO reaches the stop price (FIX 40=3); needs a stop price.</summary>
    Stop = (byte)'3',

    /// <summary>Becomes a limit order when the NBBO reaches the stop price (FIX 40=4); needs both prices.</summary>
    StopLimit = (byte)'4',
}
