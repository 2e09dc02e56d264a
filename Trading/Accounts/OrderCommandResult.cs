using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Accounts;

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
