using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Hosting;

namespace Quant.Orleans.Grains.Tests;

/// <summary>An Orleans TestingHost cluster (in-process silos, in-memory transport) running the production grains the
/// way the silo does (<see cref="TradingGridSiloBuilderExtensions.AddTradingGrid"/>), with memory grain storage. Calls go
/// through the cluster's client, so every argument and answer is serialized as between processes.</summary>
public sealed class GrainsCluster : IAsyncDisposable
{
    private GrainsCluster(InProcessTestCluster cluster, TradingEventHub hub)
    {
        Cluster = cluster;
        Hub = hub;
    }

    /// <summary>The cluster (kill, stop, restart silos).</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The event hub every silo of the cluster publishes to.</summary>
    public TradingEventHub Hub { get; }

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Deploys <paramref name="silos"/> silos with <paramref name="options"/> (the defaults when null).</summary>
    /// <param name="options">The strategy every grain reads.</param>
    /// <param name="silos">How many silos.</param>
    /// <param name="configure">Extra silo configuration (e.g. another storage provider instead of memory).</param>
    /// <param name="clusterEvents">True to give each silo an event hub of its own joined by the cluster's event relay
    /// (as silo processes have); <see cref="Hub"/> is then unused (<see cref="HubOf"/>).</param>
    public static async Task<GrainsCluster> StartAsync(StrategyOptions? options = null, short silos = 1, Action<ISiloBuilder>? configure = null, bool clusterEvents = false)
    {
        var strategy = options ?? new StrategyOptions();
        if (configure is null)
        {
            strategy = strategy with { PersistOnDeactivation = false }; // memory storage: gone with the cluster
        }

        var hub = new TradingEventHub();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            if (clusterEvents)
            {
                silo.AddTradingGrid(strategy, new TradingEventHub()).AddClusterEventRelay();
            }
            else
            {
                silo.AddTradingGrid(strategy, hub);
            }

            if (configure is null)
            {
                silo.AddMemoryGrainStorage(GridStorage.Name);
            }
            else
            {
                configure(silo);
            }
        });
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return new GrainsCluster(cluster, hub);
    }

    /// <summary>The event hub of silo <paramref name="index"/> (in deployment order).</summary>
    public TradingEventHub HubOf(int index) => Cluster.GetSiloServiceProvider(Cluster.Silos[index].SiloAddress).GetRequiredService<TradingEventHub>();

    /// <summary>A service of the first silo.</summary>
    public T SiloService<T>()
        where T : notnull => Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<T>();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync(CancellationToken.None);
        await Cluster.DisposeAsync();
    }
}
