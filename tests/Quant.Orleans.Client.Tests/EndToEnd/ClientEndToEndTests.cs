using Quant.Orleans.Gateway.Contracts;
using System.Globalization;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Tests.Commands;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>
/// The client console against a real silo process (<see cref="SiloFixture"/>): the console runs as its own process in
/// interactive mode and is driven through its standard input, one line at a time, like a person at a terminal. Each
/// test trades its own account. The waits are generous (the machine may be busy); nothing asserts on speed.
/// </summary>
public sealed class ClientEndToEndTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARestingOrderIsListedReplacedAndCancelledAndBadInputIsExplained()
    {
        fixture.RequireSilo();
        const string account = "E2E-ORDERS";
        var price = await RestingBuyPriceAsync();
        await using var console = await ConsoleProcess.StartAsync(fixture.Gateway, account, Limit);

        // Accepted by the risk checks (PendingNew); the venue acknowledges it with the next quote (New).
        var placed = await console.RunAsync($"order buy IBM 100 --limit {price} --tif day --id E2E-A", Limit);
        Assert.Matches($"order E2E-A is (PendingNew|New): buy 100 IBM limit {Formats(price)} day, filled 0, leaves 100", placed);
        await WaitForStatusAsync(account, "E2E-A", "New");

        var working = await console.RunAsync("orders --working", Limit);
        Assert.Contains($"Working orders of {account}", working, StringComparison.Ordinal);
        Assert.Equal(["E2E-A", "-", "Buy", "100", "IBM", "Limit", "Day", Formats(price), "-", "New", "0", "100", "-"], RowWithout(working, "E2E-A", createdColumn: 2));

        var lower = price - 0.5m;
        var replaced = await console.RunAsync($"replace E2E-A --qty 200 --limit {lower} --id E2E-B", Limit);
        Assert.Contains("E2E-B (replaces E2E-A) buy IBM", replaced, StringComparison.Ordinal);
        await WaitForStatusAsync(account, "E2E-B", "New");
        var both = await console.RunAsync("orders", Limit);
        Assert.Equal("Replaced", RowWithout(both, "E2E-A", createdColumn: 2)[9]);
        Assert.Equal(["E2E-B", "E2E-A", "Buy", "200", "IBM", "Limit", "Day", Formats(lower), "-", "New", "0", "200", "-"], RowWithout(both, "E2E-B", createdColumn: 2));

        var cancelled = await console.RunAsync("cancel E2E-B", Limit);
        Assert.Matches("order E2E-B \\(replaces E2E-A\\) is (PendingCancel|Canceled): buy 200 IBM", cancelled);
        await WaitForStatusAsync(account, "E2E-B", "Canceled");
        Assert.Equal("Canceled", RowWithout(await console.RunAsync("orders", Limit), "E2E-B", createdColumn: 2)[9]);
        Assert.Empty(Rows(await console.RunAsync("orders --working", Limit)));

        // A second cancel is too late (409, FIX OrderCancelReject): the console says why and the session goes on.
        var errors = console.Error.Length;
        await console.RunAsync("cancel E2E-B", Limit);
        await console.WaitForErrorAsync("error: refused: ", Limit, errors);
        await console.WaitForErrorAsync("too late to cancel", Limit, errors);

        // Bad input is explained before anything is sent; an unknown symbol is refused by the gateway's checks.
        await console.RunAsync("order buy IBM -5", Limit);
        await console.WaitForErrorAsync("error: quantity must be positive, got -5.", Limit, errors);
        await console.RunAsync("order buy IBM 100 --limit 18x.1", Limit);
        await console.WaitForErrorAsync("error: malformed price '18x.1' for --limit", Limit, errors);
        var unknown = await console.RunAsync("order buy ZZZZ 100 --limit 10", Limit);
        Assert.Contains("rejected ", unknown, StringComparison.Ordinal);
        Assert.Contains("ZZZZ", unknown, StringComparison.Ordinal);

        Assert.Equal(0, await console.ExitAsync(Limit));
    }

    [Fact]
    public async Task ARiskRejectionShowsTheReasonAndTheKillSwitchHaltsUntilResume()
    {
        fixture.RequireSilo();
        const string account = "E2E-RISK";
        var price = await RestingBuyPriceAsync();
        await using var console = await ConsoleProcess.StartAsync(fixture.Gateway, account, Limit);

        // The gateway knows an account once it has sent an order.
        Assert.DoesNotContain("rejected", await console.RunAsync($"order buy IBM 100 --limit {price} --id E2E-K", Limit), StringComparison.Ordinal);
        await WaitForStatusAsync(account, "E2E-K", "New");
        Assert.StartsWith($"{account} ACTIVE", await console.RunAsync("risk", Limit), StringComparison.Ordinal);

        var tooBig = await console.RunAsync($"order buy IBM 10000 --limit {price}", Limit);
        Assert.Contains("rejected ", tooBig, StringComparison.Ordinal);
        Assert.Contains("MaxOrderQuantityExceeded (OrdRejReason OrderExceedsLimit): ", tooBig, StringComparison.Ordinal);
        Assert.Contains("is Rejected", tooBig, StringComparison.Ordinal);
        var collared = await console.RunAsync($"order buy IBM 100 --limit {decimal.Round(price * 1.5m, 2)}", Limit);
        Assert.Contains("PriceCollarBreached (OrdRejReason OrderExceedsLimit): ", collared, StringComparison.Ordinal);

        var rejections = (await console.RunAsync("risk", Limit)).Split('\n');
        Assert.Equal(["MaxOrderQuantityExceeded", "1"], Cells(rejections.Single(l => l.Contains("│ MaxOrderQuantityExceeded ", StringComparison.Ordinal))));
        Assert.Equal(["PriceCollarBreached", "1"], Cells(rejections.Single(l => l.Contains("│ PriceCollarBreached ", StringComparison.Ordinal))));

        // The kill switch, confirmed on standard input, blocks new orders and cancels the resting one.
        var before = console.Output.Length;
        await console.SendAsync("kill --reason \"e2e drill\"");
        await console.WaitForOutputAsync($"Halt {account}: reject every new order and cancel every working order? [y/N]", Limit, before);
        var killed = await console.RunAsync("y", Limit);
        Assert.Contains($"HALTED {account}: 1 working order cancelled; new orders blocked after ", killed, StringComparison.Ordinal);

        var halted = await console.RunAsync("risk", Limit);
        Assert.StartsWith($"{account} HALTED", halted, StringComparison.Ordinal);
        Assert.Contains("e2e drill", halted.Split('\n')[0], StringComparison.Ordinal);
        await WaitForStatusAsync(account, "E2E-K", "Canceled");

        var blocked = await console.RunAsync($"order buy IBM 100 --limit {price}", Limit);
        Assert.Contains("rejected ", blocked, StringComparison.Ordinal);
        Assert.Contains("Halted", blocked, StringComparison.Ordinal);

        Assert.StartsWith($"{account} ACTIVE", await console.RunAsync("resume", Limit), StringComparison.Ordinal);
        Assert.StartsWith($"{account} ACTIVE", await console.RunAsync("risk", Limit), StringComparison.Ordinal);
        Assert.DoesNotContain("rejected", await console.RunAsync($"order buy IBM 100 --limit {price} --id E2E-L", Limit), StringComparison.Ordinal);
        await WaitForStatusAsync(account, "E2E-L", "New");
        Assert.DoesNotContain("rejected", await console.RunAsync("cancel E2E-L", Limit), StringComparison.Ordinal);

        Assert.Equal(0, await console.ExitAsync(Limit));
    }

    [Fact]
    public async Task WatchShowsTheAccountsOrderEventsUntilEnterOrTheCount()
    {
        fixture.RequireSilo();
        const string account = "E2E-WATCH";
        var price = await RestingBuyPriceAsync();
        await using var console = await ConsoleProcess.StartAsync(fixture.Gateway, account, Limit);
        using var client = new GatewayClient(new Uri(fixture.Gateway));

        // Without a count: events until Enter.
        var start = console.Output.Length;
        await console.SendAsync("watch");
        await console.WaitForOutputAsync($"watching the events of {account}", Limit, start);
        await client.SubmitOrderAsync(account, new NewOrderRequest("IBM", "buy", 100m, "limit", price, ClOrdId: "E2E-W1"));
        await console.WaitForOutputAsync("order  accepted E2E-W1 buy IBM", Limit, start);
        await WaitForStatusAsync(account, "E2E-W1", "New");
        await client.CancelOrderAsync(account, "E2E-W1");
        await console.WaitForOutputAsync("order  cancelled E2E-W1 buy IBM", Limit, start);
        var stopped = await console.RunAsync(string.Empty, Limit);
        Assert.Matches("^stopped after [0-9]+ events?\\.\\n$", stopped);

        // With a count: the watch ends by itself after that many events.
        start = console.Output.Length;
        await console.SendAsync("watch --count 2");
        await console.WaitForOutputAsync($"watching the events of {account} until 2 arrive", Limit, start);
        await client.SubmitOrderAsync(account, new NewOrderRequest("IBM", "buy", 100m, "limit", price, ClOrdId: "E2E-W2"));
        await client.CancelOrderAsync(account, "E2E-W2");
        await console.WaitForOutputAsync("watched 2 events.", Limit, start);
        var counted = console.Output[start..].Split('\n');
        Assert.Equal(2, counted.Count(l => l.StartsWith("order ", StringComparison.Ordinal) || l.StartsWith("fill ", StringComparison.Ordinal) || l.StartsWith("signal ", StringComparison.Ordinal) || l.StartsWith("risk ", StringComparison.Ordinal)));

        Assert.Equal(0, await console.ExitAsync(Limit));
    }

    [Fact]
    public async Task AMarketRoundTripShowsInPositionsAndPnl()
    {
        fixture.RequireSilo();
        const string account = "E2E-PNL";
        await using var console = await ConsoleProcess.StartAsync(fixture.Gateway, account, Limit);
        using var client = new GatewayClient(new Uri(fixture.Gateway));

        Assert.DoesNotContain("rejected", await console.RunAsync("order buy IBM 100 --id E2E-P1", Limit), StringComparison.Ordinal);
        await WaitForStatusAsync(account, "E2E-P1", "Filled");
        var positions = await console.RunAsync("positions", Limit);
        Assert.Equal("100", Cells(positions.Split('\n').Single(l => l.Contains("│ IBM", StringComparison.Ordinal)))[1]);

        Assert.DoesNotContain("rejected", await console.RunAsync("order sell IBM 100 --id E2E-P2", Limit), StringComparison.Ordinal);
        await WaitForStatusAsync(account, "E2E-P2", "Filled");

        // The curve is rebuilt from the fills by the client; its last point must equal the silo's own ledger.
        var portfolio = await client.GetPortfolioAsync(account);
        var fills = await client.GetFillsAsync(account);
        Assert.Equal(2, fills.Length);
        var expected = (fills[1].LastPx - fills[0].LastPx) * 100m;
        Assert.Equal(expected, portfolio.RealizedPnl);
        var pnl = await console.RunAsync("pnl", Limit);
        Assert.Contains($"Realised {Signed(portfolio.RealizedPnl)}  Unrealised 0.00  Fees {Money(portfolio.Fees)}", pnl, StringComparison.Ordinal);
        Assert.Contains($"Realised net of fees over 2 fills", pnl, StringComparison.Ordinal);
        Assert.Contains($"last {Signed(portfolio.RealizedPnl - portfolio.Fees)}", pnl, StringComparison.Ordinal);

        Assert.Equal(0, await console.ExitAsync(Limit));
    }

    [Fact]
    public async Task OneShotCommandsExitWithTheirCodes()
    {
        fixture.RequireSilo();
        var price = await RestingBuyPriceAsync();

        var rejected = await ClientRun.InvokeAsync("order", "buy", "IBM", "10000", "--limit", price.ToString(CultureInfo.InvariantCulture), "--gateway", fixture.Gateway, "--account", "E2E-ONESHOT");
        Assert.True(rejected.ExitCode == ExitCodes.Rejected, rejected.ToString());

        var negative = await ClientRun.InvokeAsync("order", "buy", "IBM", "-5", "--gateway", fixture.Gateway);
        Assert.True(negative.ExitCode == ExitCodes.BadInput, negative.ToString());
        Assert.Equal(0, negative.Connections);

        var unknown = await ClientRun.InvokeAsync("cancel", "NO-SUCH-ORDER", "--gateway", fixture.Gateway, "--account", "E2E-ONESHOT");
        Assert.True(unknown.ExitCode == ExitCodes.BadInput, unknown.ToString());
        Assert.Contains("not found: ", unknown.Error, StringComparison.Ordinal);

        var closed = ClientCommandLineTests.ClosedGateway();
        var unreachable = await ClientRun.InvokeAsync("positions", "--gateway", closed);
        Assert.True(unreachable.ExitCode == ExitCodes.Unreachable, unreachable.ToString());
        Assert.Contains($"Gateway {closed}/ is not reachable", unreachable.Error, StringComparison.Ordinal);
    }

    private Task WaitForStatusAsync(string account, string clOrdId, string status) =>
        fixture.Silo!.PollAsync(Limit, $"order {clOrdId} of {account} to be {status}", async c =>
            (await c.GetOrdersAsync(account)).Any(o => o.ClOrdId == clOrdId && o.OrdStatus == status) ? "yes" : null);

    /// <summary>A buy limit 2% under the mid: inside no plausible move of IBM during a test, so it rests.</summary>
    private async Task<decimal> RestingBuyPriceAsync() => decimal.Round(await fixture.MidAsync() * 0.98m, 2);

    private static string Formats(decimal price) => Client.Rendering.Formats.Price(price);

    private static string Money(decimal value) => Client.Rendering.Formats.Money(value);

    private static string Signed(decimal value) => Client.Rendering.Formats.SignedMoney(value);

    private static string[] Rows(string table) => table.Split('\n').Where(l => l.StartsWith('│')).Skip(1).ToArray();

    /// <summary>The cells of the table row of order <paramref name="id"/>, without the created-time column.</summary>
    private static string[] RowWithout(string table, string id, int createdColumn)
    {
        var cells = Cells(table.Split('\n').Single(l => l.StartsWith($"│ {id} ", StringComparison.Ordinal))).ToList();
        cells.RemoveAt(createdColumn);
        return [.. cells];
    }

    private static string[] Cells(string row) =>
        row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
}
