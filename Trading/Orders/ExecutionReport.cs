using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// An execution report (FIX 35=8): what happened to an order. Immutable. A report with
/// <see cref="ExecType"/> = <see cref="ExecType.Trade"/> carries its <see cref="Fill"/>; the others carry none.
/// </summary>
/// <param name="ExecId">Unique id of this report (FIX 17); equals <see cref="Fill.FillId"/> for a trade.</param>
/// <param name="ClOrdId">The order (FIX 11).</param>
/// <param name="Account">Account (FIX 1).</param>
/// <param name="Symbol">Instrument (FIX 55).</param>
/// <param name="Side">Buy or sell (FIX 54).</param>
/// <param name="ExecType">What this report announces (FIX 150).</param>
/// <param name="OrdStatus">The order's state after this report (FIX 39).</param>
/// <param name="OrderQty">The order quantity in units (FIX 38).</param>
/// <param name="CumQty">Total quantity filled so far in units (FIX 14).</param>
/// <param name="LeavesQty">Quantity still working in units (FIX 151); zero in a terminal state.</param>
/// <param name="TransactTime">When the venue processed the event, UTC (FIX 60).</param>
/// <param name="Fill">The fill for a trade report; null otherwise.</param>
/// <param name="RejectReason">Why the order was rejected (FIX 103); null unless rejected.</param>
/// <param name="Text">Human explanation (FIX 58): the value and the rule for a rejection or cancel; empty otherwise.</param>
public sealed record ExecutionReport(
    string ExecId,
    ClOrdId ClOrdId,
    string Account,
    Symbol Symbol,
    Side Side,
    ExecType ExecType,
    OrdStatus OrdStatus,
    Quantity OrderQty,
    Quantity CumQty,
    Quantity LeavesQty,
    UnixNanos TransactTime,
    Fill? Fill,
    OrdRejReason? RejectReason,
    string Text)
{
    /// <summary>The ClOrdID this report's order replaced (FIX 41, OrigClOrdID): set on Replaced and PendingReplace
    /// reports and on every later report of a replacement order; null otherwise.</summary>
    public ClOrdId? OrigClOrdId { get; init; }

    /// <summary>The order id the account's order manager gave the order (FIX 37, OrderID); it stays the same across
    /// cancel/replace. Null on reports straight from the venue, set once the order manager has applied them.</summary>
    public string? OrderId { get; init; }

    /// <summary>Volume-weighted price of the fills so far (FIX 6, AvgPx), quote currency; null when nothing filled or
    /// not yet stamped by the order manager.</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary>The pre-trade risk rule that rejected the order, for a risk rejection; null otherwise.</summary>
    public Risk.PreTradeRejectReason? RiskReason { get; init; }
}
