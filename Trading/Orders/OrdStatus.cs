namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// The state of an order after an execution report (FIX tag 39, OrdStatus); the values are the FIX codes.
/// The legal transitions are in <see cref="OrderStateMachine"/>.
/// </summary>
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

    /// <summary>Replaced by a cancel/replace (FIX 39=5): this ClOrdID is done, the order lives on under the new
    /// ClOrdID; terminal for this ClOrdID.</summary>
    Replaced = (byte)'5',

    /// <summary>A cancel was requested and is being worked (FIX 39=6).</summary>
    PendingCancel = (byte)'6',

    /// <summary>Refused by a risk check or the venue (FIX 39=8); terminal.</summary>
    Rejected = (byte)'8',

    /// <summary>Sent, not yet acknowledged by the venue (FIX 39=A).</summary>
    PendingNew = (byte)'A',

    /// <summary>Its time in force ran out (FIX 39=C); terminal.</summary>
    Expired = (byte)'C',

    /// <summary>A cancel/replace was requested and is being worked (FIX 39=E).</summary>
    PendingReplace = (byte)'E',
}
