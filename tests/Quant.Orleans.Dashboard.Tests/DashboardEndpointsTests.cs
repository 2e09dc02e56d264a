using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Grains.Interfaces;

namespace Quant.Orleans.Dashboard.Tests;

/// <summary>The HTTP surface on a real Kestrel listener over the test cluster: the JSON shapes docs/dashboard.md
/// documents, the event stream, and the embedded page.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardEndpointsTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly string _account = "DASH-" + Guid.NewGuid().ToString("N")[..8];
    private WebApplication _app = null!;
    private DashboardSampler _sampler = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _sampler = new DashboardSampler(fixture.Grains, fixture.Metrics, _account, Interval, () => null);
        DashboardEndpoints.Map(_app, _sampler, tokenConfigured: false);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sampler.DisposeAsync();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GridEndpointAnswersTheDocumentedShape()
    {
        await fixture.Grains.GetGrain<IPortfolioGrain>(_account).GetSnapshot();

        var grid = await GetJsonAsync("/dashboard/api/grid");
        TestContext.Current.TestOutputHelper?.WriteLine(grid.ToString());

        Assert.Equal(JsonValueKind.Null, grid.GetProperty("intervalSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, grid.GetProperty("quarantine").ValueKind);
        var silo = Assert.Single(grid.GetProperty("silos").EnumerateArray());
        Assert.Equal(fixture.Cluster.Silos[0].SiloAddress.ToString(), silo.GetProperty("address").GetString());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.True(silo.GetProperty("activations").GetInt64() > 0);
        var process = grid.GetProperty("process");
        Assert.Equal(Environment.ProcessorCount, process.GetProperty("processorCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, process.GetProperty("cpuPercent").ValueKind);
        Assert.Contains(grid.GetProperty("grainTypes").EnumerateArray(), t => t.GetProperty("grainType").GetString() == "PortfolioGrain" && t.GetProperty("activations").GetInt64() >= 1);
        var requests = grid.GetProperty("requests");
        Assert.True(requests.GetProperty("calls").GetInt64() > 0);
        Assert.True(requests.GetProperty("p99Micros").GetDouble() >= requests.GetProperty("p50Micros").GetDouble());
        Assert.Contains(grid.GetProperty("storage").EnumerateArray(), s => s.GetProperty("state").GetString() == "account" && s.GetProperty("operation").GetString() == "read");
        Assert.True(grid.GetProperty("messaging").GetProperty("localMessages").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, grid.GetProperty("storageErrors").ValueKind);

        // A later request within the interval reuses the sample; after it, a new sample with a rate.
        Assert.Equal(grid.GetProperty("sequence").GetInt64(), (await GetJsonAsync("/dashboard/api/grid")).GetProperty("sequence").GetInt64());
        await Task.Delay(Interval * 2, TestContext.Current.CancellationToken);
        var next = await GetJsonAsync("/dashboard/api/grid");
        Assert.Equal(grid.GetProperty("sequence").GetInt64() + 1, next.GetProperty("sequence").GetInt64());
        Assert.True(next.GetProperty("intervalSeconds").GetDouble() >= Interval.TotalSeconds);
        Assert.True(next.GetProperty("requests").GetProperty("callsPerSecond").GetDouble() >= 0);
    }

    [Fact]
    public async Task TradingEndpointShowsTheAccountOnceItsGrainIsActive()
    {
        var before = await GetJsonAsync("/dashboard/api/trading");
        Assert.Equal(_account, before.GetProperty("account").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("portfolio").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("marketTime").ValueKind);

        await fixture.Grains.GetGrain<IPortfolioGrain>(_account).GetSnapshot();
        await Task.Delay(Interval * 2, TestContext.Current.CancellationToken);
        var after = await GetJsonAsync("/dashboard/api/trading");

        var portfolio = after.GetProperty("portfolio");
        Assert.Equal(portfolio.GetProperty("initialCash").GetDecimal(), portfolio.GetProperty("equity").GetDecimal());
        Assert.Equal(0m, portfolio.GetProperty("pnl").GetDecimal());
        Assert.Empty(after.GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task StreamSendsSnapshotsWhileAClientIsConnectedAndTheSamplerStopsWhenItLeaves()
    {
        var token = TestContext.Current.CancellationToken;
        Assert.False(_sampler.IsSampling);
        var sequences = new List<long>();
        using (var response = await _http.GetAsync("/dashboard/api/stream", HttpCompletionOption.ResponseHeadersRead, token))
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
            string? eventName = null;
            while (sequences.Count < 3 && await reader.ReadLineAsync(token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Assert.Equal("snapshot", eventName);
                    using var data = JsonDocument.Parse(line["data: ".Length..]);
                    Assert.False(data.RootElement.TryGetProperty("error", out var error), error.ToString());
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
            await Task.Delay(100, token);
        }

        Assert.False(_sampler.IsSampling);
        Assert.Equal(0, _sampler.Subscribers);
        var samples = _sampler.Samples;
        await Task.Delay(Interval * 5, token);
        Assert.Equal(samples, _sampler.Samples);
    }

    [Fact]
    public async Task PageAndAssetsAreServedFromTheAssemblyWithNoExternalReference()
    {
        var token = TestContext.Current.CancellationToken;
        var page = await _http.GetStringAsync("/dashboard", token);
        var script = await _http.GetStringAsync("/dashboard/assets/dashboard.js", token);
        var styles = await _http.GetStringAsync("/dashboard/assets/dashboard.css", token);
        Assert.Contains("/dashboard/assets/dashboard.js", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/orleans\"", page, StringComparison.Ordinal);
        Assert.Contains("/dashboard/api/stream", script, StringComparison.Ordinal);
        foreach (var text in new[] { page, script, styles })
        {
            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
        }

        // Every element the script writes into exists on the page.
        foreach (var id in System.Text.RegularExpressions.Regex.Matches(script, @"(?:\$\(|rows\()'([a-z0-9-]+)'").Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.Contains($"id=\"{id}\"", page, StringComparison.Ordinal);
        }

        var access = await GetJsonAsync("/dashboard/api/access");
        Assert.True(access.GetProperty("loopbackClient").GetBoolean());
        Assert.False(access.GetProperty("tokenRequired").GetBoolean());
        Assert.Equal((int)Interval.TotalMilliseconds, access.GetProperty("sampleIntervalMilliseconds").GetInt32());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}
