namespace Quant.Orleans.Client.Gateway;

/// <summary>The body of <c>POST /api/accounts/{account}/orders</c>.</summary>
/// <param name="Symbol">Ticker, upper case.</param>
/// <param name="Side"><c>buy</c> or <c>sell</c>.</param>
/// <param name="Quantity">Units, positive.</param>
/// <param name="LimitPrice">Limit price in USD per unit; null (omitted from the JSON) for a market order.</param>
public sealed record OrderTicketDto(string Symbol, string Side, decimal Quantity, decimal? LimitPrice);
