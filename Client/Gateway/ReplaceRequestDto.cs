namespace Quant.Orleans.Client.Gateway;

/// <summary>The body of <c>POST /api/accounts/{account}/orders/{clOrdId}/replace</c> (FIX OrderCancelReplaceRequest,
/// 35=G). A null member keeps the order's current value and is left out of the JSON.</summary>
/// <param name="ClOrdId">ClOrdID of the replacement (FIX 11); null to let the gateway generate one.</param>
/// <param name="Quantity">New total order quantity in units (FIX 38), positive.</param>
/// <param name="LimitPrice">New limit price in USD per unit (FIX 44).</param>
/// <param name="StopPrice">New stop price in USD per unit (FIX 99).</param>
public sealed record ReplaceRequestDto(string? ClOrdId, decimal? Quantity, decimal? LimitPrice, decimal? StopPrice);
