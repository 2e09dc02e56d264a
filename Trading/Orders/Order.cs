using Quant.Orleans.Core;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// One ClOrdID's order as the account's <see cref="OrderManager"/> keeps it: the request, its OrdStatus and fills.
/// The status changes only through the order manager, which checks every change with <see cref="OrderStateMachine"/>.
/// </summary>
public sealed class Order
{
    internal Order(OrderRequest request, string orderId, string origin, OrdStatus status, ClOrdId? origClOrdId, Quantity cumQty, decimal cumNotional, decimal referencePrice)
    {
        Request = request;
        OrderId = orderId;
        Origin = origin;
        Status = status;
        OrigClOrdId = origClOrdId;
        CumQty = cumQty;
        CumNotional = cumNotional;
        ReferencePrice = referencePrice;
        CreatedTime = request.SentTime;
        UpdatedTime = request.SentTime;
    }

    /// <summary>The order as sent (for a replacement: as replaced).</summary>
    public OrderRequest Request { get; }

    /// <summary>Client order id (FIX 11).</summary>
    public ClOrdId ClOrdId => Request.ClOrdId;

    /// <summary>The ClOrdID this order replaced (FIX 41); null for an original order.</summary>
    public ClOrdId? OrigClOrdId { get; }

    /// <summary>Order id (FIX 37) given by the order manager; the same across cancel/replace.</summary>
    public string OrderId { get; }

    /// <summary>What produced the order: <c>signal</c> or <c>manual</c>.</summary>
    public string Origin { get; }

    /// <summary>OrdStatus (FIX 39).</summary>
    public OrdStatus Status { get; private set; }

    /// <summary>Quantity filled so far, units (FIX 14), including fills before a replace.</summary>
    public Quantity CumQty { get; private set; }

    /// <summary>Quantity still working, units (FIX 151): order quantity − filled, zero once terminal.</summary>
    public Quantity LeavesQty => OrderStateMachine.IsTerminal(Status) ? Quantity.Zero : Request.Quantity - CumQty;

    /// <summary>Σ fill quantity × price so far, quote currency.</summary>
    public decimal CumNotional { get; private set; }

    /// <summary>Volume-weighted fill price (FIX 6, AvgPx); null when nothing filled.</summary>
    public decimal? AveragePrice => CumQty.Raw == 0 ? null : CumNotional / CumQty.ToDecimal();

    /// <summary>Price per unit used to value the working quantity for gross exposure (limit, stop, or the far side
    /// of the NBBO at entry for a market order), quote currency.</summary>
    public decimal ReferencePrice { get; }

    /// <summary>When the order was created (its sent time), UTC.</summary>
    public UnixNanos CreatedTime { get; }

    /// <summary>Transact time of the last report applied, UTC.</summary>
    public UnixNanos UpdatedTime { get; private set; }

    /// <summary>The last rejection, cancel or expiry text (FIX 58); empty otherwise.</summary>
    public string Text { get; private set; } = string.Empty;

    /// <summary>FIX OrdRejReason when rejected.</summary>
    public OrdRejReason? RejectReason { get; private set; }

    /// <summary>The risk rule that rejected the order, when a risk rejection.</summary>
    public PreTradeRejectReason? RiskReason { get; private set; }

    /// <summary>How a signal order was sized (method, policy position, the signal's model version); null for a manual
    /// order.</summary>
    public Sizing.SizingAudit? Sizing { get; internal set; }

    /// <summary>True once no report can change the status (Filled, Canceled, Replaced, Rejected, Expired).</summary>
    public bool IsTerminal => OrderStateMachine.IsTerminal(Status);

    /// <summary>The order log line of this order.</summary>
    public OrderRecord ToRecord() => new(Request, Status, CumQty, AveragePrice ?? 0m, Text, Origin)
    {
        OrderId = OrderId,
        OrigClOrdId = OrigClOrdId,
        LeavesQty = LeavesQty,
        UpdatedTime = UpdatedTime,
        RejectReason = RejectReason,
        RiskReason = RiskReason,
        Sizing = Sizing,
    };

    /// <summary>Rebuilds an order exactly as <see cref="Capture"/> saw it (the snapshot is checked by the caller).</summary>
    internal static Order Restore(OrderSnapshot snapshot)
    {
        var order = new Order(snapshot.Request, snapshot.OrderId, snapshot.Origin, snapshot.Status, snapshot.OrigClOrdId, snapshot.CumQty, snapshot.CumNotional, snapshot.ReferencePrice)
        {
            UpdatedTime = snapshot.UpdatedTime,
            Text = snapshot.Text,
            RejectReason = snapshot.RejectReason,
            RiskReason = snapshot.RiskReason,
            Sizing = snapshot.Sizing,
        };
        return order;
    }

    /// <summary>The order's full state, for an account snapshot.</summary>
    internal OrderSnapshot Capture() =>
        new(Request, OrderId, Origin, Status, OrigClOrdId, CumQty, CumNotional, ReferencePrice, UpdatedTime, Text, RejectReason, RiskReason, Sizing);

    internal void MoveTo(OrdStatus to, UnixNanos time, string? text)
    {
        OrderStateMachine.Require(ClOrdId, Status, to);
        Status = to;
        Touch(time, text);
    }

    internal void Reject(OrdRejReason reason, PreTradeRejectReason? riskReason, string text)
    {
        RejectReason = reason;
        RiskReason = riskReason;
        Text = text;
    }

    internal void AddFill(Fill fill)
    {
        CumQty += fill.LastQty;
        CumNotional += fill.Notional;
    }

    private void Touch(UnixNanos time, string? text)
    {
        if (time > UpdatedTime)
        {
            UpdatedTime = time;
        }

        if (!string.IsNullOrEmpty(text))
        {
            Text = text;
        }
    }
}
