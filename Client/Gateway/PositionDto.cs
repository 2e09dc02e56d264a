namespace Quant.Orleans.Client.Gateway;

/// <summary>One symbol's position inside <see cref="PortfolioDto"/>; amounts in the quote currency (USD).</summary>
/// <param name="Symbol">Ticker, upper case.</param>
/// <param name="Quantity">Signed units: positive long, negative short, zero flat.</param>
/// <param name="CostBasis">Signed cost of the open quantity.</param>
/// <param name="RealizedPnl">PnL realised by closing trades, gross of fees.</param>
/// <param name="Fees">Fees paid on this symbol's fills.</param>
/// <param name="Mark">Price per unit the position is marked at (last NBBO mid).</param>
/// <param name="AverageCost">Cost basis per unit (<c>CostBasis / Quantity</c>); zero when flat.</param>
/// <param name="MarketValue"><c>Quantity × Mark</c>.</param>
/// <param name="UnrealizedPnl"><c>Quantity × Mark − CostBasis</c>.</param>
public sealed record PositionDto(
    string Symbol,
    decimal Quantity,
    decimal CostBasis,
    decimal RealizedPnl,
    decimal Fees,
    decimal Mark,
    decimal AverageCost,
    decimal MarketValue,
    decimal UnrealizedPnl);
