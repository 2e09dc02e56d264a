namespace Quant.Orleans.Client.Gateway;

/// <summary>An order and its current state, as the gateway's order endpoints return it. Enum values are the FIX
/// names in PascalCase (<c>Buy</c>, <c>StopLimit</c>, <c>Gtc</c>, <c>PartiallyFilled</c>).</summary>
/// <param name="ClOrdId">Client order id (FIX 11).</param>
/// <param name="OrigClOrdId">The ClOrdID this order replaced (FIX 41); null for an original order.</param>
/// <param name="OrderId">The venue's order id (FIX 37); null when the order never reached the venue.</param>
/// <param name="Account">The account (FIX 1).</param>
/// <param name="Symbol">Ticker (FIX 55).</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c> (FIX 54).</param>
/// <param name="OrdType"><c>Market</c>, <c>Limit</c>, <c>Stop</c> or <c>StopLimit</c> (FIX 40).</param>
/// <param name="TimeInForce"><c>Day</c>, <c>Gtc</c>, <c>Ioc</c> or <c>Fok</c> (FIX 59).</param>
/// <param name="Quantity">Order quantity in units (FIX 38).</param>
/// <param name="LimitPrice">Limit price in USD per unit (FIX 44); null for market and stop orders.</param>
/// <param name="StopPrice">Stop price in USD per unit (FIX 99); null for market and limit orders.</param>
/// <param name="OrdStatus">Order status (FIX 39): <c>New</c>, <c>PartiallyFilled</c>, <c>Filled</c>, <c>Canceled</c>,
/// <c>Replaced</c>, <c>Rejected</c>, <c>Expired</c>, ...</param>
/// <param name="CumQty">Units filled so far (FIX 14).</param>
/// <param name="LeavesQty">Units still working (FIX 151); zero in a terminal state.</param>
/// <param name="AvgPx">Volume-weighted fill price in USD per unit (FIX 6); null when nothing filled.</param>
/// <param name="CreatedTime">When the order was accepted, UTC.</param>
/// <param name="UpdatedTime">When its state last changed, UTC.</param>
/// <param name="Text">Why it was rejected or cancelled (FIX 58); null otherwise.</param>
/// <param name="OrdRejReason">FIX OrdRejReason name (FIX 103) of a rejected order; null otherwise.</param>
/// <param name="RiskReason">The risk engine's reason code of a rejected order; null otherwise.</param>
public sealed record OrderViewDto(
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
