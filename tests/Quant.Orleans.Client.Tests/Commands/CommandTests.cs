using System.Net;
using System.Text.Json;

namespace Quant.Orleans.Client.Tests.Commands;

/// <summary>Client-side tests: each command against <see cref="StubGateway"/> answering with responses recorded from
/// the HTTP contract. They check the requests the commands send, what they print and their exit codes; the
/// end-to-end tests check the same commands against a real silo.</summary>
public sealed class CommandTests
{
    private const string Gateway = "http://gateway.test:5080";

    [Fact]
    public async Task OrderSendsTheContractBodyAndPrintsTheAcceptedOrder()
    {
        var stub = new StubGateway().On("POST", "/api/accounts/SIM-1/orders", Recorded.RestingOrder);

        var run = await ClientRun.WithStubAsync(stub, null, "order", "buy", "ibm", "100", "--limit", "150.25", "--tif", "gtc", "--id", "T-1", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var body = JsonDocument.Parse(stub.Requests.Single().Body!).RootElement;
        Assert.Equal("IBM", body.GetProperty("symbol").GetString());
        Assert.Equal("buy", body.GetProperty("side").GetString());
        Assert.Equal(100m, body.GetProperty("quantity").GetDecimal());
        Assert.Equal("limit", body.GetProperty("ordType").GetString());
        Assert.Equal(150.25m, body.GetProperty("limitPrice").GetDecimal());
        Assert.Equal("gtc", body.GetProperty("timeInForce").GetString());
        Assert.Equal("T-1", body.GetProperty("clOrdId").GetString());
        Assert.False(body.TryGetProperty("stopPrice", out _), "an absent stop price is left out of the JSON");
        Assert.Contains("accepted T-1 buy IBM at 2013-10-07T14:00:01.250Z: New, filled 0, leaves 100", run.Output, StringComparison.Ordinal);
        Assert.Contains("order T-1 is New: buy 100 IBM limit 150.25 day, filled 0, leaves 100", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RiskRejectionExitsOneWithTheReasonCodeAndText()
    {
        var stub = new StubGateway().On("POST", "/api/accounts/SIM-1/orders", Recorded.RejectedOrder);

        var run = await ClientRun.WithStubAsync(stub, null, "order", "buy", "IBM", "1000000", "--limit", "150.25", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Rejected, run.ToString());
        Assert.Contains(
            "rejected T-2 buy IBM at 2013-10-07T14:00:02.000Z: MaxOrderQuantityExceeded (OrdRejReason OrderExceedsLimit): order quantity 1000000 exceeds the limit 10000",
            run.Output,
            StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task ReportsOfOtherOrdersInTheResponseAreShownButDoNotDecideTheExitCode()
    {
        var stub = new StubGateway().On("POST", "/api/accounts/SIM-1/orders", Recorded.AcceptedWithQueuedReports);

        var run = await ClientRun.WithStubAsync(stub, null, "order", "sell", "IBM", "10", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(
            [
                "expired T-4 buy IBM at 2013-10-07T14:00:04.999Z: filled 0: DAY order expired",
                "pending new T-5 sell IBM at 2013-10-07T14:00:05.000Z: PendingNew, filled 0, leaves 10",
                "order T-5 is PendingNew: sell 10 IBM market day, filled 0, leaves 10",
            ],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "{\"error\":\"unknown symbol 'ZZZZ'\"}", ExitCodes.BadInput, "not found: unknown symbol 'ZZZZ'")]
    [InlineData(HttpStatusCode.BadRequest, "{\"error\":\"quantity must be positive, got 0\"}", ExitCodes.BadInput, "the gateway refused the input: quantity must be positive, got 0")]
    [InlineData(HttpStatusCode.Unauthorized, "{\"error\":\"missing bearer token\"}", ExitCodes.Unauthorized, "refused the access token (401): missing bearer token")]
    [InlineData(HttpStatusCode.InternalServerError, "boom", ExitCodes.Rejected, "Gateway answered 500 InternalServerError: boom")]
    public async Task GatewayErrorsMapToMessagesAndExitCodes(HttpStatusCode status, string body, int exitCode, string message)
    {
        var stub = new StubGateway().On("POST", "/api/accounts/SIM-1/orders", body, status);

        var run = await ClientRun.WithStubAsync(stub, null, "order", "buy", "ZZZZ", "100", "--gateway", Gateway);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelOfAFilledOrderIsRefusedWithTheGatewaysReason()
    {
        var stub = new StubGateway()
            .On("DELETE", "/api/accounts/SIM-1/orders/T-1", Recorded.CanceledOrder)
            .On("DELETE", "/api/accounts/SIM-1/orders/T-9", "{\"error\":\"order T-9 is Filled: too late to cancel (CxlRejReason 0)\"}", HttpStatusCode.Conflict);

        var done = await ClientRun.WithStubAsync(stub, null, "cancel", "T-1", "--gateway", Gateway);
        var late = await ClientRun.WithStubAsync(stub, null, "cancel", "T-9", "--gateway", Gateway);

        Assert.True(done.ExitCode == ExitCodes.Ok, done.ToString());
        Assert.Contains("cancelled T-1 buy IBM at 2013-10-07T14:00:03.000Z: filled 0: cancelled at the client's request", done.Output, StringComparison.Ordinal);
        Assert.Contains("order T-1 is Canceled", done.Output, StringComparison.Ordinal);
        Assert.True(late.ExitCode == ExitCodes.Rejected, late.ToString());
        Assert.Contains("refused: order T-9 is Filled: too late to cancel (CxlRejReason 0)", late.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceSendsOnlyTheChangesAndPrintsTheReplacement()
    {
        var stub = new StubGateway().On("POST", "/api/accounts/SIM-1/orders/T-1/replace", Recorded.ReplacedOrder);

        var run = await ClientRun.WithStubAsync(stub, null, "replace", "T-1", "--qty", "200", "--limit", "149.5", "--id", "T-1b", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("""{"clOrdId":"T-1b","quantity":200,"limitPrice":149.5}""", stub.Requests.Single().Body);
        Assert.Contains("replaced T-1b (replaces T-1) buy IBM at 2013-10-07T14:00:04.000Z: New, filled 0, leaves 200", run.Output, StringComparison.Ordinal);
        Assert.Contains("order T-1b (replaces T-1) is New: buy 200 IBM limit 149.50 day", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "/api/accounts/SIM-1/orders?status=all", "Orders of SIM-1")]
    [InlineData(true, "/api/accounts/SIM-1/orders?status=working", "Working orders of SIM-1")]
    public async Task OrdersAsksForAllOrTheWorkingOrders(bool working, string path, string title)
    {
        var stub = new StubGateway().On("GET", path, Recorded.Orders);

        var run = await ClientRun.WithStubAsync(stub, null, working ? ["orders", "--working", "--gateway", Gateway] : ["orders", "--gateway", Gateway]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains(title, run.Output, StringComparison.Ordinal);
        Assert.Contains("T-3 Rejected: PriceCollarBreached (OrdRejReason OrderExceedsLimit): limit buy 280 is more than 50 bps above the ask", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillAsksForConfirmationAndSendsNothingWithoutIt()
    {
        var stub = new StubGateway().On("POST", "/api/risk/kill", Recorded.Kill);

        var no = await ClientRun.WithStubAsync(stub, "n\n", "kill", "--gateway", Gateway);
        var eof = await ClientRun.WithStubAsync(stub, string.Empty, "kill", "--gateway", Gateway);

        Assert.True(no.ExitCode == ExitCodes.NotConfirmed, no.ToString());
        Assert.True(eof.ExitCode == ExitCodes.NotConfirmed, eof.ToString());
        Assert.Contains("Halt SIM-1: reject every new order and cancel every working order? [y/N]", no.Output, StringComparison.Ordinal);
        Assert.Contains("kill not confirmed", no.Error, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task ConfirmedKillPrintsTheTimings()
    {
        var stub = new StubGateway().On("POST", "/api/risk/kill", Recorded.Kill);

        var yes = await ClientRun.WithStubAsync(stub, "yes\n", "kill", "--reason", "fat finger", "--gateway", Gateway);
        var all = await ClientRun.WithStubAsync(stub, null, "kill", "--all", "--yes", "--gateway", Gateway);

        Assert.True(yes.ExitCode == ExitCodes.Ok, yes.ToString());
        Assert.True(all.ExitCode == ExitCodes.Ok, all.ToString());
        Assert.Equal(["""{"account":"SIM-1","reason":"fat finger"}""", "{}"], stub.Requests.Select(r => r.Body));
        Assert.Contains(
            "HALTED SIM-1: 2 working orders cancelled; new orders blocked after 85.4 µs, working orders cancelled after 1,234.5 µs.",
            all.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeSendsTheStateAndPrintsIt()
    {
        var stub = new StubGateway().On("POST", "/api/risk/resume", Recorded.Resume);

        var run = await ClientRun.WithStubAsync(stub, null, "resume", "--reducing", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("""{"account":"SIM-1","state":"reducing"}""", stub.Requests.Single().Body);
        Assert.Contains("SIM-1 REDUCING: resumed reducing only", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenComesFromTheOptionOrTheEnvironmentAsABearerHeader()
    {
        var stub = new StubGateway().On("GET", "/api/risk/SIM-1", Recorded.Risk);

        await ClientRun.WithStubAsync(stub, null, "risk", "--token", "s3cret", "--gateway", Gateway);
        await ClientRun.WithStubAsync(stub, null, "risk", "--gateway", Gateway);

        Assert.Equal(["Bearer s3cret", null], stub.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task WatchWithACountStopsAfterThatManyEvents()
    {
        var stub = new StubGateway().On("GET", "/api/events?account=SIM-1", Recorded.EventStream, contentType: "text/event-stream");

        var run = await ClientRun.WithStubAsync(stub, null, "watch", "--count", "3", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("watching the events of SIM-1 until 3 arrive (Ctrl+C stops)", lines[0]);
        Assert.StartsWith("fill ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("signal ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("order ", lines[3], StringComparison.Ordinal);
        Assert.Equal("watched 3 events.", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task WatchWithoutACountEndsWhenTheGatewayEndsTheStream()
    {
        var stub = new StubGateway().On("GET", "/api/events?account=SIM-1", Recorded.EventStream, contentType: "text/event-stream");
        using var never = new ManualResetEvent(false);

        var run = await ClientRun.WithReaderAsync(stub, new GatedReader(never, string.Empty), "watch", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.EndsWith("risk   SIM-1 HALTED: kill switch\nthe gateway ended the event stream after 4 events.", run.Output.TrimEnd(), StringComparison.Ordinal);
        never.Set();
    }

    [Fact]
    public async Task WatchWithoutACountEndsWhenALineIsTyped()
    {
        using var hung = new ManualResetEventSlim(false);
        var stub = new StubGateway().OnStream("/api/events?account=SIM-1", Recorded.EventStream, hung);

        // The line becomes readable once the stream has delivered its four events and waits for more.
        var run = await ClientRun.WithReaderAsync(stub, new GatedReader(hung.WaitHandle, "\n"), "watch", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.StartsWith("watching the events of SIM-1 (Ctrl+C, Enter or the end of input stops)", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("risk   SIM-1 HALTED: kill switch\nstopped after 4 events.", run.Output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PnlShowsTheTotalsAndTheCurveRebuiltFromTheFills()
    {
        var stub = new StubGateway()
            .On("GET", "/api/accounts/SIM-1", Recorded.Portfolio)
            .On("GET", "/api/accounts/SIM-1/fills", Recorded.Fills);

        var run = await ClientRun.WithStubAsync(stub, null, "pnl", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("Cash 999,890.00  Equity 1,000,100.00  Initial 1,000,000.00  Return +0.0100%", run.Output, StringComparison.Ordinal);
        Assert.Contains("Realised +100.00  Unrealised +1.50  Fees 1.50  Net +100.00", run.Output, StringComparison.Ordinal);

        // Buy 100 @ 10 (fee 1), sell 50 @ 12 (fee 0.5): realised 50 × 2 = 100, net of fees -1 then 98.5.
        Assert.Contains("Realised net of fees over 2 fills (2013-10-07T14:00:01.000Z to 2013-10-07T14:00:02.000Z): ▁█  low -1.00  high +98.50  last +98.50  max drawdown 1.00", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterListsEverySiloWithStatusRolesGrainsAndUptimeAndWhereTheAccountsAre()
    {
        var stub = new StubGateway().On("GET", "/api/cluster", Recorded.Cluster);

        var run = await ClientRun.WithStubAsync(stub, null, "cluster", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("cluster chaos-1 (service chaos-1): 2 of 3 silos active; answered by S127.0.0.1:11112:155581705", run.Output, StringComparison.Ordinal);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("S127.0.0.1:11111:155581704", StringComparison.Ordinal) && l.Contains("Active", StringComparison.Ordinal) && l.Contains("gpu", StringComparison.Ordinal) && l.Contains("41", StringComparison.Ordinal) && l.Contains("01:02:05", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("S127.0.0.1:11112:155581705", StringComparison.Ordinal) && l.Contains("1d 01:01:01", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("S127.0.0.1:11113:155581699", StringComparison.Ordinal) && l.Contains("Dead", StringComparison.Ordinal));
        Assert.Contains("replay of SIM-1: driven by S127.0.0.1:11112:155581705 (lease generation 3)", run.Output, StringComparison.Ordinal);
        Assert.Contains("account SIM-1: S127.0.0.1:11112:155581705", run.Output, StringComparison.Ordinal);
        Assert.Contains("account SIM-2: not active", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymbolShowsTheCountersAndTheStudentsForecastsAndFallbacks()
    {
        const string Student = """
            {"symbol":"IBM","quotes":123456,"trades":2345,"candidates":1310,"regimeBlocked":100,"judgeBlocked":1200,"signals":10,
             "lastMid":185.125,"filteredMid":185.1201,"modelVersion":"chronos-student-20131007-de4052fc",
             "studentForecasts":1297,"fallbackWarming":13,"fallbackNonFinite":0}
            """;
        var stub = new StubGateway().On("GET", "/api/symbols/IBM", Student);

        var run = await ClientRun.WithStubAsync(stub, null, "symbol", "IBM", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("IBM: 123,456 NBBO updates, 2,345 trades, 1,310 candidates, 100 blocked by the regime gate, 1,200 by the judge, 10 signals", run.Output, StringComparison.Ordinal);
        Assert.Contains("mid 185.1250, filtered 185.1201", run.Output, StringComparison.Ordinal);
        Assert.Contains("model chronos-student-20131007-de4052fc: 1,297 student forecasts; ridge fallback 13 (13 warming, 0 non-finite)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymbolWithTheRidgeBaselineShowsJustItsVersion()
    {
        const string Ridge = """
            {"symbol":"BAC","quotes":10,"trades":2,"candidates":0,"regimeBlocked":0,"judgeBlocked":0,"signals":0,
             "lastMid":"NaN","filteredMid":"NaN","modelVersion":"none"}
            """;
        var stub = new StubGateway().On("GET", "/api/symbols/BAC", Ridge);

        var run = await ClientRun.WithStubAsync(stub, null, "symbol", "BAC", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("mid -, filtered -", run.Output, StringComparison.Ordinal);
        Assert.Contains("model none", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("student", run.Output, StringComparison.Ordinal);
    }
}

