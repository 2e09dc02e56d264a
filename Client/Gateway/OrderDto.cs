namespace Quant.Orleans.Client.Gateway;

/// <summary>An order as the account sent it (inside <see cref="OrderLogEntryDto"/>).</summary>
/// <param name="ClOrdId">Client order id (FIX 11), e.g. <c>SIM-1-0000000001</c>.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c>.</param>
/// <param name="Quantity">Units, positive.</param>
/// <param name="Type"><c>Market</c> or <c>Limit</c>.</param>
/// <param name="LimitPrice">Limit price in USD per unit; null for a market order.</param>
/// <param name="TimeInForce">Time in force, e.g. <c>Ioc</c>.</param>
/// <param name="SentTime">Market time the order was sent, UTC.</param>
public sealed record OrderDto(
    string ClOrdId,
    string Account,
    string Symbol,
    string Side,
    decimal Quantity,
    string Type,
    decimal? LimitPrice,
    string TimeInForce,
    DateTimeOffset SentTime);
