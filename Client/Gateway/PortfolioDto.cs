namespace Quant.Orleans.Client.Gateway;

/// <summary>
/// An account's state as <c>GET /api/accounts/{account}</c> returns it. Amounts are in the quote currency (USD),
/// exact decimals as the gateway wrote them.
/// </summary>
/// <param name="Account">The account name, e.g. <c>SIM-1</c>.</param>
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
public sealed record PortfolioDto(
    string Account,
    decimal InitialCash,
    decimal Cash,
    decimal Equity,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    PositionDto[] Positions,
    int OrderCount,
    int FillCount,
    int RiskRejections,
    bool Reconciled);
