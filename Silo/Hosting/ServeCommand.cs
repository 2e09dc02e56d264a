using System.Net.Sockets;
using Orleans.Dashboard;
using Quant.Orleans.Dashboard;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Gateway;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>The <c>serve</c> command: a long-running Orleans silo (localhost clustering on <c>Grid:SiloPort</c> and
/// <c>Grid:GatewayPort</c>, grain state in the <c>Storage</c> provider, the accounts' journal in <c>Journal:Path</c>)
/// with its HTTP gateway (loopback by default; another address needs <c>Gateway:AccessToken</c>), the trading dashboard
/// at <c>/dashboard</c> and the Orleans dashboard at <c>/orleans</c>; optionally it replays the configured data paced at
/// real time × <c>Replay:Speed</c>, so clients see a moving market.</summary>
public static class ServeCommand
{
    /// <summary>The Orleans dashboard's path on the gateway's listener.</summary>
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM), then shuts down gracefully (every grain
    /// deactivated: checkpoints and account snapshots written). Returns 2 when a port is in use.</summary>
    public static async Task<int> RunAsync(SiloSettings settings, bool replay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (GridSiloConfiguration.PortProblem(settings.Grid) is { } busy)
        {
            await Console.Error.WriteLineAsync(busy);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.Gateway.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Grid.DeactivationTimeout + TimeSpan.FromSeconds(5));
        var hub = new TradingEventHub();
        using var metrics = new OrleansMetrics();
        builder.UseOrleans(silo =>
        {
            GridSiloConfiguration.Configure(silo, settings, new GridSiloOptions
            {
                RejectLateArrivals = false,
                Hub = hub,
                JournalDirectory = settings.Journal.Enabled ? settings.Journal.Path : null,
            });
            if (settings.Dashboard.Enabled)
            {
                silo.AddDashboard(o => o.HideTrace = true);
            }
        });
        var clusterReplay = replay && settings.Cluster.Enabled;
        if (clusterReplay)
        {
            // Registered after the silo: stops (and releases the replay lease) before the silo does.
            builder.Services.AddSingleton(sp => new ClusterReplayDriver(settings.Replay, sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<ILocalSiloDetails>(), Console.Out));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterReplayDriver>());
        }

        await using var app = builder.Build();
        AccessTokenMiddleware.Use(app, settings.Gateway);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        GatewayEndpoints.Map(app, grains, hub, management.GetTotalActivationCount, settings.Gateway.AccessToken);
        ClusterEndpoints.Map(app, clusterReplay ? settings.Replay.Account : null);
        var job = replay && !clusterReplay ? new ReplayJob(settings.Replay, grains) : null;
        var driver = clusterReplay ? app.Services.GetRequiredService<ClusterReplayDriver>() : null;
        await using var sampler = new DashboardSampler(grains, metrics, settings.Dashboard.Account, TimeSpan.FromMilliseconds(settings.Dashboard.SampleIntervalMilliseconds), () => driver?.Job ?? job);
        if (settings.Dashboard.Enabled)
        {
            DashboardEndpoints.Map(app, sampler, !string.IsNullOrEmpty(settings.Gateway.AccessToken));
            app.MapOrleansDashboard(routePrefix: OrleansDashboardPath);
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase) || e.InnerException is SocketException || e.InnerException?.InnerException is SocketException)
        {
            await Console.Error.WriteLineAsync($"Gateway:Urls {settings.Gateway.Urls} cannot be bound ({e.Message}); stop the other process or set Gateway:Urls (--urls, QO_Gateway__Urls).");
            return 2;
        }

        // The replay's account exists from the start, so clients can ask for it before it trades. In a cluster its
        // silo may be leaving or dead just now: the account then activates on its next call, and this silo serves on.
        try
        {
            await grains.GetGrain<IPortfolioGrain>(settings.Replay.Account).GetSnapshot().WaitAsync(settings.Grid.ResponseTimeout, cancellationToken);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"account {settings.Replay.Account} did not answer at start ({e.GetType().Name}: {e.Message}); it activates on its next call");
        }
        if (settings.Training.Enabled)
        {
            // Training:Enabled: the nightly reminder (re-registered at every start; docs/training.md).
            var nightly = await grains.GetGrain<Grains.Interfaces.Training.ITrainingScheduleGrain>("nightly").Enable();
            Console.WriteLine($"nightly training of {string.Join(", ", nightly.Families)}: next run {nightly.NextFireUtc:yyyy-MM-dd HH:mm} UTC");
        }

        var journal = settings.Journal.Enabled ? settings.Journal.Path : "off";
        var storage = settings.Storage.Provider == "file" ? $"file {Path.GetFullPath(settings.Storage.Path)}" : settings.Storage.Provider;
        Console.WriteLine($"silo serving on {settings.Gateway.Urls} (cluster {settings.Grid.ClusterId}, silo port {settings.Grid.SiloPort}, gateway port {settings.Grid.GatewayPort}; storage: {storage}; journal: {journal}); Ctrl+C stops it");
        if (settings.Dashboard.Enabled)
        {
            Console.WriteLine($"dashboard: {settings.Gateway.Urls.TrimEnd('/')}/dashboard (Orleans: {settings.Gateway.Urls.TrimEnd('/')}{OrleansDashboardPath})");
        }

        var stopping = app.Lifetime.ApplicationStopping;
        if (job is not null)
        {
            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        var result = await job.RunAsync(stopping);
                        Console.WriteLine($"replay finished: {result.EventsDelivered} events ({job.ResumedAfterEvents} re-read after a restart), {result.Record.Orders.Length} orders");
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        await Console.Error.WriteLineAsync($"replay failed: {e.Message}");
                    }
                },
                stopping);
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
