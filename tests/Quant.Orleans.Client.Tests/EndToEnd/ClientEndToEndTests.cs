using System.Globalization;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Tests.Commands;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>The client console against a real silo process replaying IBM on 2013-10-07 at 2000× real time.</summary>
public sealed class ClientEndToEndTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QuotesLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FillLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OrdersFromTheConsoleAreFilledRejectedOrRefusedAgainstARealSilo()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        await using var silo = SiloProcess.Start(data, "IBM", "2013-10-07", speed: 2000);
        await silo.WaitHealthyAsync(StartLimit);
        var status = await silo.WaitForQuotesAsync("IBM", QuotesLimit);
        var gateway = silo.Gateway;

        // A market buy is accepted, then filled at the NBBO when the next quote arrives.
        var buy = await ClientRun.InvokeAsync("order", "buy", "IBM", "100", "--gateway", gateway, "--account", "SIM-1");
        Assert.True(buy.ExitCode == ExitCodes.Ok, $"market buy: {buy}\nsilo:\n{silo.Log}");
        Assert.Contains("accepted", buy.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected", buy.Output, StringComparison.Ordinal);
        using var client = new GatewayClient(new Uri(gateway));
        var orderId = (await client.GetOrdersAsync("SIM-1")).Single(o => o.Origin == "manual").Order.ClOrdId;
        await silo.PollAsync(FillLimit, $"order {orderId} to be Filled", async c =>
            (await c.GetOrdersAsync("SIM-1")).Any(o => o.Order.ClOrdId == orderId && o.Status == "Filled") ? "filled" : null);

        var orders = await ClientRun.InvokeAsync("orders", "--gateway", gateway);
        Assert.True(orders.ExitCode == ExitCodes.Ok, orders.ToString());
        var row = orders.Output.Split('\n').Single(l => l.Contains(orderId, StringComparison.Ordinal) && l.Contains('│'));
        Assert.Contains("Filled", row, StringComparison.Ordinal);
        Assert.Contains("manual", row, StringComparison.Ordinal);

        var positions = await ClientRun.InvokeAsync("positions", "--gateway", gateway);
        Assert.True(positions.ExitCode == ExitCodes.Ok, positions.ToString());
        var ibm = positions.Output.Split('\n').Single(l => l.Contains("│ IBM", StringComparison.Ordinal));
        Assert.Equal("100", ibm.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Contains("Equity", positions.Output, StringComparison.Ordinal);

        // A limit buy at 1.5 × the mid is far through the price collar: rejected with the collar reason.
        var limit = decimal.Round((decimal)status.LastMid * 1.5m, 2).ToString(CultureInfo.InvariantCulture);
        var collared = await ClientRun.InvokeAsync("order", "buy", "IBM", "100", "--limit", limit, "--gateway", gateway);
        Assert.True(collared.ExitCode == ExitCodes.Rejected, collared.ToString());
        Assert.Contains("rejected", collared.Output, StringComparison.Ordinal);
        Assert.Contains("OrderExceedsLimit", collared.Output, StringComparison.Ordinal);
        Assert.Contains("collar", collared.Output, StringComparison.Ordinal);

        // Bad input is refused before anything is sent.
        var negative = await ClientRun.InvokeAsync("order", "buy", "IBM", "-5", "--gateway", gateway);
        Assert.True(negative.ExitCode == ExitCodes.BadInput, negative.ToString());
        Assert.Contains("Invalid quantity -5: the quantity must be positive.", negative.Error, StringComparison.Ordinal);
        Assert.Equal(0, negative.Connections);

        // Nothing else reached the account: one filled order and one rejected one.
        var manual = (await client.GetOrdersAsync("SIM-1")).Where(o => o.Origin == "manual").Select(o => o.Status).ToArray();
        Assert.Equal(["Filled", "Rejected"], manual);

        // A gateway that is not there: exit 2, naming the URL.
        var closed = ClientCommandLineTests.ClosedGateway();
        var unreachable = await ClientRun.InvokeAsync("positions", "--gateway", closed);
        Assert.True(unreachable.ExitCode == ExitCodes.Unreachable, unreachable.ToString());
        Assert.Contains($"Gateway {closed}/ is not reachable", unreachable.Error, StringComparison.Ordinal);
    }
}
