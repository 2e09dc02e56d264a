using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Accounting;

public sealed class PortfolioLedgerTests
{
    [Fact]
    public void OpenAddPartialCloseFlipAndCloseMatchHandComputedBooks()
    {
        var ledger = new PortfolioLedger(Account, 100_000m);

        // 1. Open long: buy 100 @ 10, fee 1.
        ledger.Apply(MakeFill("F1", Side.Buy, 100m, 10m, 1m));
        AssertBooks(ledger, cash: 98_999m, qty: 100m, basis: 1_000m, realized: 0m, fees: 1m);

        // 2. Add: buy 50 @ 13. Basis 1,650, average cost 11.
        ledger.Apply(MakeFill("F2", Side.Buy, 50m, 13m, 1m));
        AssertBooks(ledger, cash: 98_348m, qty: 150m, basis: 1_650m, realized: 0m, fees: 2m);
        Assert.Equal(11m, ledger.GetPosition(Ibm).AverageCost);

        // Mark at 12: unrealised 150 x 12 - 1,650 = 150; equity 98,348 + 1,800.
        ledger.Mark(Ibm, 12m);
        Assert.Equal(150m, ledger.UnrealizedPnl);
        Assert.Equal(100_148m, ledger.Equity);

        // 3. Partial close: sell 60 @ 12 releases 1,650 x 60/150 = 660 of basis, realises 720 - 660 = 60.
        ledger.Apply(MakeFill("F3", Side.Sell, 60m, 12m, 1m));
        AssertBooks(ledger, cash: 99_067m, qty: 90m, basis: 990m, realized: 60m, fees: 3m);

        // 4. Flip: sell 150 @ 14 closes 90 (realises 1,260 - 990 = 270) and opens a 60 short at 14.
        ledger.Apply(MakeFill("F4", Side.Sell, 150m, 14m, 1m));
        AssertBooks(ledger, cash: 101_166m, qty: -60m, basis: -840m, realized: 330m, fees: 4m);
        Assert.Equal(14m, ledger.GetPosition(Ibm).AverageCost);

        // 5. Close: buy 60 @ 11 realises 840 - 660 = 180.
        ledger.Apply(MakeFill("F5", Side.Buy, 60m, 11m, 1m));
        AssertBooks(ledger, cash: 100_505m, qty: 0m, basis: 0m, realized: 510m, fees: 5m);
        Assert.Equal(0m, ledger.UnrealizedPnl);
        Assert.Equal(100_505m, ledger.Equity);
    }

    [Fact]
    public void ShortOpenedFromFlatEarnsWhenThePriceFalls()
    {
        var ledger = new PortfolioLedger(Account, 0m);
        ledger.Apply(MakeFill("F1", Side.Sell, 10m, 50m));
        ledger.Mark(Nbbo(1, 44.99m, 1m, 45.01m, 1m));
        Assert.Equal(-10m, ledger.GetPosition(Ibm).Quantity.ToDecimal());
        Assert.Equal(45m, ledger.GetPosition(Ibm).Mark);
        Assert.Equal(50m, ledger.UnrealizedPnl);
        Assert.Equal(50m, ledger.Equity);
        Assert.True(ledger.Reconcile().IsBalanced);
    }

    [Fact]
    public void DuplicateFillIdIsRejectedAndChangesNothing()
    {
        var ledger = new PortfolioLedger(Account, 1_000m);
        var fill = MakeFill("F1", Side.Buy, 10m, 10m, 0.5m);
        Assert.Equal(FillOutcome.Applied, ledger.Apply(fill));
        Assert.Equal(FillOutcome.Duplicate, ledger.Apply(fill));
        Assert.Equal(FillOutcome.Duplicate, ledger.Apply(MakeFill("F1", Side.Sell, 99m, 1m)));
        Assert.Equal(899.5m, ledger.Cash);
        Assert.Equal(10m, ledger.GetPosition(Ibm).Quantity.ToDecimal());
        Assert.Single(ledger.Fills);
        Assert.True(ledger.HasApplied("F1"));
    }

    [Fact]
    public void FillOfAnotherAccountIsRefused()
    {
        var ledger = new PortfolioLedger(Account, 1_000m);
        var e = Assert.Throws<ArgumentException>(() => ledger.Apply(MakeFill("F1", Side.Buy, 1m, 1m, account: "OTHER")));
        Assert.Contains("OTHER", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSidedQuoteDoesNotMoveTheMarkAndFirstFillPriceIsTheMark()
    {
        var ledger = new PortfolioLedger(Account, 1_000m);
        ledger.Apply(MakeFill("F1", Side.Buy, 1m, 10m));
        Assert.False(ledger.Mark(Nbbo(1, 11m, 1m, 0m, 0m)));
        Assert.Equal(10m, ledger.GetPosition(Ibm).Mark);
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Mark(Ibm, 0m));
    }

    [Fact]
    public void UnevenPartialCloseStillReconcilesExactly()
    {
        var ledger = new PortfolioLedger(Account, 10_000m);
        ledger.Apply(MakeFill("F1", Side.Buy, 3m, 10m));
        ledger.Apply(MakeFill("F2", Side.Buy, 3m, 10.01m));
        ledger.Apply(MakeFill("F3", Side.Sell, 1m, 10.5m, 0.01m));
        ledger.Mark(Ibm, 10.33m);
        var report = ledger.Reconcile().ThrowIfBroken();
        Assert.Equal(report.Equity - 10_000m, report.RealizedPnl + report.UnrealizedPnl - report.Fees);
    }

    [Fact]
    public void BrokenReportThrowsWithEveryBreakListed()
    {
        var report = new ReconciliationReport(Account, 1, 1m, 2m, 0m, 0m, 0m, 0m, ["cash 1 != 2", "fees x"]);
        var e = Assert.Throws<InvalidOperationException>(() => report.ThrowIfBroken());
        Assert.Contains("cash 1 != 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("fees x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PositionsAreListedByTicker()
    {
        var ledger = new PortfolioLedger(Account, 1_000m);
        ledger.Apply(MakeFill("F1", Side.Buy, 1m, 10m, symbol: new Symbol("MSFT")));
        ledger.Apply(MakeFill("F2", Side.Buy, 1m, 10m));
        Assert.Equal(["IBM", "MSFT"], ledger.GetPositions().Select(p => p.Symbol.Ticker));
        Assert.Equal(Quantity.Zero, ledger.GetPosition(new Symbol("AAPL")).Quantity);
    }

    private static void AssertBooks(PortfolioLedger ledger, decimal cash, decimal qty, decimal basis, decimal realized, decimal fees)
    {
        var position = ledger.GetPosition(Ibm);
        Assert.Equal(cash, ledger.Cash);
        Assert.Equal(qty, position.Quantity.ToDecimal());
        Assert.Equal(basis, position.CostBasis);
        Assert.Equal(realized, ledger.RealizedPnl);
        Assert.Equal(fees, ledger.Fees);
        ledger.Reconcile().ThrowIfBroken();
    }
}
