namespace Quant.Orleans.Client.Tests.Commands;

/// <summary>Client-side tests of the interactive session (commands read from standard input) against
/// <see cref="StubGateway"/>.</summary>
public sealed class InteractiveSessionTests
{
    private const string Gateway = "http://gateway.test:5080";

    [Fact]
    public async Task BadLinesPrintTheirErrorAndTheSessionGoesOn()
    {
        var stub = new StubGateway()
            .On("POST", "/api/accounts/SIM-2/orders", Recorded.RestingOrder)
            .On("GET", "/api/risk/SIM-2", Recorded.Risk);
        const string script = """
            # a comment, then a blank line

            order buy IBM -5
            order buy IBM 100 --limit 18x.1
            blotter
            order buy IBM 100 --limit 150.25
            risk
            exit
            order buy IBM 1
            """;

        var run = await ClientRun.WithStubAsync(stub, script, "--gateway", Gateway, "--account", "SIM-2");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("error: quantity must be positive, got -5.", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: malformed price '18x.1' for --limit: a price is a number such as 185.10.", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: Unrecognized command or argument 'blotter'.", run.Error, StringComparison.Ordinal);
        Assert.Contains("quant SIM-2> order buy IBM 100 --limit 150.25\naccepted T-1 buy IBM", run.Output, StringComparison.Ordinal);
        Assert.Contains("quant SIM-2> risk\nSIM-1 HALTED: kill switch: fat finger", run.Output, StringComparison.Ordinal);

        // The session's account is the default of its commands; nothing after 'exit' runs.
        Assert.Equal(["POST /api/accounts/SIM-2/orders", "GET /api/risk/SIM-2"], stub.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
    }

    [Fact]
    public async Task HelpQuitAndTheEndOfInputEndTheSessionWithExitZero()
    {
        var help = await ClientRun.WithStubAsync(null, "help\nhelp order\nquit\n", "interactive", "--gateway", Gateway);
        var eof = await ClientRun.WithStubAsync(null, "positions --gateway localhost:1", "--gateway", Gateway);

        Assert.True(help.ExitCode == ExitCodes.Ok, help.ToString());
        Assert.Contains("Commands:", help.Output, StringComparison.Ordinal);
        Assert.Contains("kill", help.Output, StringComparison.Ordinal);
        Assert.Contains("--tif", help.Output, StringComparison.Ordinal);
        Assert.True(eof.ExitCode == ExitCodes.Ok, eof.ToString());
        Assert.Contains("malformed gateway 'localhost:1' for --gateway", eof.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"order buy IBM 1")]
    [InlineData("order buy \"IBM 1")]
    [InlineData("kill --reason \"fat finger")]
    public async Task ALineWithAnUnterminatedQuoteIsAParseErrorAndTheSessionGoesOn(string line)
    {
        var stub = new StubGateway().On("GET", "/api/risk/SIM-1", Recorded.Risk);

        var run = await ClientRun.WithStubAsync(stub, $"{line}\nrisk\nexit\n", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("error: unterminated quote", run.Error, StringComparison.Ordinal);
        Assert.Contains("quant SIM-1> risk\nSIM-1 HALTED", run.Output, StringComparison.Ordinal);
        Assert.Equal(["GET /api/risk/SIM-1"], stub.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
    }

    [Fact]
    public async Task KillInASessionReadsItsConfirmationFromTheNextLine()
    {
        var stub = new StubGateway().On("POST", "/api/risk/kill", Recorded.Kill);

        var run = await ClientRun.WithStubAsync(stub, "kill --reason \"fat finger\"\ny\ninteractive\nexit\n", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("""{"account":"SIM-1","reason":"fat finger"}""", stub.Requests.Single().Body);
        Assert.Contains("HALTED SIM-1: 2 working orders cancelled", run.Output, StringComparison.Ordinal);
        Assert.Contains("already in an interactive session", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineTypedDuringAWatchStopsItAndRunsNext()
    {
        using var hung = new ManualResetEventSlim(false);
        var stub = new StubGateway()
            .OnStream("/api/events?account=SIM-1", Recorded.EventStream, hung)
            .On("GET", "/api/risk/SIM-1", Recorded.Risk);
        using var open = new ManualResetEvent(true);

        // 'watch' is read at once; 'risk' only once the stream has delivered its events and waits for more.
        var input = new SequencedReader(["watch", "risk", "exit"], index => index == 1 ? hung.WaitHandle : open);
        var run = await ClientRun.WithReaderAsync(stub, input, "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("stopped after 4 events.\nquant SIM-1> risk\nSIM-1 HALTED", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Standard input whose line i becomes readable once <c>gate(i)</c> is set.</summary>
    private sealed class SequencedReader(string[] lines, Func<int, WaitHandle> gate) : TextReader
    {
        private int _next;

        public override string? ReadLine()
        {
            if (_next >= lines.Length)
            {
                return null;
            }

            gate(_next).WaitOne();
            return lines[_next++];
        }
    }
}
