using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Dashboard;
using Quant.Orleans.Silo.Gateway;
using Quant.Orleans.Silo.Replay;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>The <c>serve</c> command: a long-running silo with its gateway (loopback by default; another address needs
/// <c>Gateway:AccessToken</c>) and the live dashboard at <c>/dashboard</c>; optionally it replays the configured data
/// paced at real time × <c>Replay:Speed</c>, so clients see a moving market.</summary>
public static class ServeCommand
{
    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM), then shuts down gracefully.</summary>
    public static async Task<int> RunAsync(SiloSettings settings, bool replay, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.Gateway.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var hub = new TradingEventHub();
        hub.RegisterAccount(settings.Replay.Account);
        var runtime = SiloRuntimeFactory.Create(settings, memoryStorage: false, rejectLateArrivals: false, hub: hub, journalDirectory: settings.Journal.Enabled ? settings.Journal.Path : null);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddHostedService(sp => new GrainRuntimeHostedService(sp.GetRequiredService<GrainRuntime>()));
        await using var app = builder.Build();
        AccessTokenMiddleware.Use(app, settings.Gateway);
        GatewayEndpoints.Map(app, runtime, hub, () => runtime.ActivationCount, settings.Gateway.AccessToken);
        var job = replay ? new ReplayJob(settings.Replay, runtime, () => hub.Accounts) : null;
        await using var sampler = new DashboardSampler(runtime, settings.Dashboard.Account, TimeSpan.FromMilliseconds(settings.Dashboard.SampleIntervalMilliseconds), () => job);
        if (settings.Dashboard.Enabled)
        {
            DashboardEndpoints.Map(app, sampler, !string.IsNullOrEmpty(settings.Gateway.AccessToken));
        }

        await app.StartAsync(cancellationToken);
        var journal = settings.Journal.Enabled ? settings.Journal.Path : "off";
        Console.WriteLine($"silo serving on {settings.Gateway.Urls} (storage: {settings.Storage.Provider} {Path.GetFullPath(settings.Storage.Path)}; journal: {journal}); Ctrl+C stops it");
        if (settings.Dashboard.Enabled)
        {
            Console.WriteLine($"dashboard: {settings.Gateway.Urls.TrimEnd('/')}/dashboard");
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
