namespace Quant.Orleans.Client.Gateway;

/// <summary>One row of <c>GET /api/accounts/{account}/orders</c>: the order as sent and its latest state.</summary>
/// <param name="Order">The order as sent.</param>
/// <param name="Status">Latest order status (FIX 39): <c>New</c>, <c>PartiallyFilled</c>, <c>Filled</c>, <c>Canceled</c> or <c>Rejected</c>.</param>
/// <param name="CumQty">Units filled so far.</param>
/// <param name="AveragePrice">Volume-weighted fill price in USD per unit; zero when nothing filled.</param>
/// <param name="Text">Rejection or cancel reason; empty otherwise.</param>
/// <param name="Origin"><c>signal</c> (the strategy) or <c>manual</c> (a person, through this client).</param>
public sealed record OrderLogEntryDto(OrderDto Order, string Status, decimal CumQty, decimal AveragePrice, string Text, string Origin);
