using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Portfolio;

/// <summary>One order as the account's order log shows it: the request, its latest status and its fills so far.</summary>
/// <param name="Order">The order as sent.</param>
/// <param name="Status">The latest OrdStatus (FIX 39).</param>
/// <param name="CumQty">Quantity filled so far, units (FIX 14).</param>
/// <param name="AveragePrice">Volume-weighted fill price (FIX 6); 0 when nothing filled.</param>
/// <param name="Text">Rejection or cancel reason (FIX 58), empty otherwise.</param>
/// <param name="Origin">What produced the order: <c>signal</c> or <c>manual</c>.</param>
public sealed record OrderRecord(OrderRequest Order, OrdStatus Status, Quantity CumQty, decimal AveragePrice, string Text, string Origin)
{
    /// <summary>True when the order can no longer fill (Filled, Canceled, Replaced, Rejected or Expired).</summary>
    public bool IsTerminal => OrderStateMachine.IsTerminal(Status);

    /// <summary>Order id (FIX 37), the same across cancel/replace; empty for an order never logged.</summary>
    public string OrderId { get; init; } = string.Empty;

    /// <summary>The ClOrdID this order replaced (FIX 41), or null.</summary>
    public ClOrdId? OrigClOrdId { get; init; }

    /// <summary>Quantity still working, units (FIX 151).</summary>
    public Quantity LeavesQty { get; init; }

    /// <summary>Transact time of the last report applied, UTC.</summary>
    public UnixNanos UpdatedTime { get; init; }

    /// <summary>FIX OrdRejReason when rejected.</summary>
    public OrdRejReason? RejectReason { get; init; }

    /// <summary>Risk reason code when the risk engine rejected it.</summary>
    public Risk.PreTradeRejectReason? RiskReason { get; init; }

    /// <summary>The audit trail of a signal order's sizing: the method (<c>kelly</c> or <c>policy@&lt;version&gt;</c>),
    /// the policy's position p (NaN for Kelly) and the signal's model version; null for a manual order.</summary>
    public Sizing.SizingAudit? Sizing { get; init; }
}

/// <summary>One point of the account's equity curve.</summary>
/// <param name="Time">Market time of the mark, UTC.</param>
/// <param name="Equity">Cash plus positions at their marks, quote currency.</param>
public readonly record struct EquityPoint(UnixNanos Time, decimal Equity);
