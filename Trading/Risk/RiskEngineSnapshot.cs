using System.Collections.Immutable;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Risk;

/// <summary>A <see cref="RiskEngine"/>'s full state in an account snapshot (its limits come from the options).</summary>
/// <param name="State">Active, Reducing or Halted.</param>
/// <param name="StateReason">Why (kill or resume reason); empty when never changed.</param>
/// <param name="Accepted">Orders accepted since creation.</param>
/// <param name="RateWindow">Sent times of the accepted orders the message-rate window remembers, oldest first (at
/// most <see cref="RiskLimits.MaxOrdersPerSecond"/>).</param>
/// <param name="DuplicateWindow">The accepted orders the duplicate-order window remembers, in the engine's slot order
/// (slot 0 first; at most <see cref="RiskEngine.DuplicateMemory"/>).</param>
/// <param name="DuplicateWindowNext">The slot the next accepted order takes; equals the count until the window is full.</param>
/// <param name="Rejections">Rejections per reason code, in reason order (only reasons seen).</param>
public sealed record RiskEngineSnapshot(
    RiskState State,
    string StateReason,
    long Accepted,
    ImmutableArray<UnixNanos> RateWindow,
    ImmutableArray<AcceptedOrder> DuplicateWindow,
    int DuplicateWindowNext,
    ImmutableArray<RiskRejectionCount> Rejections);

/// <summary>What the duplicate-order check remembers of an accepted order.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">Order type.</param>
/// <param name="Quantity">Order quantity, units.</param>
/// <param name="LimitPrice">Limit price, quote currency; zero when none.</param>
/// <param name="StopPrice">Stop price, quote currency; zero when none.</param>
/// <param name="SentTime">Sent time, UTC.</param>
public readonly record struct AcceptedOrder(Symbol Symbol, Side Side, OrderType Type, Quantity Quantity, Price LimitPrice, Price StopPrice, UnixNanos SentTime);

/// <summary>Rejections counted for one risk reason.</summary>
/// <param name="Reason">The reason code.</param>
/// <param name="Count">Rejections, at least 1.</param>
public readonly record struct RiskRejectionCount(PreTradeRejectReason Reason, long Count);
