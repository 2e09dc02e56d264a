using System.Collections.Immutable;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounting;

/// <summary>A <see cref="PortfolioLedger"/>'s full state in an account snapshot. Amounts in quote currency, exact.</summary>
/// <param name="InitialCash">Cash at creation.</param>
/// <param name="Cash">Cash now.</param>
/// <param name="Fees">Total fees paid.</param>
/// <param name="RealizedPnl">Total realised PnL, gross of fees.</param>
/// <param name="Positions">Every symbol traded or marked, in the order the ledger first saw it.</param>
/// <param name="Fills">Every fill applied, in the order applied (their ids are the ledger's applied fill ids).</param>
public sealed record LedgerSnapshot(
    decimal InitialCash,
    decimal Cash,
    decimal Fees,
    decimal RealizedPnl,
    ImmutableArray<PositionSnapshot> Positions,
    ImmutableArray<Fill> Fills);

/// <summary>One symbol's position as the ledger keeps it (see <see cref="Position"/> for the conventions).</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Quantity">Signed position, units.</param>
/// <param name="CostBasis">Signed cost of the open quantity, quote currency.</param>
/// <param name="RealizedPnl">PnL realised on this symbol, gross of fees, quote currency.</param>
/// <param name="Fees">Fees paid on this symbol, quote currency.</param>
/// <param name="Mark">The mark, quote currency per unit (0 when never marked nor filled).</param>
public readonly record struct PositionSnapshot(Symbol Symbol, Quantity Quantity, decimal CostBasis, decimal RealizedPnl, decimal Fees, decimal Mark);
