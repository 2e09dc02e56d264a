namespace Quant.Orleans.Gateway.Contracts;

/// <summary>An account's state (<c>GET /api/accounts/{account}</c>). Amounts are in the quote currency (USD), exact
/// decimals.</summary>
/// <param name="Account">The account, e.g. <c>SIM-1</c>.</param>
/// <param name="InitialCash">Starting cash.</param>
/// <param name="Cash">Cash now.</param>
/// <param name="Equity">Cash plus positions at their marks.</param>
/// <param name="RealizedPnl">Realised PnL, gross of fees.</param>
/// <param name="UnrealizedPnl">Unrealised PnL at the marks.</param>
/// <param name="Fees">Fees paid.</param>
/// <param name="Positions">One position per symbol ever traded (flat ones included).</param>
/// <param name="OrderCount">Orders created.</param>
/// <param name="FillCount">Fills applied.</param>
/// <param name="RiskRejections">Orders refused by the pre-trade checks.</param>
/// <param name="Reconciled">True when the ledger's conservation invariants hold.</param>
public sealed record PortfolioView(
    string Account,
    decimal InitialCash,
    decimal Cash,
    decimal Equity,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    PositionView[] Positions,
    int OrderCount,
    int FillCount,
    int RiskRejections,
    bool Reconciled);

/// <summary>A position in one symbol; amounts in the quote currency.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quantity">Signed units (negative: short).</param>
/// <param name="CostBasis">Signed cost of the open quantity.</param>
/// <param name="RealizedPnl">Realised PnL, gross of fees.</param>
/// <param name="Fees">Fees paid in this symbol.</param>
/// <param name="Mark">The last mark (NBBO mid), per unit.</param>
/// <param name="AverageCost">Cost basis per unit; 0 when flat.</param>
/// <param name="MarketValue">Quantity × mark.</param>
/// <param name="UnrealizedPnl">Market value − cost basis.</param>
public sealed record PositionView(
    string Symbol,
    decimal Quantity,
    decimal CostBasis,
    decimal RealizedPnl,
    decimal Fees,
    decimal Mark,
    decimal AverageCost,
    decimal MarketValue,
    decimal UnrealizedPnl);
