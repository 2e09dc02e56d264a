namespace Quant.Orleans.Client.Gateway;

/// <summary>An execution report (FIX 35=8) as the gateway returns it in an <see cref="OrderResponseDto"/> and in the
/// <c>order</c> events of <c>/api/events</c>.</summary>
/// <param name="ExecId">Unique id of the report (FIX 17).</param>
/// <param name="ClOrdId">The order (FIX 11).</param>
/// <param name="OrigClOrdId">The replaced or cancelled order (FIX 41); null otherwise.</param>
/// <param name="OrderId">The venue's order id (FIX 37); null when the order never reached the venue.</param>
/// <param name="Symbol">Ticker (FIX 55).</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c> (FIX 54).</param>
/// <param name="ExecType">What the report announces (FIX 150): <c>New</c>, <c>Trade</c>, <c>Canceled</c>,
/// <c>Replaced</c>, <c>Rejected</c>, <c>Expired</c>, ...</param>
/// <param name="OrdStatus">The order's status after the report (FIX 39).</param>
/// <param name="LastQty">Units of this fill (FIX 32); null when the report is not a fill.</param>
/// <param name="LastPx">Price of this fill in USD per unit (FIX 31); null when the report is not a fill.</param>
/// <param name="CumQty">Units filled so far (FIX 14).</param>
/// <param name="LeavesQty">Units still working (FIX 151).</param>
/// <param name="AvgPx">Volume-weighted fill price in USD per unit (FIX 6); null when nothing filled.</param>
/// <param name="OrdRejReason">FIX OrdRejReason name (FIX 103) of a rejection, e.g. <c>OrderExceedsLimit</c>.</param>
/// <param name="RiskReason">The risk engine's reason code of a rejection, e.g. <c>MaxOrderQuantityExceeded</c>.</param>
/// <param name="Text">A sentence naming the value and the limit (FIX 58); null when there is none.</param>
/// <param name="TransactTime">Time of the event, UTC (FIX 60).</param>
public sealed record ExecutionReportViewDto(
    string ExecId,
    string ClOrdId,
    string? OrigClOrdId,
    string? OrderId,
    string Symbol,
    string Side,
    string ExecType,
    string OrdStatus,
    decimal? LastQty,
    decimal? LastPx,
    decimal CumQty,
    decimal LeavesQty,
    decimal? AvgPx,
    string? OrdRejReason,
    string? RiskReason,
    string? Text,
    DateTimeOffset TransactTime);
