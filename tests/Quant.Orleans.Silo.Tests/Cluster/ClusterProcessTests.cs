using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Silo.Cluster;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Cluster;

/// <summary>
/// Cluster failures with real silo processes on loopback over Azurite: the <c>chaos</c> command's short form (three
/// silos replaying, one killed with SIGKILL and restarted every 15 s for 60 s, invariants checked at the end); a
/// graceful shutdown (SIGTERM) that clients of the other silos do not notice; a storage outage of 10 s that refuses
/// writes with clear errors, loses nothing acknowledged, and heals without a restart. One at a time (a collection of
/// their own): each runs three or four processes on a two-core machine.
/// </summary>
[Collection(nameof(ClusterProcessTests))]
[CollectionDefinition(nameof(ClusterProcessTests), DisableParallelization = true)]
public sealed partial class ClusterProcessTests
{
    private const string Account = "SIM-1";

    [Fact]
    public async Task TheChaosCommandKillsAndRestartsSilosAndEveryInvariantHolds()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        await using var azurite = await Azurite.StartAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            ProcessCluster.SiloAssembly(), "chaos", "--silos", "3", "--interval", "15", "--duration", "60",
            "--symbols", "IBM", "--from", "2013-10-07", "--to", "2013-10-08", "--speed", "200", "--data", data,
        })
        {
            start.ArgumentList.Add(arg);
        }

        SiloEnvironment.RemoveInheritedSettings(start);
        start.Environment["QO_Cluster__ConnectionString"] = azurite.ConnectionString;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var text = Text(output);
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Assert.True(process.ExitCode == 0, $"chaos exited with {process.ExitCode}:\n{text}");
        Assert.Contains("chaos: all invariants hold", text, StringComparison.Ordinal);
        var kills = KillLine().Matches(text);
        Assert.Equal(4, kills.Count);
        foreach (Match kill in kills)
        {
            // Each kill was followed by the account answering through another silo, within the issue's goal of 5 s
            // plus slack for a loaded two-core machine.
            var seconds = double.Parse(kill.Groups["served"].Value, CultureInfo.InvariantCulture);
            Assert.True(seconds < 15, $"the account took {seconds} s to answer after a kill:\n{text}");
        }

        Assert.Matches(@"ok\s+acknowledged orders present: [1-9]\d* acknowledged, 0 missing", text);
        Assert.Matches(@"ok\s+no fill twice: [1-9]\d* fills, 0 ExecIDs booked twice", text);
    }

    [Fact]
    public async Task ASiloStoppedGracefullyHandsItsGrainsOverWithoutErrorsForClientsOfTheOthers()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        await using var azurite = await Azurite.StartAsync();
        await using var cluster = await ProcessCluster.StartAsync(3, azurite.ConnectionString, data);
        var view = await cluster.PollAsync(TimeSpan.FromSeconds(60), "the account to be active and the replay driven", async () =>
            await cluster.ClusterAsync() is { } v && v.Accounts.Any(a => a.Account == Account && a.Silo is not null) && v.Replay is { Driver: not null, EventsProcessed: > 0 } ? v : null);
        var leaving = cluster.SiloOf(view.Accounts.Single(a => a.Account == Account).Silo!);
        var staying = cluster.Silos.Where(s => s != leaving).ToArray();

        // Clients of the other silos keep reading the account and sending orders while the silo leaves.
        using var stop = new CancellationTokenSource();
        var outcomes = new List<string>();
        var acknowledged = new List<OrderView>();
        var client = Task.Run(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var silo = staying[i % staying.Length];
                var read = await http.GetAsync(new Uri(silo.Url, $"api/accounts/{Account}"));
                var order = await http.PostAsJsonAsync(new Uri(silo.Url, $"api/accounts/{Account}/orders"), new NewOrderRequest("IBM", i % 2 == 0 ? "buy" : "sell", 1 + (i % 7), "market", ClOrdId: $"graceful-{i}"), GatewayJson.Options);
                lock (outcomes)
                {
                    outcomes.Add($"GET {(int)read.StatusCode}");
                    outcomes.Add($"POST {(int)order.StatusCode} {(order.IsSuccessStatusCode ? string.Empty : order.Content.ReadAsStringAsync().Result)}");
                    if (order.IsSuccessStatusCode)
                    {
                        acknowledged.Add(order.Content.ReadFromJsonAsync<OrderResponse>(GatewayJson.Options).Result!.Order);
                    }
                }

                await Task.Delay(50);
            }
        });

        await Task.Delay(2_000, TestContext.Current.CancellationToken);
        var progress = view.Replay!.EventsProcessed;
        var exited = await leaving.StopAsync(TimeSpan.FromSeconds(45));
        var after = await cluster.PollAsync(TimeSpan.FromSeconds(60), "the replay to move on after the shutdown", async () =>
            await cluster.ClusterAsync() is { } v && v.Replay is { } r && r.EventsProcessed > progress && v.Accounts.Single(a => a.Account == Account).Silo is { } s && !s.Contains($":{leaving.SiloPort}:", StringComparison.Ordinal) ? v : null);
        await Task.Delay(2_000, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await client;

        Assert.True(exited, $"the silo did not stop within 45 s of SIGTERM:\n{leaving.Log}");
        Assert.Equal(0, leaving.ExitCode);
        string[] failures;
        lock (outcomes)
        {
            failures = [.. outcomes.Where(o => !o.StartsWith("GET 200", StringComparison.Ordinal) && !o.StartsWith("POST 200", StringComparison.Ordinal))];
        }

        Assert.True(failures.Length == 0, $"{failures.Length} of {outcomes.Count} requests failed: {string.Join(" | ", failures.Take(5))}\n{cluster.Logs}");
        Assert.True(outcomes.Count > 20, $"only {outcomes.Count} requests were made");
        if (view.Replay.Driver!.Contains($":{leaving.SiloPort}:", StringComparison.Ordinal))
        {
            Assert.Contains("the lease is released for another silo", leaving.Log, StringComparison.Ordinal);
        }

        var orders = await cluster.GetAsync<OrderView[]>(staying[0], $"api/accounts/{Account}/orders") ?? [];
        Assert.All(acknowledged, a => Assert.Contains(orders, o => ClusterInvariants.SameOrder(a, o) || (o.ClOrdId == a.ClOrdId && !ClusterInvariants.IsTerminal(a.OrdStatus))));
        Assert.NotEqual(leaving.Endpoint, after.Answering);
    }

    [Fact]
    public async Task AStorageOutageRefusesWritesClearlyLosesNothingAcknowledgedAndHealsWithoutARestart()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        if (LocalAzurite.FindExecutable() is null)
        {
            Assert.Skip("azurite is not on the PATH (npm install -g azurite@3.35.0): this test stops and restarts a private one.");
        }

        await using var azurite = await LocalAzurite.StartNewAsync(TestContext.Current.CancellationToken);
        await using var cluster = await ProcessCluster.StartAsync(3, azurite.ConnectionString, data);
        var gateway = cluster.Silos[0];
        var acknowledged = new Dictionary<string, OrderView>();
        var number = 0;

        async Task<(HttpStatusCode Status, string Body)> Send()
        {
            var clOrdId = $"outage-{++number}";
            try
            {
                using var response = await cluster.Http.PostAsJsonAsync(new Uri(gateway.Url, $"api/accounts/{Account}/orders"), new NewOrderRequest("IBM", number % 2 == 0 ? "buy" : "sell", number, "market", ClOrdId: clOrdId), GatewayJson.Options);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    var order = System.Text.Json.JsonSerializer.Deserialize<OrderResponse>(body, GatewayJson.Options)!.Order;
                    acknowledged[order.ClOrdId] = order;
                }

                return (response.StatusCode, body);
            }
            catch (TaskCanceledException)
            {
                return (HttpStatusCode.GatewayTimeout, "no answer within 10 s");
            }
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Send()).Status);
        }

        // Storage goes away for 10 s: orders are refused with a message, or (when the write got through first)
        // acknowledged; no silo exits.
        await azurite.StopAsync();
        var during = new List<(HttpStatusCode Status, string Body)>();
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(10))
        {
            during.Add(await Send());
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        await azurite.StartAsync(TestContext.Current.CancellationToken);
        var refused = during.Where(d => d.Status != HttpStatusCode.OK).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, r =>
        {
            // 503 (retry), naming the journal and the storage's error; or no answer while the storage client retries.
            Assert.True(r.Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout, $"{(int)r.Status} {r.Body}");
            Assert.True(r.Status == HttpStatusCode.GatewayTimeout || r.Body.Contains("journal could not be written", StringComparison.Ordinal) || r.Body.Contains("storage is unavailable", StringComparison.Ordinal), r.Body);
        });

        // It heals: orders are acknowledged again, without restarting anything.
        var healed = Stopwatch.StartNew();
        await cluster.PollAsync(TimeSpan.FromSeconds(90), "an order to be acknowledged after storage came back", async () => (await Send()).Status == HttpStatusCode.OK ? "ok" : null);
        TestContext.Current.TestOutputHelper?.WriteLine($"acknowledged again {healed.Elapsed.TotalSeconds:0.0} s after storage came back; during the outage: {string.Join(" | ", during.Select(d => $"{(int)d.Status} {d.Body[..Math.Min(d.Body.Length, 200)]}"))}");
        Assert.All(cluster.Silos, s => Assert.True(s.IsRunning && s.Starts == 1, $"{s.Name} exited or was restarted:\n{s.Log}"));
        await cluster.WaitActiveAsync(3, TimeSpan.FromSeconds(60));

        // Nothing acknowledged is lost, no fill is booked twice, and the books add up (read after the kill switch
        // halts the account, so they stand still).
        using (var kill = await cluster.Http.PostAsJsonAsync(new Uri(gateway.Url, "api/risk/kill"), new KillRequest(Account, "test: end"), GatewayJson.Options))
        {
            Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
        }

        var orders = await cluster.GetAsync<OrderView[]>(gateway, $"api/accounts/{Account}/orders") ?? [];
        var fills = await cluster.GetAsync<FillView[]>(gateway, $"api/accounts/{Account}/fills") ?? [];
        var account = await cluster.GetAsync<PortfolioView>(gateway, $"api/accounts/{Account}");
        Assert.NotNull(account);
        var results = ClusterInvariants.Check(acknowledged.Values, orders, fills, account);
        Assert.All(results, r => Assert.True(r.Holds, $"{r.Name}: {r.Detail}\n{cluster.Logs}"));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"kill \d+: .* account served again after (?<served>[\d.]+) s")]
    private static partial Regex KillLine();
}
