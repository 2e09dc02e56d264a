using System.Net;
using System.Net.Sockets;

namespace Quant.Orleans.Client.Tests.Commands;

public sealed class ClientCommandLineTests
{
    [Theory]
    [InlineData(new[] { "order", "buy", "IBM", "-5" }, "quantity must be positive, got -5.")]
    [InlineData(new[] { "order", "hold", "IBM", "100" }, "unknown side 'hold'")]
    [InlineData(new[] { "order", "buy", "IBM", "100", "--limit", "18x.1" }, "malformed price '18x.1' for --limit")]
    [InlineData(new[] { "order", "buy", "IBM", "100", "--stop", "-1" }, "price for --stop must be positive, got -1.")]
    [InlineData(new[] { "order", "buy", "IBM", "100", "--tif", "week" }, "unknown time in force 'week' for --tif")]
    [InlineData(new[] { "order", "buy", "IB M", "100" }, "malformed symbol 'IB M'")]
    [InlineData(new[] { "order", "buy", "IBM" }, "Required argument missing")]
    [InlineData(new[] { "cancel", "a b" }, "malformed ClOrdID 'a b' for clordid")]
    [InlineData(new[] { "replace", "T-1" }, "replace needs at least one of --qty, --limit or --stop.")]
    [InlineData(new[] { "replace", "T-1", "--qty", "0" }, "quantity for --qty must be positive, got 0.")]
    [InlineData(new[] { "watch", "--count", "-3" }, "count for --count must be a positive whole number, got '-3'.")]
    [InlineData(new[] { "positions", "--gateway", "localhost:5080" }, "malformed gateway 'localhost:5080'")]
    [InlineData(new[] { "positions", "--account", "SIM 1" }, "malformed account 'SIM 1'")]
    [InlineData(new[] { "blotter" }, "blotter")]
    public async Task BadInputExitsTwoWithAMessageBeforeAnythingIsSent(string[] args, string message)
    {
        // The gateway points at a port nobody listens on: a send would fail differently ("not reachable").
        var run = await ClientRun.InvokeAsync(args.Contains("--gateway") ? args : [.. args, "--gateway", ClosedGateway()]);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not reachable", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, run.Connections);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("positions")]
    [InlineData("orders")]
    [InlineData("pnl")]
    [InlineData("risk")]
    [InlineData("watch")]
    [InlineData("cluster")]
    public async Task UnreachableGatewayExitsTwoNamingTheUrl(string command)
    {
        var gateway = ClosedGateway();

        var run = await ClientRun.InvokeAsync(command, "--gateway", gateway);

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains($"Gateway {gateway}/ is not reachable", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.Connections);
    }

    [Fact]
    public async Task UnreachableGatewayForAnOrderExitsTwoNamingTheUrl()
    {
        var gateway = ClosedGateway();

        var run = await ClientRun.InvokeAsync("order", "sell", "IBM", "100", "--gateway", gateway);

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains($"Gateway {gateway}/ is not reachable", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A loopback URL whose port was free a moment ago (bound to port 0, then released).</summary>
    internal static string ClosedGateway()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
