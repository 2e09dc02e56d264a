using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Grid.Metrics;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Grid.Storage;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Dashboard;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Silo.Tests.Dashboard;

/// <summary>The grid's metrics are process-wide, so these tests run alone (no other test calls grains meanwhile) and
/// can compare the dashboard's JSON with <see cref="GridMetrics"/> exactly.</summary>
[CollectionDefinition(nameof(DashboardCollection), DisableParallelization = true)]
public sealed class DashboardCollection;

[Collection(nameof(DashboardCollection))]
public sealed class DashboardEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly Symbol Ibm = new("IBM");
    private static readonly UnixNanos Open = UnixNanos.FromDateTime(new DateTime(2013, 10, 8, 14, 0, 0, DateTimeKind.Utc));
    private readonly string _account = "DASH-" + Guid.NewGuid().ToString("N")[..8];
    private GrainRuntime _runtime = null!;
    private WebApplication _app = null!;
    private DashboardSampler _sampler = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Storage:Provider"] = "memory" });
        _runtime = SiloRuntimeFactory.Create(settings, memoryStorage: true, rejectLateArrivals: false);
        await _runtime.StartAsync();
        var url = $"http://127.0.0.1:{FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _sampler = new DashboardSampler(_runtime, _account, Interval, () => null);
        DashboardEndpoints.Map(_app, _sampler, tokenConfigured: false);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sampler.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _runtime.StopAsync();
    }

    [Fact]
    public async Task GridEndpointReportsTheGridMetricsAsCounted()
    {
        var portfolio = _runtime.GetGrain<IPortfolioGrain>(_account);
        for (var i = 0; i < 20; i++)
        {
            await portfolio.Mark([], Open.AddNanos(i * UnixNanos.NanosPerSecond));
        }

        // One storage conflict: a write with a stale ETag.
        var storage = new MemoryGrainStorage("dash-test");
        var grain = new GrainId("DashTest", _account);
        await storage.WriteStateAsync("s", grain, new GrainState<int> { State = 1 }, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, new GrainState<int> { State = 2 }, CancellationToken.None));

        var mark = Method("IPortfolioGrain", "Mark");
        var expectedCalls = GridMetrics.AllMethods.ToDictionary(m => (m.InterfaceName, m.MethodName), m => m.Calls);
        var expectedActivations = GridMetrics.Activations["PortfolioGrain"];
        var expectedStorage = GridMetrics.StorageOperationCounts;

        var grid = await GetJsonAsync("/dashboard/api/grid");

        Assert.Equal(JsonValueKind.Null, grid.GetProperty("intervalSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, grid.GetProperty("quarantine").ValueKind);
        var silo = Assert.Single(grid.GetProperty("silos").EnumerateArray());
        Assert.Equal(_runtime.ActivationCount, silo.GetProperty("activations").GetInt32());
        Assert.Equal(Environment.ProcessorCount, silo.GetProperty("processorCount").GetInt32());
        Assert.True(silo.GetProperty("uptimeSeconds").GetDouble() > 0);
        Assert.True(silo.GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, silo.GetProperty("cpuPercent").ValueKind);

        // Every method the dashboard itself does not call: calls as counted; Mark's latency quantiles as the histogram's.
        var methods = grid.GetProperty("methods").EnumerateArray().ToArray();
        foreach (var m in methods)
        {
            var key = (m.GetProperty("interface").GetString()!, m.GetProperty("method").GetString()!);
            if (key.Item2 is not ("GetSnapshot" or "GetRecord" or "GetStatus" or "GetRecentCandidates"))
            {
                Assert.Equal(expectedCalls[key], m.GetProperty("calls").GetInt64());
            }
        }

        var markView = methods.Single(m => m.GetProperty("interface").GetString() == "IPortfolioGrain" && m.GetProperty("method").GetString() == "Mark");
        Assert.Equal(mark.Calls, markView.GetProperty("calls").GetInt64());
        Assert.Equal(mark.Latency.QuantileNanoseconds(0.50) / 1e3, markView.GetProperty("p50Micros").GetDouble());
        Assert.Equal(mark.Latency.QuantileNanoseconds(0.99) / 1e3, markView.GetProperty("p99Micros").GetDouble());
        Assert.Equal(0, markView.GetProperty("errors").GetInt64());
        var p99s = methods.Select(m => m.GetProperty("p99Micros").GetDouble()).ToArray();
        Assert.Equal(p99s.OrderDescending(), p99s);

        // The grain type sums its interface's methods (read before the dashboard's own portfolio reads).
        var portfolioType = grid.GetProperty("grainTypes").EnumerateArray().Single(t => t.GetProperty("grainType").GetString() == "PortfolioGrain");
        Assert.Equal(expectedActivations, portfolioType.GetProperty("activations").GetInt64());
        Assert.Equal(expectedCalls.Where(kv => kv.Key.InterfaceName == "IPortfolioGrain").Sum(kv => kv.Value), portfolioType.GetProperty("calls").GetInt64());
        Assert.Equal(0, portfolioType.GetProperty("errorRate").GetDouble());

        // Storage: every counter as GridMetrics has it, and the conflict counted.
        var storageViews = grid.GetProperty("storage").EnumerateArray()
            .Select(s => new StorageOperationCount(s.GetProperty("provider").GetString()!, s.GetProperty("operation").GetString()!, s.GetProperty("outcome").GetString()!, s.GetProperty("count").GetInt64()))
            .ToArray();
        Assert.Equal(expectedStorage, storageViews);
        Assert.Contains(new StorageOperationCount("dash-test", "write", "conflict", 1), storageViews);
        Assert.Equal(expectedStorage.Where(s => s.Outcome == "conflict").Sum(s => s.Count), grid.GetProperty("storageConflicts").GetInt64());

        // The next sample: rates are the calls made between the two samples over the interval between them.
        await Task.Delay(Interval * 2);
        for (var i = 0; i < 10; i++)
        {
            await portfolio.Mark([], Open.AddNanos((20 + i) * UnixNanos.NanosPerSecond));
        }

        var next = await GetJsonAsync("/dashboard/api/grid");
        Assert.Equal(grid.GetProperty("sequence").GetInt64() + 1, next.GetProperty("sequence").GetInt64());
        var interval = next.GetProperty("intervalSeconds").GetDouble();
        Assert.True(interval >= Interval.TotalSeconds, $"interval {interval}");
        var markRate = next.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("interface").GetString() == "IPortfolioGrain" && m.GetProperty("method").GetString() == "Mark").GetProperty("callsPerSecond").GetDouble();
        Assert.Equal(10, markRate * interval, 9);
        var cpu = Assert.Single(next.GetProperty("silos").EnumerateArray()).GetProperty("cpuPercent").GetDouble();
        Assert.InRange(cpu, 0, 100);
    }

    [Fact]
    public async Task TradingEndpointShowsTheAccountTheBlotterAndTheSymbolAsTheGrainsHoldThem()
    {
        var q1 = new Quote(Ibm, Open, Price.FromDecimal(185.00m), Quantity.FromDecimal(500), Price.FromDecimal(185.04m), Quantity.FromDecimal(500));
        var q2 = q1 with { Time = Open.AddNanos(5 * UnixNanos.NanosPerMillisecond), BidPrice = Price.FromDecimal(185.02m), AskPrice = Price.FromDecimal(185.06m) };
        var portfolio = _runtime.GetGrain<IPortfolioGrain>(_account);
        var venue = _runtime.GetGrain<IExecutionGrain>(Grains.StrategyOptions.DefaultVenueName);
        await venue.OnQuotes([q1]);
        await portfolio.Mark([q1], Open);
        var sent = await portfolio.NewOrder(new NewOrderCommand("dash-1", Ibm, Side.Buy, Quantity.FromDecimal(100), OrderType.Market, null, null, TimeInForce.Day));
        Assert.Equal(OrderCommandStatus.Ok, sent.Status);
        Assert.NotEqual(OrdStatus.Rejected, sent.Order!.Status);
        await venue.OnQuotes([q2]);
        await portfolio.SyncWithVenue();
        await portfolio.Mark([q2], Open.AddNanos(61 * UnixNanos.NanosPerSecond));
        var symbol = _runtime.GetGrain<ISymbolGrain>("IBM");
        await symbol.OnMarketData([MarketEvent.FromQuote(q1, 1), MarketEvent.FromQuote(q2, 2)]);

        var snapshot = await portfolio.GetSnapshot();
        var record = await portfolio.GetRecord();
        var status = await symbol.GetStatus();
        Assert.Equal(1, snapshot.FillCount);

        var trading = await GetJsonAsync("/dashboard/api/trading");
        Assert.Equal(_account, trading.GetProperty("account").GetString());
        Assert.Equal(JsonValueKind.Null, trading.GetProperty("marketTime").ValueKind);
        var p = trading.GetProperty("portfolio");
        Assert.Equal(snapshot.Cash, p.GetProperty("cash").GetDecimal());
        Assert.Equal(snapshot.Equity, p.GetProperty("equity").GetDecimal());
        Assert.Equal(snapshot.Equity - snapshot.InitialCash, p.GetProperty("pnl").GetDecimal());
        Assert.Equal(snapshot.Fees, p.GetProperty("fees").GetDecimal());
        Assert.Equal(snapshot.RealizedPnl + snapshot.UnrealizedPnl - snapshot.Fees, p.GetProperty("pnl").GetDecimal());
        Assert.True(p.GetProperty("reconciled").GetBoolean());
        var position = Assert.Single(p.GetProperty("positions").EnumerateArray());
        Assert.Equal("IBM", position.GetProperty("symbol").GetString());
        Assert.Equal(100m, position.GetProperty("quantity").GetDecimal());
        Assert.Equal(snapshot.Positions[0].Mark, position.GetProperty("mark").GetDecimal());

        // The PnL curve is the equity curve less the initial cash, point for point (fewer points than the bound).
        var curve = trading.GetProperty("pnlCurve").EnumerateArray().ToArray();
        Assert.Equal(record.EquityCurve.Length, curve.Length);
        for (var i = 0; i < curve.Length; i++)
        {
            Assert.Equal(record.EquityCurve[i].Time.ToDateTime(), curve[i].GetProperty("time").GetDateTime());
            Assert.Equal(record.EquityCurve[i].Equity - snapshot.InitialCash, curve[i].GetProperty("pnl").GetDecimal());
        }

        var order = Assert.Single(trading.GetProperty("orders").EnumerateArray());
        Assert.Equal("dash-1", order.GetProperty("clOrdId").GetString());
        Assert.Equal(record.Orders[0].Order.ClOrdId.ToString(), order.GetProperty("clOrdId").GetString());
        Assert.Equal("Filled", order.GetProperty("ordStatus").GetString());
        Assert.Equal("manual", order.GetProperty("origin").GetString());
        var fill = Assert.Single(trading.GetProperty("fills").EnumerateArray());
        Assert.Equal(record.Fills[0].LastPx.ToDecimal(), fill.GetProperty("lastPx").GetDecimal());
        Assert.Equal(record.Fills[0].LastQty.ToDecimal(), fill.GetProperty("lastQty").GetDecimal());

        var ibm = Assert.Single(trading.GetProperty("symbols").EnumerateArray());
        Assert.Equal("IBM", ibm.GetProperty("symbol").GetString());
        Assert.Equal(status.Quotes, ibm.GetProperty("quotes").GetInt64());
        Assert.Equal(status.LastMid, ibm.GetProperty("lastMid").GetDouble());
        Assert.Equal(q2.MidDouble, ibm.GetProperty("lastMid").GetDouble());
        Assert.Equal(status.ModelVersion, ibm.GetProperty("modelVersion").GetString());
        Assert.Equal(JsonValueKind.Null, ibm.GetProperty("judgePassRate").ValueKind);
        var point = Assert.Single(ibm.GetProperty("series").EnumerateArray());
        Assert.Equal(status.LastMid, point.GetProperty("mid").GetDouble());
        Assert.Equal(status.FilteredMid, point.GetProperty("filtered").GetDouble());
    }

    [Fact]
    public async Task StreamSendsSnapshotsWhileAClientIsConnectedAndTheSamplerStopsWhenItLeaves()
    {
        Assert.False(_sampler.IsSampling);
        var sequences = new List<long>();
        using (var response = await _http.GetAsync("/dashboard/api/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? eventName = null;
            while (sequences.Count < 3 && await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Assert.Equal("snapshot", eventName);
                    using var data = JsonDocument.Parse(line["data: ".Length..]);
                    var grid = data.RootElement.GetProperty("grid");
                    Assert.Equal(grid.GetProperty("sequence").GetInt64(), data.RootElement.GetProperty("trading").GetProperty("sequence").GetInt64());
                    sequences.Add(grid.GetProperty("sequence").GetInt64());
                }
            }

            Assert.True(_sampler.IsSampling);
            Assert.Equal(1, _sampler.Subscribers);
        }

        Assert.Equal(3, sequences.Count);
        Assert.True(sequences[0] < sequences[1] && sequences[1] < sequences[2], string.Join(",", sequences));

        // The client is gone: the sampler notices at its next write, and then takes no more samples.
        for (var i = 0; i < 100 && (_sampler.IsSampling || _sampler.Subscribers > 0); i++)
        {
            await Task.Delay(100);
        }

        Assert.False(_sampler.IsSampling);
        Assert.Equal(0, _sampler.Subscribers);
        var samples = _sampler.Samples;
        await Task.Delay(Interval * 5);
        Assert.Equal(samples, _sampler.Samples);
    }

    [Fact]
    public async Task PageAndAssetsAreServedFromTheSiloWithNoExternalReference()
    {
        var page = await _http.GetStringAsync("/dashboard");
        var script = await _http.GetStringAsync("/dashboard/assets/dashboard.js");
        var styles = await _http.GetStringAsync("/dashboard/assets/dashboard.css");
        Assert.Contains("/dashboard/assets/dashboard.js", page, StringComparison.Ordinal);
        Assert.Contains("/dashboard/api/stream", script, StringComparison.Ordinal);
        foreach (var text in new[] { page, script, styles })
        {
            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
        }

        var access = await GetJsonAsync("/dashboard/api/access");
        Assert.True(access.GetProperty("loopbackClient").GetBoolean());
        Assert.False(access.GetProperty("tokenRequired").GetBoolean());
    }

    private static MethodStats Method(string iface, string method) =>
        GridMetrics.AllMethods.Single(m => m.InterfaceName == iface && m.MethodName == method);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
