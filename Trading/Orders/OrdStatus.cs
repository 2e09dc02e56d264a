namespace Quant.Orleans.Trading.Orders;

/// <summary>The state of an order after an execution report (FIX tag 39, OrdStatus); the values are the FIX codes.</summary>
public enum OrdStatus : byte
{
    /// <summary>Accepted by the venue, nothing filled yet (FIX 39=0).</summary>
    New = (byte)'0',

    /// <summary>Part of the quantity filled, the rest still working (FIX 39=1).</summary>
    PartiallyFilled = (byte)'1',

    /// <summary>The whole quantity filled (FIX 39=2); terminal.</summary>
    Filled = (byte)'2',

    /// <summary>Cancelled, possibly after partial fills (FIX 39=4); terminal.</summary>
    Canceled = (byte)'4',

    /// <summary>Refused by a risk check or the venue (FIX 39=8); terminal.</summary>
    Rejected = (byte)'8',
}
