using System.Collections.Immutable;
using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Orders;

/// <summary>An <see cref="OrderManager"/>'s full state in an account snapshot.</summary>
/// <param name="Orders">Every logged order in creation order.</param>
/// <param name="Today">ClOrdIDs used today (ordinal order); they stay taken until the end of the day.</param>
/// <param name="PendingReplacements">Replacements sent to the venue and not yet confirmed (ordinal order of ClOrdID).</param>
/// <param name="Working">Leaves quantity of the working orders per symbol and side, as the order manager keeps it.</param>
/// <param name="WorkingCount">Orders with a leaves quantity above zero.</param>
/// <param name="WorkingNotional">Σ leaves quantity × reference price of the working orders, quote currency (exact, as accumulated).</param>
/// <param name="OrderSequence">The sequence of the last order id <c>{account}-O{sequence:D10}</c> given.</param>
/// <param name="ExecSequence">The sequence of the last system execution id <c>{account}-E{sequence:D10}</c> given.</param>
public sealed record OrderManagerSnapshot(
    ImmutableArray<OrderSnapshot> Orders,
    ImmutableArray<ClOrdId> Today,
    ImmutableArray<OrderRequest> PendingReplacements,
    ImmutableArray<WorkingQuantity> Working,
    int WorkingCount,
    decimal WorkingNotional,
    long OrderSequence,
    long ExecSequence);

/// <summary>Leaves quantity of the working buy and sell orders in one symbol.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Buy">Leaves quantity of working buys, units.</param>
/// <param name="Sell">Leaves quantity of working sells, units.</param>
public readonly record struct WorkingQuantity(Symbol Symbol, Quantity Buy, Quantity Sell);
