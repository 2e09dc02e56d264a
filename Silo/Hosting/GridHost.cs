using Quant.Orleans.Engine.Research;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>An Orleans silo in this process for the commands that drive the grid themselves (replay, research,
/// benchmarks): built from the settings by <see cref="GridSiloConfiguration"/>, started by <see cref="StartAsync"/> and
/// stopped gracefully (every grain deactivated) by <see cref="StopAsync"/> or disposal.</summary>
public sealed class GridHost : IGridSession
{
    private readonly IHost _host;
    private bool _started;

    private GridHost(IHost host) => _host = host;

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds (does not start) a silo.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="options">The command's choices; a private silo when <see cref="GridSiloOptions.Private"/>.</param>
    public static GridHost Create(SiloSettings settings, GridSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Grid.DeactivationTimeout + TimeSpan.FromSeconds(5));
        builder.UseOrleans(silo => GridSiloConfiguration.Configure(silo, settings, options));
        return new GridHost(builder.Build());
    }

    /// <summary>Builds and starts a private silo (a <see cref="GridSessionFactory"/> for walk-forward windows).</summary>
    public static async Task<IGridSession> StartPrivateAsync(SiloSettings settings, GridSiloOptions options, CancellationToken cancellationToken)
    {
        var host = Create(settings, options with { Private = true });
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Starts the silo.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _host.StartAsync(cancellationToken);
        _started = true;
    }

    /// <summary>Stops the silo gracefully: every grain is deactivated (symbol checkpoints and account snapshots are
    /// written).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            _started = false;
            await _host.StopAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
