namespace Quant.Orleans.Trading.Orders;

/// <summary>What an execution report announces (FIX tag 150, ExecType); the values are the FIX codes.</summary>
public enum ExecType : byte
{
    /// <summary>The order was accepted (FIX 150=0).</summary>
    New = (byte)'0',

    /// <summary>The order, or its unfilled remainder, was cancelled (FIX 150=4).</summary>
    Canceled = (byte)'4',

    /// <summary>The order was rejected (FIX 150=8).</summary>
    Rejected = (byte)'8',

    /// <summary>A fill (FIX 150=F): the report carries a <see cref="Fill"/>.</summary>
    Trade = (byte)'F',
}
