using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Silo.Cluster;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Cluster;

/// <summary>
/// Several real silo processes (<c>dotnet Quant.Orleans.Silo.dll serve --cluster --replay</c> of IBM 2013-10-07..08)
/// over one Azure Storage connection, on loopback, with a cluster id, containers and journal container of their own.
/// Disposing kills the processes that still run.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(100);

    private ProcessCluster(ChildSilo[] silos, string id)
    {
        Silos = silos;
        Id = id;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public ChildSilo[] Silos { get; }

    public string Id { get; }

    public HttpClient Http { get; }

    /// <summary>Everything the silos wrote (their last lines), for failure messages.</summary>
    public string Logs => string.Join("\n", Silos.Select(s => $"--- {s.Name} (running: {s.IsRunning}, exit {s.ExitCode})\n{s.Log}"));

    /// <summary>The Silo build the tests run (the test project references Silo, so it is built first).</summary>
    public static string SiloAssembly()
    {
        var configuration = typeof(ProcessCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var dll = Path.Combine(TestData.RepositoryRoot, "Silo", "bin", configuration!, "net10.0", "Quant.Orleans.Silo.dll");
        Assert.True(File.Exists(dll), $"Silo build output not found at '{dll}'.");
        return dll;
    }

    /// <summary>Starts <paramref name="count"/> silos and waits until all are active.</summary>
    public static async Task<ProcessCluster> StartAsync(int count, string connectionString, string data, double speed = 200)
    {
        var id = $"test-{Guid.NewGuid():N}"[..24];
        var replay = new ReplaySettings { DataFolder = data, Symbols = ["IBM"], From = new DateOnly(2013, 10, 7), To = new DateOnly(2013, 10, 8) };
        var settings = ClusterSiloSettings.For(replay, connectionString, id, speed);
        var dll = SiloAssembly();
        var cluster = new ProcessCluster([.. Enumerable.Range(1, count).Select(i => new ChildSilo($"silo-{i}", settings, ["serve", "--cluster", "--replay"], dll))], id);
        foreach (var silo in cluster.Silos)
        {
            silo.Start();
        }

        await cluster.WaitActiveAsync(count, TimeSpan.FromSeconds(120));

        // Active in the membership is not yet serving HTTP: the gateway starts listening after the silo joins, and a
        // test that talks to one silo at once (a CI run was refused on silo-1 while silo-2 reported all three active)
        // must wait for that silo's own answer.
        foreach (var silo in cluster.Silos)
        {
            await cluster.PollAsync(TimeSpan.FromSeconds(60), $"{silo.Name}'s gateway to answer", () => cluster.GetAsync<ClusterView>(silo, "api/cluster"));
        }

        return cluster;
    }

    /// <summary>Waits until <paramref name="count"/> silos are active in the membership, as a running silo reports it.</summary>
    public Task<ClusterView> WaitActiveAsync(int count, TimeSpan limit) =>
        PollAsync(limit, $"{count} active silos", async () => await ClusterAsync() is { } view && view.Silos.Count(s => s.Status == "Active") == count ? view : null);

    /// <summary>The cluster as one running silo reports it; null when none answers.</summary>
    public async Task<ClusterView?> ClusterAsync()
    {
        foreach (var silo in Silos.Where(s => s.IsRunning))
        {
            if (await GetAsync<ClusterView>(silo, "api/cluster") is { } view)
            {
                return view;
            }
        }

        return null;
    }

    /// <summary>The silo a silo address (as <c>/api/cluster</c> shows it) belongs to.</summary>
    public ChildSilo SiloOf(string address) => Silos.Single(s => address.Contains($":{s.SiloPort}:", StringComparison.Ordinal));

    public async Task<T?> GetAsync<T>(ChildSilo silo, string path)
        where T : class
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(silo.Url, path));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>(GatewayJson.Options) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Calls <paramref name="probe"/> every 100 ms until it returns a value, or fails with the silos' output.</summary>
    public async Task<T> PollAsync<T>(TimeSpan limit, string what, Func<Task<T?>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(PollDelay);
        }

        Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}.\n{Logs}");
        throw new UnreachableException();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Silos.Select(async s => await s.DisposeAsync()));
        Http.Dispose();
    }
}
