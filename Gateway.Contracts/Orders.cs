namespace Quant.Orleans.Gateway.Contracts;

/// <summary>An order and its current state (<c>GET /api/accounts/{account}/orders</c>, and the <c>order</c> of an
/// <see cref="OrderResponse"/>). Enumerations are FIX names in PascalCase.</summary>
/// <param name="ClOrdId">Client order id (FIX 11).</param>
/// <param name="OrigClOrdId">The ClOrdID this order replaced (FIX 41); null for an original order.</param>
/// <param name="OrderId">The order id (FIX 37), the same across cancel/replace.</param>
/// <param name="Account">The account (FIX 1).</param>
/// <param name="Symbol">Ticker (FIX 55).</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c> (FIX 54).</param>
/// <param name="OrdType"><c>Market</c>, <c>Limit</c>, <c>Stop</c> or <c>StopLimit</c> (FIX 40).</param>
/// <param name="TimeInForce"><c>Day</c>, <c>Gtc</c>, <c>Ioc</c> or <c>Fok</c> (FIX 59).</param>
/// <param name="Quantity">Order quantity, units (FIX 38).</param>
/// <param name="LimitPrice">Limit price, quote currency per unit (FIX 44); null for market and stop orders.</param>
/// <param name="StopPrice">Stop price, quote currency per unit (FIX 99); null for market and limit orders.</param>
/// <param name="OrdStatus">Order status (FIX 39): <c>PendingNew</c>, <c>New</c>, <c>PartiallyFilled</c>, <c>Filled</c>,
/// <c>Canceled</c>, <c>Replaced</c>, <c>Rejected</c>, <c>Expired</c>, ...</param>
/// <param name="CumQty">Units filled so far (FIX 14).</param>
/// <param name="LeavesQty">Units still working (FIX 151); zero in a terminal state.</param>
/// <param name="AvgPx">Volume-weighted fill price, quote currency per unit (FIX 6); null when nothing filled.</param>
/// <param name="CreatedTime">When the order was sent, UTC.</param>
/// <param name="UpdatedTime">When its state last changed (the last report's transact time), UTC.</param>
/// <param name="Text">Why it was rejected, cancelled or expired (FIX 58); null otherwise.</param>
/// <param name="OrdRejReason">FIX OrdRejReason name (FIX 103) of a rejected order; null otherwise.</param>
/// <param name="RiskReason">The risk engine's reason code of a rejected order; null otherwise.</param>
public sealed record OrderView(
    string ClOrdId,
    string? OrigClOrdId,
    string? OrderId,
    string Account,
    string Symbol,
    string Side,
    string OrdType,
    string TimeInForce,
    decimal Quantity,
    decimal? LimitPrice,
    decimal? StopPrice,
    string OrdStatus,
    decimal CumQty,
    decimal LeavesQty,
    decimal? AvgPx,
    DateTimeOffset CreatedTime,
    DateTimeOffset UpdatedTime,
    string? Text,
    string? OrdRejReason = null,
    string? RiskReason = null);

/// <summary>An execution report (FIX 35=8), in answers and in the <c>order</c> events.</summary>
/// <param name="ExecId">Execution id (FIX 17).</param>
/// <param name="ClOrdId">Client order id (FIX 11).</param>
/// <param name="OrigClOrdId">The replaced order (FIX 41), for a replace.</param>
/// <param name="OrderId">Order id (FIX 37).</param>
/// <param name="Account">The account (FIX 1).</param>
/// <param name="Symbol">Ticker (FIX 55).</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c> (FIX 54).</param>
/// <param name="ExecType">FIX 150 name: <c>PendingNew</c>, <c>New</c>, <c>Trade</c>, <c>Canceled</c>, <c>Replaced</c>,
/// <c>Rejected</c>, <c>Expired</c>, ...</param>
/// <param name="OrdStatus">Order status after the report (FIX 39).</param>
/// <param name="LastQty">Units of this fill (FIX 32); null unless a trade.</param>
/// <param name="LastPx">Price of this fill (FIX 31); null unless a trade.</param>
/// <param name="CumQty">Units filled so far (FIX 14).</param>
/// <param name="LeavesQty">Units still working (FIX 151).</param>
/// <param name="AvgPx">Volume-weighted fill price (FIX 6); null when nothing filled.</param>
/// <param name="OrdRejReason">FIX 103 name of a rejection; null otherwise.</param>
/// <param name="RiskReason">The risk engine's reason code of a rejection; null otherwise.</param>
/// <param name="Text">FIX 58; null when empty.</param>
/// <param name="TransactTime">FIX 60, UTC.</param>
public sealed record ExecutionReportView(
    string ExecId,
    string ClOrdId,
    string? OrigClOrdId,
    string? OrderId,
    string Account,
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

/// <summary>A fill (<c>GET /api/accounts/{account}/fills</c> and the <c>fill</c> events).</summary>
/// <param name="ExecId">Execution id of the trade report (FIX 17).</param>
/// <param name="ClOrdId">The order (FIX 11).</param>
/// <param name="Account">The account (FIX 1).</param>
/// <param name="Symbol">Ticker (FIX 55).</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c>.</param>
/// <param name="LastQty">Units filled.</param>
/// <param name="LastPx">Fill price, quote currency per unit.</param>
/// <param name="Fee">Fee charged, quote currency.</param>
/// <param name="TransactTime">When it filled, UTC.</param>
/// <param name="QuoteTime">Time of the NBBO quote that priced it, UTC.</param>
public sealed record FillView(
    string ExecId,
    string ClOrdId,
    string Account,
    string Symbol,
    string Side,
    decimal LastQty,
    decimal LastPx,
    decimal Fee,
    DateTimeOffset TransactTime,
    DateTimeOffset QuoteTime);

/// <summary>The answer to an order command: the order after it and the reports it produced, in order.</summary>
/// <param name="Order">The order (the replacement, for a replace).</param>
/// <param name="Reports">The execution reports, oldest first.</param>
public sealed record OrderResponse(OrderView Order, ExecutionReportView[] Reports);

/// <summary>A 409 answer: the order's state does not allow the command (FIX OrderCancelReject).</summary>
/// <param name="Error">Why, with the FIX CxlRejReason.</param>
/// <param name="Order">The order as it is now; null when unknown.</param>
public sealed record OrderConflictResponse(string Error, OrderView? Order);

/// <summary>A new order single (FIX 35=D), the body of <c>POST /api/accounts/{account}/orders</c>. Enumerations are
/// matched without case and with <c>_</c> ignored (<c>stopLimit</c>, <c>StopLimit</c>, <c>stop_limit</c>). A field not
/// listed here is refused (<see cref="GatewayJson.RequestOptions"/>); numbers follow <see cref="RequestRules"/>.</summary>
/// <param name="Symbol">Ticker, e.g. <c>IBM</c>; required.</param>
/// <param name="Side"><c>buy</c> or <c>sell</c>; required.</param>
/// <param name="Quantity">Units, positive; required.</param>
/// <param name="OrdType"><c>market</c>, <c>limit</c>, <c>stop</c> or <c>stopLimit</c>; when absent, limit if a limit
/// price is given, else market.</param>
/// <param name="LimitPrice">Limit price, quote currency per unit (limit and stop-limit orders only).</param>
/// <param name="StopPrice">Stop price, quote currency per unit (stop and stop-limit orders only).</param>
/// <param name="TimeInForce"><c>day</c> (default), <c>gtc</c>, <c>ioc</c> or <c>fok</c>.</param>
/// <param name="ClOrdId">Client order id (FIX 11); generated by the account when absent.</param>
public sealed record NewOrderRequest(
    string? Symbol,
    string? Side,
    decimal? Quantity,
    string? OrdType = null,
    decimal? LimitPrice = null,
    decimal? StopPrice = null,
    string? TimeInForce = null,
    string? ClOrdId = null);

/// <summary>A cancel/replace (FIX 35=G), the body of <c>POST /api/accounts/{account}/orders/{clOrdId}/replace</c>;
/// absent fields keep the original's values, at least one must change. A field not listed here is refused
/// (<see cref="GatewayJson.RequestOptions"/>); numbers follow <see cref="RequestRules"/>.</summary>
/// <param name="ClOrdId">The replacement's ClOrdID; generated when absent.</param>
/// <param name="Quantity">New total quantity (including what already filled), units.</param>
/// <param name="LimitPrice">New limit price.</param>
/// <param name="StopPrice">New stop price.</param>
public sealed record ReplaceRequest(string? ClOrdId = null, decimal? Quantity = null, decimal? LimitPrice = null, decimal? StopPrice = null);
