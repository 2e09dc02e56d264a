using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>An account's state at a moment: cash, PnL and positions (amounts in the quote currency).</summary>
/// <param name="Account">The account.</param>
/// <param name="InitialCash">Starting cash.</param>
/// <param name="Cash">Cash now.</param>
/// <param name="Equity">Cash plus positions at their marks.</param>
/// <param name="RealizedPnl">Realised PnL before fees.</param>
/// <param name="UnrealizedPnl">Unrealised PnL at the marks.</param>
/// <param name="Fees">Fees paid.</param>
/// <param name="Positions">Positions, one per symbol ever traded.</param>
/// <param name="OrderCount">Orders created.</param>
/// <param name="FillCount">Fills applied.</param>
/// <param name="RiskRejections">Orders the pre-trade checks rejected.</param>
/// <param name="Reconciled">True when the ledger's conservation invariants hold.</param>
public sealed record PortfolioSnapshot(
    string Account,
    decimal InitialCash,
    decimal Cash,
    decimal Equity,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    Position[] Positions,
    int OrderCount,
    int FillCount,
    int RiskRejections,
    bool Reconciled);

/// <summary>The account's full record for reports: orders, fills and the equity curve.</summary>
/// <param name="Orders">Every order in creation order.</param>
/// <param name="Fills">Every fill in booking order.</param>
/// <param name="EquityCurve">Equity marks in time order.</param>
public sealed record PortfolioRecord(OrderRecord[] Orders, Fill[] Fills, EquityPoint[] EquityCurve);
