using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Reliability;

/// <summary>One account whose journal is damaged is quarantined with a clear reason; every other account keeps
/// serving and the kill switch still reaches all of them (the gateway used to answer 500 with no body for the risk
/// view, the kill switch and that account's endpoints).</summary>
public sealed class AccountQuarantineTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-quarantine");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ADamagedAccountIsQuarantinedAndTheOthersKeepServingAndAreHalted()
    {
        // First silo: two accounts with a few journaled orders each (rejected for want of a quote: still journaled).
        await using (var first = await Serve())
        {
            foreach (var account in new[] { "SIM-1", "SIM-2" })
            {
                for (var i = 1; i <= 3; i++)
                {
                    var response = await first.Http.PostAsJsonAsync($"/api/accounts/{account}/orders", new { clOrdId = $"{account}-o{i}", symbol = "IBM", side = "buy", quantity = 100 * i });
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
        }

        // Damage SIM-2's first record in the middle of its journal (a valid record follows: corruption, not a torn write).
        var segment = Directory.EnumerateFiles(Path.Combine(_folder.Path, "journal"), "portfolio-SIM-2.*.qoj").Single();
        var bytes = await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken);
        bytes[24 + 20 + 5] ^= 0x5A; // segment header 24 B, record header 20 B, then the first payload
        await File.WriteAllBytesAsync(segment, bytes, TestContext.Current.CancellationToken);

        await using var second = await Serve();
        var risk = (await second.Http.GetFromJsonAsync<JsonElement[]>("/api/risk", TestContext.Current.CancellationToken))!;
        var one = risk.Single(r => r.GetProperty("account").GetString() == "SIM-1");
        var two = risk.Single(r => r.GetProperty("account").GetString() == "SIM-2");
        Assert.Equal("Active", one.GetProperty("state").GetString());
        Assert.Equal("Quarantined", two.GetProperty("state").GetString());
        Assert.Contains(Path.GetFileName(segment), two.GetProperty("stateReason").GetString(), StringComparison.Ordinal);

        var damaged = await second.Http.GetAsync("/api/accounts/SIM-2", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, damaged.StatusCode);
        Assert.Contains("quarantined", (await damaged.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/api/accounts/SIM-1", TestContext.Current.CancellationToken)).StatusCode);

        var kill = await second.Http.PostAsync("/api/risk/kill", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
        var killed = await kill.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["SIM-1"], killed.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        var failed = Assert.Single(killed.GetProperty("failed").EnumerateArray());
        Assert.Equal(("SIM-2", "Quarantined"), (failed.GetProperty("account").GetString(), failed.GetProperty("state").GetString()));

        var afterKill = await second.Http.PostAsJsonAsync("/api/accounts/SIM-1/orders", new { symbol = "IBM", side = "buy", quantity = 5 }, TestContext.Current.CancellationToken);
        var order = (await afterKill.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("order");
        Assert.Equal(("Rejected", "Halted"), (order.GetProperty("ordStatus").GetString(), order.GetProperty("riskReason").GetString()));

        // The damaged journal is left exactly as it was found.
        Assert.Equal(bytes, await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken));
    }

    private async Task<RunningServe> Serve()
    {
        var url = $"http://127.0.0.1:{ServingSilo.FreePort()}";
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Gateway:Urls"] = url,
            ["Storage:Path"] = _folder.Path,
            ["Grid:SiloPort"] = ServingSilo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grid:GatewayPort"] = ServingSilo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var stop = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(settings, replay: false, stop.Token);
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 100 && !run.IsCompleted)
            {
            }

            Assert.False(run.IsCompleted, "serve stopped before answering /health");
            await Task.Delay(100);
        }

        return new RunningServe(run, stop, http);
    }

    /// <summary>A <c>serve</c> running in this process; disposing stops it gracefully.</summary>
    private sealed record RunningServe(Task<int> Run, CancellationTokenSource Stop, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            Assert.Equal(0, await Run.WaitAsync(TimeSpan.FromSeconds(60)));
            Http.Dispose();
            Stop.Dispose();
        }
    }
}
