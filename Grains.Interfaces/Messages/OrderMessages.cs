using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Interfaces.Messages;

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

/// <summary>How an order command ended, for the gateway's HTTP status.</summary>
public enum OrderCommandStatus
{
    /// <summary>Done (including risk rejections, which are reported on the order): HTTP 200.</summary>
    Ok,

    /// <summary>The command is invalid: HTTP 400.</summary>
    Invalid,

    /// <summary>No such order: HTTP 404.</summary>
    NotFound,

    /// <summary>The order's state does not allow it (FIX OrderCancelReject): HTTP 409.</summary>
    Conflict,
}

/// <summary>The answer to an order command.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Order">The order after the command (the replacement for a replace); null when not found.</param>
/// <param name="Reports">The execution reports it produced, in order (including reports the venue had queued for
/// the account).</param>
/// <param name="Error">Why, when not <see cref="OrderCommandStatus.Ok"/>.</param>
public sealed record OrderCommandResult(OrderCommandStatus Status, OrderRecord? Order, ExecutionReport[] Reports, string? Error);

/// <summary>An account's risk view.</summary>
/// <param name="Account">The account.</param>
/// <param name="State">Active, Reducing or Halted.</param>
/// <param name="StateReason">Why (kill or resume reason); empty when never changed.</param>
/// <param name="Limits">The limits applied.</param>
/// <param name="GrossExposure">Σ |position| × mark + Σ working order notional, quote currency.</param>
/// <param name="Equity">Cash + positions at marks, quote currency.</param>
/// <param name="OrdersLastSecond">Orders accepted in the last second of order time.</param>
/// <param name="WorkingOrders">Orders not yet terminal.</param>
/// <param name="Rejections">Rejections per risk reason code (only reasons seen).</param>
public sealed record RiskSnapshot(
    string Account,
    RiskState State,
    string StateReason,
    RiskLimits Limits,
    decimal GrossExposure,
    decimal Equity,
    int OrdersLastSecond,
    int WorkingOrders,
    IReadOnlyDictionary<PreTradeRejectReason, long> Rejections);

/// <summary>What the kill switch did to one account. Timestamps are <see cref="System.Diagnostics.Stopwatch"/> ticks
/// of this process, so the caller measures from its own receipt of the command.</summary>
/// <param name="Account">The account.</param>
/// <param name="OrdersCanceled">Working orders the venue cancelled.</param>
/// <param name="BlockedTimestamp">When the risk engine was Halted (every later order is rejected).</param>
/// <param name="CanceledTimestamp">When the venue's cancel acknowledgements were applied to the account.</param>
/// <param name="Risk">The account's risk view after the kill.</param>
public sealed record KillReport(string Account, int OrdersCanceled, long BlockedTimestamp, long CanceledTimestamp, RiskSnapshot Risk);
