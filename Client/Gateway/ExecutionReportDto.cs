namespace Quant.Orleans.Client.Gateway;

/// <summary>What happened to an order (FIX 35=8), as <c>POST /api/accounts/{account}/orders</c> returns it.</summary>
/// <param name="ExecId">Unique id of the report.</param>
/// <param name="ClOrdId">The order.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c>.</param>
/// <param name="ExecType">What the report announces: <c>New</c> (accepted), <c>Trade</c> (a fill), <c>Canceled</c> or <c>Rejected</c>.</param>
/// <param name="OrdStatus">The order's state after the report.</param>
/// <param name="OrderQty">Order quantity, units.</param>
/// <param name="CumQty">Units filled so far.</param>
/// <param name="LeavesQty">Units still working; zero in a terminal state.</param>
/// <param name="TransactTime">Market time of the event, UTC.</param>
/// <param name="Fill">The fill of a <c>Trade</c> report; null otherwise.</param>
/// <param name="RejectReason">FIX 103 reason code of a rejection (e.g. <c>OrderExceedsLimit</c>); null otherwise.</param>
/// <param name="Text">The venue's or the risk check's explanation; empty when there is none.</param>
public sealed record ExecutionReportDto(
    string ExecId,
    string ClOrdId,
    string Account,
    string Symbol,
    string Side,
    string ExecType,
    string OrdStatus,
    decimal OrderQty,
    decimal CumQty,
    decimal LeavesQty,
    DateTimeOffset TransactTime,
    FillDto? Fill,
    string? RejectReason,
    string Text);
