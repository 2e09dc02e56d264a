namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// The legal OrdStatus (FIX 39) transitions of one ClOrdID, after the FIX 4.4 order state change matrices
/// (Volume 4, Appendix D):
/// <list type="table">
/// <item><term>PendingNew</term><description>→ New, Rejected, PendingCancel, Expired</description></item>
/// <item><term>New</term><description>→ PartiallyFilled, Filled, PendingCancel, PendingReplace, Canceled, Expired</description></item>
/// <item><term>PartiallyFilled</term><description>→ PartiallyFilled, Filled, PendingCancel, PendingReplace, Canceled, Expired</description></item>
/// <item><term>PendingCancel</term><description>→ Canceled; back to New or PartiallyFilled when the cancel is rejected</description></item>
/// <item><term>PendingReplace</term><description>→ Replaced; back to New or PartiallyFilled when the replace is rejected</description></item>
/// <item><term>Filled, Canceled, Replaced, Rejected, Expired</term><description>terminal: no transition</description></item>
/// </list>
/// A replacement order (new ClOrdID) starts in New or PartiallyFilled, carrying the filled quantity of the order it
/// replaces. <see cref="Order"/> changes state only through <see cref="Require"/>, so an illegal transition cannot happen.
/// </summary>
public static class OrderStateMachine
{
    /// <summary>True when an order in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool IsLegal(OrdStatus from, OrdStatus to) => from switch
    {
        OrdStatus.PendingNew => to is OrdStatus.New or OrdStatus.Rejected or OrdStatus.PendingCancel or OrdStatus.Expired,
        OrdStatus.New or OrdStatus.PartiallyFilled => to is OrdStatus.PartiallyFilled or OrdStatus.Filled or OrdStatus.PendingCancel
            or OrdStatus.PendingReplace or OrdStatus.Canceled or OrdStatus.Expired,
        OrdStatus.PendingCancel => to is OrdStatus.Canceled or OrdStatus.New or OrdStatus.PartiallyFilled,
        OrdStatus.PendingReplace => to is OrdStatus.Replaced or OrdStatus.New or OrdStatus.PartiallyFilled,
        _ => false,
    };

    /// <summary>True for a state no report can leave: Filled, Canceled, Replaced, Rejected, Expired.</summary>
    public static bool IsTerminal(OrdStatus status) =>
        status is OrdStatus.Filled or OrdStatus.Canceled or OrdStatus.Replaced or OrdStatus.Rejected or OrdStatus.Expired;

    /// <summary>True when a cancel or a cancel/replace may be requested: New or PartiallyFilled (and, for a cancel
    /// only, PendingNew).</summary>
    public static bool CanCancel(OrdStatus status) => status is OrdStatus.New or OrdStatus.PartiallyFilled or OrdStatus.PendingNew;

    /// <summary>Checks a transition.</summary>
    /// <exception cref="InvalidOrderTransitionException">The transition is not legal.</exception>
    public static void Require(ClOrdId clOrdId, OrdStatus from, OrdStatus to)
    {
        if (!IsLegal(from, to))
        {
            throw new InvalidOrderTransitionException(clOrdId, from, to);
        }
    }
}

/// <summary>An execution report asked for an OrdStatus transition that <see cref="OrderStateMachine"/> forbids.</summary>
public sealed class InvalidOrderTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public InvalidOrderTransitionException(ClOrdId clOrdId, OrdStatus from, OrdStatus to)
        : base($"Order {clOrdId}: OrdStatus {from} cannot move to {to}.")
    {
        ClOrdId = clOrdId;
        From = from;
        To = to;
    }

    /// <summary>The order.</summary>
    public ClOrdId ClOrdId { get; }

    /// <summary>Its state.</summary>
    public OrdStatus From { get; }

    /// <summary>The refused target state.</summary>
    public OrdStatus To { get; }
}
