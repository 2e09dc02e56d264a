using Quant.Orleans.Core;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Orders;

/// <summary>One <see cref="Order"/>'s full state in an account snapshot (what the order manager holds about it).</summary>
/// <param name="Request">The order as sent (for a replacement: as replaced).</param>
/// <param name="OrderId">Order id (FIX 37) given by the order manager.</param>
/// <param name="Origin"><c>signal</c> or <c>manual</c>.</param>
/// <param name="Status">OrdStatus (FIX 39).</param>
/// <param name="OrigClOrdId">The ClOrdID this order replaced (FIX 41); null for an original order.</param>
/// <param name="CumQty">Quantity filled so far, units (FIX 14).</param>
/// <param name="CumNotional">Σ fill quantity × price so far, quote currency (exact).</param>
/// <param name="ReferencePrice">Price valuing the working quantity for gross exposure, quote currency.</param>
/// <param name="UpdatedTime">Transact time of the last report applied, UTC.</param>
/// <param name="Text">The last rejection, cancel or expiry text (FIX 58); empty otherwise.</param>
/// <param name="RejectReason">FIX OrdRejReason when rejected.</param>
/// <param name="RiskReason">The risk rule that rejected the order, when a risk rejection.</param>
/// <param name="Sizing">How a signal order was sized; null for a manual order (and in snapshots written before it existed).</param>
public sealed record OrderSnapshot(
    OrderRequest Request,
    string OrderId,
    string Origin,
    OrdStatus Status,
    ClOrdId? OrigClOrdId,
    Quantity CumQty,
    decimal CumNotional,
    decimal ReferencePrice,
    UnixNanos UpdatedTime,
    string Text,
    OrdRejReason? RejectReason,
    PreTradeRejectReason? RiskReason,
    Sizing.SizingAudit? Sizing = null);
