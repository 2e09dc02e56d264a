namespace Quant.Orleans.Client.Gateway;

/// <summary>The body of <c>POST /api/accounts/{account}/orders</c> (FIX NewOrderSingle, 35=D). Null members are
/// left out of the JSON, so the gateway applies its defaults (a generated ClOrdID, time in force <c>day</c>).</summary>
/// <param name="Symbol">Ticker, upper case (FIX 55).</param>
/// <param name="Side"><c>buy</c> or <c>sell</c> (FIX 54).</param>
/// <param name="Quantity">Units, positive (FIX 38).</param>
/// <param name="OrdType"><c>market</c>, <c>limit</c>, <c>stop</c> or <c>stopLimit</c> (FIX 40).</param>
/// <param name="LimitPrice">Limit price in USD per unit (FIX 44); null for market and stop orders.</param>
/// <param name="StopPrice">Stop (trigger) price in USD per unit (FIX 99); null for market and limit orders.</param>
/// <param name="TimeInForce"><c>day</c>, <c>gtc</c>, <c>ioc</c> or <c>fok</c> (FIX 59); null for the gateway's default (<c>day</c>).</param>
/// <param name="ClOrdId">Client order id (FIX 11); null to let the gateway generate one.</param>
public sealed record OrderRequestDto(
    string Symbol,
    string Side,
    decimal Quantity,
    string OrdType,
    decimal? LimitPrice = null,
    decimal? StopPrice = null,
    string? TimeInForce = null,
    string? ClOrdId = null);
