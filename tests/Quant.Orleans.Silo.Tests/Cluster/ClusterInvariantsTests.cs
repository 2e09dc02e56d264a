using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Silo.Cluster;

namespace Quant.Orleans.Silo.Tests.Cluster;

/// <summary>The chaos run's invariants: they hold on consistent books, and each one fails on the defect it names.</summary>
public sealed class ClusterInvariantsTests
{
    private static readonly DateTimeOffset T0 = new(2013, 10, 7, 14, 0, 0, TimeSpan.Zero);

    private static OrderView Order(string id, string side, decimal quantity, decimal cum, string status = "Filled") =>
        new(id, null, $"o-{id}", "SIM-1", "IBM", side, "Market", "Day", quantity, null, null, status, cum, quantity - cum, cum > 0 ? 185m : null, T0, T0.AddSeconds(1), null);

    private static FillView Fill(string exec, string order, string side, decimal quantity, decimal price, decimal fee = 0.35m) =>
        new(exec, order, "SIM-1", "IBM", side, quantity, price, fee, T0.AddSeconds(1), T0);

    private static PortfolioView Account(decimal cash, decimal fees, decimal position, int fillCount, bool reconciled = true) =>
        new("SIM-1", 1_000_000m, cash, cash + (position * 185m), 0m, 0m, fees, [new PositionView("IBM", position, position * 185m, 0m, fees, 185m, 185m, position * 185m, 0m)], 2, fillCount, 0, reconciled);

    private static (OrderView[] Orders, FillView[] Fills, PortfolioView Account) Books()
    {
        var orders = new[] { Order("a", "Buy", 100, 100), Order("b", "Sell", 40, 40) };
        var fills = new[] { Fill("e1", "a", "Buy", 60, 185.00m), Fill("e2", "a", "Buy", 40, 185.10m), Fill("e3", "b", "Sell", 40, 186.00m) };
        var cash = 1_000_000m - (60 * 185.00m) - (40 * 185.10m) + (40 * 186.00m) - (3 * 0.35m);
        return (orders, fills, Account(cash, 1.05m, 60, 3));
    }

    private static Dictionary<string, bool> Verdicts(IReadOnlyCollection<OrderView> seen, OrderView[] orders, FillView[] fills, PortfolioView account) =>
        ClusterInvariants.Check(seen, orders, fills, account).ToDictionary(r => r.Name, r => r.Holds);

    [Fact]
    public void ConsistentBooksKeepEveryInvariant()
    {
        var (orders, fills, account) = Books();
        var results = ClusterInvariants.Check(orders, orders, fills, account);
        Assert.All(results, r => Assert.True(r.Holds, $"{r.Name}: {r.Detail}"));
        Assert.Equal(9, results.Count);
    }

    [Fact]
    public void ALostAcknowledgedOrderIsNamed()
    {
        var (orders, fills, account) = Books();
        var seen = orders.Append(Order("c", "Buy", 10, 0, "New")).ToArray();
        var result = ClusterInvariants.Check(seen, orders, fills, account).Single(r => r.Name == "acknowledged orders present");
        Assert.False(result.Holds);
        Assert.Contains("c", result.Detail, StringComparison.Ordinal);
        Assert.Contains("1 missing", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedTerminalOrderOrChangedTermsFail()
    {
        var (orders, fills, account) = Books();
        var terminalChanged = orders.Select(o => o.ClOrdId == "a" ? o with { Text = "rewritten" } : o).ToArray();
        Assert.False(Verdicts(orders, terminalChanged, fills, account)["acknowledged orders unchanged"]);

        // A working order may move on (fill, cancel), but its terms may not change.
        var working = Order("w", "Buy", 10, 0, "New");
        var canceled = working with { OrdStatus = "Canceled", LeavesQty = 0 };
        Assert.True(ClusterInvariants.SameOrder(working, canceled));
        Assert.False(ClusterInvariants.SameOrder(working, canceled with { Quantity = 11 }));
    }

    [Fact]
    public void AFillBookedTwiceOrWithoutItsOrderFails()
    {
        var (orders, fills, account) = Books();
        var twice = fills.Append(fills[0]).ToArray();
        var verdicts = Verdicts(orders, orders, twice, account);
        Assert.False(verdicts["no fill twice"]);
        Assert.False(verdicts["CumQty equals the fills"]);
        Assert.False(verdicts["cash equals the fills"]);
        Assert.False(verdicts["positions equal the fills"]);

        var orphan = fills.Append(Fill("e9", "zz", "Buy", 1, 185m, 0m)).ToArray();
        Assert.False(Verdicts(orders, orders, orphan, account)["no fill without its order"]);
    }

    [Fact]
    public void CashOffByACentOrAnUnreconciledLedgerFails()
    {
        var (orders, fills, account) = Books();
        Assert.False(Verdicts(orders, orders, fills, account with { Cash = account.Cash - 0.01m })["cash equals the fills"]);
        Assert.False(Verdicts(orders, orders, fills, account with { Reconciled = false })["ledger reconciles"]);
        Assert.False(Verdicts(orders, orders, fills, account with { FillCount = 2 })["ledger reconciles"]);
    }

    [Fact]
    public void DescribeGivesTheCountMedianAndWorst()
    {
        Assert.Equal("n=0", ChaosRun.Describe([]));
        Assert.Equal("n=3, median 2.00 s, worst 9.00 s", ChaosRun.Describe([TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]));
        Assert.Equal("n=2, median 1.50 s, worst 2.00 s", ChaosRun.Describe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]));
    }
}
