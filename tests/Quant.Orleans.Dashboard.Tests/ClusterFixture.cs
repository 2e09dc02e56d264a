using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Hosting;

namespace Quant.Orleans.Dashboard.Tests;

/// <summary>
/// One in-process Orleans cluster (one silo) running the grid's grains exactly as the silo registers them
/// (<see cref="TradingGridSiloBuilderExtensions.AddTradingGrid"/>, memory storage as <see cref="GridStorage.Name"/>),
/// and the process's <see cref="OrleansMetrics"/>, created before the silo starts as the silo does. Orleans's meters
/// are process-wide, so every test that runs a cluster shares this one (<see cref="ClusterCollection"/>); tests use
/// their own symbols and accounts.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>The listener, started before the cluster.</summary>
    public OrleansMetrics Metrics { get; } = new();

    /// <summary>The running cluster.</summary>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    /// <summary>The silo's own grain factory (the dashboard's calls then start inside the silo, as in production).</summary>
    public IGrainFactory Grains => Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();

    /// <summary>The management grain.</summary>
    public IManagementGrain Management => Grains.GetGrain<IManagementGrain>(0);

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddTradingGrid(new StrategyOptions { PersistOnDeactivation = false }, new TradingEventHub()); // memory storage
            silo.AddMemoryGrainStorage(GridStorage.Name);
        });
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        _cluster = builder.Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Metrics.Dispose();
    }

    /// <summary>The string keys of the active grains of an Orleans grain type, all silos.</summary>
    public async Task<string[]> ActiveKeysAsync(string grainType) =>
        [.. TradingViewBuilder.Keys(await Management.GetActiveGrains(GrainType.Create(grainType)))];
}

/// <summary>The tests that run the Orleans cluster (one at a time, sharing <see cref="ClusterFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans cluster";
}
