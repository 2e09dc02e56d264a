using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Accounting;

/// <summary>
/// A snapshot of one symbol's position in a <see cref="PortfolioLedger"/>. Amounts in quote currency.
/// Conventions: <see cref="CostBasis"/> is the signed cost of the open quantity (positive long, negative short, zero
/// flat); unrealised PnL is <c>Quantity × Mark − CostBasis</c>; realised PnL is gross of fees.
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Quantity">Signed position, units (positive long, negative short).</param>
/// <param name="CostBasis">Signed cost of the open quantity, quote currency.</param>
/// <param name="RealizedPnl">PnL realised by closing trades, gross of fees, quote currency.</param>
/// <param name="Fees">Fees paid on this symbol's fills, quote currency.</param>
/// <param name="Mark">Price the position is marked at (last NBBO mid, or the last fill price before any quote), quote currency per unit.</param>
public readonly record struct Position(Symbol Symbol, Quantity Quantity, decimal CostBasis, decimal RealizedPnl, decimal Fees, decimal Mark)
{
    /// <summary>Average cost per unit <c>CostBasis / Quantity</c>, quote currency; zero when flat. Rounded by decimal division.</summary>
    public decimal AverageCost => Quantity.Raw == 0 ? 0m : CostBasis / Quantity.ToDecimal();

    /// <summary>Market value <c>Quantity × Mark</c>, quote currency (negative for a short).</summary>
    public decimal MarketValue => Quantity.ToDecimal() * Mark;

    /// <summary>Unrealised PnL <c>Quantity × Mark − CostBasis</c>, quote currency.</summary>
    public decimal UnrealizedPnl => MarketValue - CostBasis;
}
