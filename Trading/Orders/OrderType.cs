namespace Quant.Orleans.Trading.Orders;

/// <summary>The order type (FIX tag 40, OrdType); the values are the FIX codes.</summary>
public enum OrderType : byte
{
    /// <summary>Executes at the best available price (FIX 40=1); needs no limit price.</summary>
    Market = (byte)'1',

    /// <summary>Executes at the limit price or better (FIX 40=2); needs a limit price.</summary>
    Limit = (byte)'2',
}
