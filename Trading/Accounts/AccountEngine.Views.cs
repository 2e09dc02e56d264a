using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Accounts;

/// <content>Read-only views of the account.</content>
public sealed partial class AccountEngine
{
    /// <summary>The order log in creation order; only the orders not yet terminal when <paramref name="workingOnly"/>.</summary>
    public OrderRecord[] GetOrders(bool workingOnly)
    {
        var orders = workingOnly ? _book.Orders.Where(o => !o.IsTerminal) : _book.Orders;
        return orders.Select(o => o.ToRecord()).ToArray();
    }

    /// <summary>Every fill booked, in booking order.</summary>
    public Fill[] GetFills() => _book.Ledger.Fills.ToArray();

    /// <summary>Cash, PnL and positions now (quote currency), with whether the ledger reconciles.</summary>
    public PortfolioSnapshot Snapshot()
    {
        var ledger = _book.Ledger;
        return new PortfolioSnapshot(
            ledger.Account, ledger.InitialCash, ledger.Cash, ledger.Equity, ledger.RealizedPnl, ledger.UnrealizedPnl, ledger.Fees,
            ledger.GetPositions().ToArray(), _book.Orders.Count, ledger.Fills.Count, _book.RiskRejections, ledger.Reconcile().IsBalanced);
    }

    /// <summary>Orders, fills and the equity curve.</summary>
    public PortfolioRecord Record() =>
        new(_book.Orders.Select(o => o.ToRecord()).ToArray(), _book.Ledger.Fills.ToArray(), _book.EquityCurve.ToArray());

    /// <summary>Recomputes the ledger from its fills and checks the conservation of cash and positions (see
    /// <see cref="PortfolioLedger.Reconcile"/>).</summary>
    public ReconciliationReport Reconcile() => _book.Ledger.Reconcile();
}
