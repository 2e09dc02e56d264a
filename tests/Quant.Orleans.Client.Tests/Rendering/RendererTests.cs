using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Tests.Rendering;

public sealed class RendererTests
{
    private static readonly DateTimeOffset Time = new(2013, 10, 7, 14, 0, 1, 250, TimeSpan.Zero);

    [Fact]
    public void PositionsShowEveryColumnAndTheCashLine()
    {
        var portfolio = new PortfolioDto(
            "SIM-1", 1_000_000m, 981_760.5m, 1_000_012.5m, 3.25m, 12m, 0.5m,
            [new PositionDto("IBM", 100m, 18_239.5m, 3.25m, 0.5m, 182.515m, 182.395m, 18_251.5m, 12m)],
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
        var portfolio = new PortfolioDto(
            "SIM-1", 1_000_000m, 999_990m, 999_990m, -9.5m, 0m, 0.5m,
            [new PositionDto("IBM", 0m, 0m, -9.5m, 0.5m, 182m, 0m, 0m, 0m)], 2, 2, 0, true);
        var console = new CapturedConsole();

        PositionsRenderer.Render(console.Console, portfolio);

        var row = console.Text.Split('\n').Single(l => l.Contains("IBM", StringComparison.Ordinal));
        Assert.Equal(["IBM", "0", "-", "182.00", "0.00", "-9.50", "0.50"], Cells(row));
    }

    [Fact]
    public void BlotterShowsStatusFillsAndTheReasonOfARejection()
    {
        OrderLogEntryDto[] orders =
        [
            new(new OrderDto("SIM-1-0000000001", "SIM-1", "IBM", "Buy", 100m, "Market", null, "Ioc", Time), "Filled", 100m, 182.43m, "", "manual"),
            new(new OrderDto("SIM-1-0000000002", "SIM-1", "IBM", "Buy", 100m, "Limit", 280m, "Ioc", Time), "Rejected", 0m, 0m, "limit buy 280 is more than 50 bps above the ask", "manual"),
        ];
        var console = new CapturedConsole();

        OrdersRenderer.Render(console.Console, "SIM-1", orders);

        var lines = console.Text.Split('\n');
        var filled = Cells(lines.First(l => l.Contains("SIM-1-0000000001", StringComparison.Ordinal)));
        Assert.Equal(["SIM-1-0000000001", "2013-10-07T14:00:01.250Z", "Buy", "100", "IBM", "Market", "-", "Filled", "100", "182.43", "manual"], filled);
        var rejected = Cells(lines.First(l => l.Contains("SIM-1-0000000002", StringComparison.Ordinal)));
        Assert.Equal("280.00", rejected[6]);
        Assert.Equal("Rejected", rejected[7]);
        Assert.Contains("SIM-1-0000000002 Rejected: limit buy 280 is more than 50 bps above the ask", console.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("New", "New", "accepted")]
    [InlineData("Trade", "Filled", "filled")]
    [InlineData("Trade", "PartiallyFilled", "partially filled")]
    [InlineData("Canceled", "Canceled", "cancelled")]
    [InlineData("Rejected", "Rejected", "rejected")]
    public void ReportsAreNamedForPeople(string execType, string ordStatus, string expected) =>
        Assert.Equal(expected, ExecutionReportRenderer.Describe(Report(execType, ordStatus)));

    [Fact]
    public void RejectionLineCarriesTheReasonCodeAndText()
    {
        var console = new CapturedConsole();

        ExecutionReportRenderer.Render(console.Console, [Report("Rejected", "Rejected") with { RejectReason = "OrderExceedsLimit", Text = "limit buy 280 is more than 50 bps above the ask 182.55 (collar 183.46275)." }]);

        Assert.Equal(
            "rejected SIM-1-0000000002 buy 100 IBM at 2013-10-07T14:00:01.250Z: OrderExceedsLimit: limit buy 280 is more than 50 bps above the ask 182.55 (collar 183.46275).",
            console.Text.TrimEnd());
    }

    [Fact]
    public void FillLineCarriesQuantityPriceAndFee()
    {
        var console = new CapturedConsole();

        ExecutionReportRenderer.Render(console.Console, [Report("Trade", "Filled") with { CumQty = 100m, LeavesQty = 0m, Fill = new FillDto(100m, 182.45m, 0.5m) }]);

        Assert.Contains("filled SIM-1-0000000002 buy 100 IBM at 2013-10-07T14:00:01.250Z: 100 @ 182.45, fee 0.50, filled 100, leaves 0", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoReportMeansAcceptedAndWorking()
    {
        var console = new CapturedConsole();

        ExecutionReportRenderer.Render(console.Console, []);

        Assert.StartsWith("accepted: the order passed the pre-trade checks and is working at the venue", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkupInGatewayTextIsPrintedLiterally()
    {
        var console = new CapturedConsole();

        ExecutionReportRenderer.Render(console.Console, [Report("Rejected", "Rejected") with { RejectReason = "Other", Text = "bad [red]value[/]" }]);

        Assert.Contains("Other: bad [red]value[/]", console.Text, StringComparison.Ordinal);
    }

    private static ExecutionReportDto Report(string execType, string ordStatus) =>
        new("E-1", "SIM-1-0000000002", "SIM-1", "IBM", "Buy", execType, ordStatus, 100m, 0m, 100m, Time, null, null, "");

    private static string[] Cells(string row) =>
        row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
}
