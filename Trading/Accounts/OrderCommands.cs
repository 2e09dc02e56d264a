using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>A new order single (FIX 35=D) from a client, before the account gives it a time and checks it.</summary>
/// <param name="ClOrdId">Client order id (FIX 11); null to let the account generate one.</param>
/// <param name="Symbol">Instrument.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Units, positive.</param>
/// <param name="OrdType">Market, limit, stop or stop-limit.</param>
/// <param name="LimitPrice">Limit price (limit and stop-limit), quote currency.</param>
/// <param name="StopPrice">Stop price (stop and stop-limit), quote currency.</param>
/// <param name="TimeInForce">DAY, GTC, IOC or FOK.</param>
public sealed record NewOrderCommand(string? ClOrdId, Symbol Symbol, Side Side, Quantity Quantity, OrderType OrdType, Price? LimitPrice, Price? StopPrice, TimeInForce TimeInForce);

/// <summary>A cancel/replace request (FIX 35=G): what changes; null keeps the original's value.</summary>
/// <param name="ClOrdId">The replacement's ClOrdID; null to let the account generate one.</param>
/// <param name="Quantity">New total order quantity (including what already filled), units.</param>
/// <param name="LimitPrice">New limit price.</param>
/// <param name="StopPrice">New stop price.</param>
public sealed record ReplaceCommand(string? ClOrdId, Quantity? Quantity, Price? LimitPrice, Price? StopPrice);
