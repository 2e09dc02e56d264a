using Quant.Orleans.Gateway.Contracts;
using System.Text.Json;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Rendering;
using Spectre.Console;

namespace Quant.Orleans.Client.Tests.Rendering;

public sealed class RendererTests
{
    private static readonly DateTimeOffset Time = new(2013, 10, 7, 14, 0, 1, 250, TimeSpan.Zero);

    [Fact]
    public void PositionsShowEveryColumnAndTheCashLine()
    {
        var portfolio = new PortfolioView(
            "SIM-1", 1_000_000m, 981_760.5m, 1_000_012.5m, 3.25m, 12m, 0.5m,
            [new PositionView("IBM", 100m, 18_239.5m, 3.25m, 0.5m, 182.515m, 182.395m, 18_251.5m, 12m)],
            OrderCount: 2, FillCount: 1, RiskRejections: 0, Reconciled: true);
        var console = new CapturedConsole();

        PositionsRenderer.Render(console.Console, portfolio);

        var row = console.Text.Split('\n').Single(l => l.Contains("IBM", StringComparison.Ordinal));
        Assert.Equal(["IBM", "100", "182.395", "182.515", "+12.00", "+3.25", "0.50"], Cells(row));
        Assert.Contains("Cash 981,760.50  Equity 1,000,012.50", console.Text, StringComparison.Ordinal);
        Assert.Contains("Orders 2  Fills 1", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatPositionHasNoAverageCostAndNegativePnlHasItsSign()
    {
        var portfolio = new PortfolioView(
            "SIM-1", 1_000_000m, 999_990m, 999_990m, -9.5m, 0m, 0.5m,
            [new PositionView("IBM", 0m, 0m, -9.5m, 0.5m, 182m, 0m, 0m, 0m)], 2, 2, 0, true);
        var console = new CapturedConsole();

        PositionsRenderer.Render(console.Console, portfolio);

        var row = console.Text.Split('\n').Single(l => l.Contains("IBM", StringComparison.Ordinal));
        Assert.Equal(["IBM", "0", "-", "182.00", "0.00", "-9.50", "0.50"], Cells(row));
    }

    [Fact]
    public void BlotterShowsTypesPricesStatusFillsAndReasons()
    {
        var orders = JsonSerializer.Deserialize<OrderView[]>(Recorded.Orders, GatewayJson.Options)!;
        var console = new CapturedConsole();

        OrdersRenderer.Render(console.Console, "SIM-1", orders);

        var lines = console.Text.Split('\n');
        Assert.Equal(
            ["T-1", "-", "2013-10-07T14:00:01.250Z", "Buy", "100", "IBM", "Market", "Day", "-", "-", "Filled", "100", "0", "182.43"],
            Cells(lines.First(l => l.Contains("│ T-1 ", StringComparison.Ordinal))));
        Assert.Equal(
            ["T-2b", "T-2", "2013-10-07T14:00:05.000Z", "Sell", "50", "IBM", "StopLimit", "Gtc", "179.50", "180.00", "New", "0", "50", "-"],
            Cells(lines.First(l => l.Contains("│ T-2b ", StringComparison.Ordinal))));
        Assert.Contains("T-3 Rejected: PriceCollarBreached (OrdRejReason OrderExceedsLimit): limit buy 280 is more than 50 bps above the ask", console.Text, StringComparison.Ordinal);
        Assert.Contains("T-4 Canceled: cancelled by the kill switch", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("T-1 Filled:", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyBlotterSaysSo()
    {
        var console = new CapturedConsole();

        OrdersRenderer.Render(console.Console, "SIM-1", [], workingOnly: true);

        Assert.Contains("Working orders of SIM-1", console.Text, StringComparison.Ordinal);
        Assert.Contains("no working orders", console.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("New", "New", "accepted")]
    [InlineData("Trade", "Filled", "filled")]
    [InlineData("Trade", "PartiallyFilled", "partially filled")]
    [InlineData("Canceled", "Canceled", "cancelled")]
    [InlineData("Replaced", "New", "replaced")]
    [InlineData("Expired", "Expired", "expired")]
    [InlineData("Rejected", "Rejected", "rejected")]
    [InlineData("PendingNew", "PendingNew", "pending new")]
    [InlineData("PendingCancel", "New", "pending cancel")]
    [InlineData("DoneForDay", "DoneForDay", "done for day")]
    public void ReportsAreNamedForPeople(string execType, string ordStatus, string expected) =>
        Assert.Equal(expected, ExecutionReportRenderer.Describe(Report(execType, ordStatus)));

    [Theory]
    [InlineData("MaxOrderQuantityExceeded", "OrderExceedsLimit", "too big", "MaxOrderQuantityExceeded (OrdRejReason OrderExceedsLimit): too big")]
    [InlineData(null, "UnknownSymbol", "no such symbol", "OrdRejReason UnknownSymbol: no such symbol")]
    [InlineData("Halted", null, null, "Halted")]
    [InlineData(null, null, null, "rejected")]
    public void RejectionReasonNamesTheRiskCodeTheFixReasonAndTheText(string? risk, string? fix, string? text, string expected) =>
        Assert.Equal(expected, ExecutionReportRenderer.Reason(risk, fix, text));

    [Fact]
    public void FillLineCarriesQuantityPriceAndTotals()
    {
        var line = ExecutionReportRenderer.Line(Report("Trade", "PartiallyFilled") with { LastQty = 40m, LastPx = 182.45m, CumQty = 40m, LeavesQty = 60m });

        Assert.Equal("[green]partially filled[/] T-1 buy IBM at 2013-10-07T14:00:01.250Z: 40 @ 182.45, filled 40, leaves 60", line);
    }

    [Fact]
    public void MarkupInGatewayTextIsPrintedLiterally()
    {
        var console = new CapturedConsole();

        ExecutionReportRenderer.Render(console.Console, [Report("Rejected", "Rejected") with { RiskReason = "Other", Text = "bad [red]value[/]" }]);

        Assert.Contains("Other: bad [red]value[/]", console.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "buy 100 IBM market day")]
    [InlineData(185.1, null, "buy 100 IBM limit 185.10 day")]
    [InlineData(null, 180.0, "buy 100 IBM stop 180.00 day")]
    [InlineData(181.0, 180.0, "buy 100 IBM stop 180.00 limit 181.00 day")]
    public void OrdersAreDescribedByTheirPrices(double? limit, double? stop, string expected)
    {
        var order = new OrderView("T-1", null, "V-1", "SIM-1", "IBM", "Buy", "Limit", "Day", 100m, (decimal?)limit, (decimal?)stop, "New", 0m, 100m, null, Time, Time, null);

        Assert.Equal(expected, OrderResponseRenderer.Describe(order));
    }

    [Fact]
    public void RiskShowsTheStateLimitsUsageAndRejectionsByReason()
    {
        var risk = JsonSerializer.Deserialize<RiskView>(Recorded.Risk, GatewayJson.Options)!;
        var console = new CapturedConsole();

        RiskRenderer.Render(console.Console, risk);

        var lines = console.Text.Split('\n');
        Assert.Equal("SIM-1 HALTED: kill switch: fat finger", lines[0]);
        Assert.Equal(["Order quantity", "10,000", "-"], Cells(lines.Single(l => l.Contains("Order quantity", StringComparison.Ordinal))));
        Assert.Equal(["Price collar", "50 bps", "-"], Cells(lines.Single(l => l.Contains("Price collar", StringComparison.Ordinal))));
        Assert.Equal(["Gross exposure (USD)", "5,000,000.00", "18,250.50"], Cells(lines.Single(l => l.Contains("Gross exposure", StringComparison.Ordinal))));
        Assert.Equal(["Capital threshold (USD)", "900,000.00", "equity 1,000,005.00"], Cells(lines.Single(l => l.Contains("Capital threshold", StringComparison.Ordinal))));
        Assert.Equal(["Restricted symbols", "XYZ", "-"], Cells(lines.Single(l => l.Contains("Restricted", StringComparison.Ordinal))));
        Assert.Equal(["Working orders", "-", "2"], Cells(lines.Single(l => l.Contains("Working orders", StringComparison.Ordinal))));

        // Most frequent first; a zero count is left out.
        var halted = Array.FindIndex(lines, l => l.Contains("│ Halted ", StringComparison.Ordinal));
        var quantity = Array.FindIndex(lines, l => l.Contains("│ MaxOrderQuantityExceeded ", StringComparison.Ordinal));
        Assert.Equal(["Halted", "5"], Cells(lines[halted]));
        Assert.Equal(["MaxOrderQuantityExceeded", "2"], Cells(lines[quantity]));
        Assert.True(halted < quantity);
        Assert.DoesNotContain("PriceCollarBreached", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuarantinedAccountShowsItsStateAndReasonAndNoLimits()
    {
        var console = new CapturedConsole();

        RiskRenderer.Render(console.Console, new RiskView("SIM-2", "Quarantined", "journal 'portfolio-SIM-2' corrupted at byte 49", null, null, new Dictionary<string, long>()));
        KillRenderer.Render(console.Console, new KillResponse(["SIM-1"], 0, 12, 30, "Halted", [new AccountFailureView("SIM-2", "Quarantined", "journal corrupted at byte 49")]));

        Assert.StartsWith("SIM-2 QUARANTINED: journal 'portfolio-SIM-2' corrupted at byte 49\n", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Limits of", console.Text, StringComparison.Ordinal);
        Assert.Contains("NOT HALTED SIM-2 (Quarantined): journal corrupted at byte 49", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskWithoutRejectionsSaysSo()
    {
        var console = new CapturedConsole();
        var limits = new RiskLimitsView(5000, 250_000, 50, 20_000, 1_000_000, 500_000, 100, 500, []);

        RiskRenderer.Render(console.Console, new RiskView("SIM-1", "Active", null, limits, new RiskUsageView(0, 1_000_000, 0, 0), new Dictionary<string, long>()));

        Assert.StartsWith("SIM-1 ACTIVE\n", console.Text, StringComparison.Ordinal);
        Assert.Contains("Rejections: none", console.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fill", "fill   2013-10-07T14:00:01.250Z F-1 buy 100 IBM @ 182.45, fee 0.50")]
    [InlineData("signal", "signal 2013-10-07T14:00:02.000Z IBM forecast +0.00123 level +182.41 slope -0.0002 regime pass judge fail")]
    [InlineData("order", "order  rejected T-2 buy IBM at 2013-10-07T14:00:03.000Z: Halted (OrdRejReason OrderExceedsLimit): account SIM-1 is halted")]
    [InlineData("risk", "risk   SIM-1 HALTED: kill switch")]
    public void EventsAreOneLineEach(string name, string expected)
    {
        var data = Recorded.EventStream.Split("\n\n").Single(e => e.StartsWith($"event: {name}\n", StringComparison.Ordinal)).Split("data: ")[1];
        var console = new CapturedConsole();

        console.Console.MarkupLine(EventRenderer.Line(new GatewayEvent(name, data)));

        Assert.Equal(expected.Replace("F-1", "T-1", StringComparison.Ordinal), console.Text.TrimEnd());
    }

    [Fact]
    public void UnknownOrUnreadableEventsArePrintedAsTheyCame()
    {
        Assert.Equal("heartbeat [1]", EventRenderer.Line(new GatewayEvent("heartbeat", "[1]")).Replace("[[", "[", StringComparison.Ordinal).Replace("]]", "]", StringComparison.Ordinal));
        Assert.StartsWith("fill (unreadable: ", EventRenderer.Line(new GatewayEvent("fill", "{not json")), StringComparison.Ordinal);
    }

    private static ExecutionReportView Report(string execType, string ordStatus) =>
        new("E-1", "T-1", null, "V-1", "SIM-1", "IBM", "Buy", execType, ordStatus, null, null, 0m, 100m, null, null, null, null, Time);

    private static string[] Cells(string row) =>
        row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
}
