using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grid.Hosting;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Grid.Storage;

namespace Quant.Orleans.Grains.Tests;

/// <summary>An in-process silo with the production grains and the given strategy options.</summary>
public sealed class GrainsSilo : IAsyncDisposable, IServiceProvider
{
    private readonly StrategyOptions _options;

    private GrainsSilo(StrategyOptions options)
    {
        _options = options;
        Runtime = new GrainRuntime(new GridOptions(), this);
        Runtime.AddGrainClasses(typeof(StrategyOptions).Assembly);
        Runtime.AddStorage("Default", new MemoryGrainStorage());
    }

    public GrainRuntime Runtime { get; }

    public static async Task<GrainsSilo> StartAsync(StrategyOptions? options = null)
    {
        var silo = new GrainsSilo(options ?? new StrategyOptions());
        await silo.Runtime.StartAsync();
        return silo;
    }

    public TradingEventHub Hub { get; } = new();

    public object? GetService(Type serviceType) => serviceType == typeof(StrategyOptions) ? _options : serviceType == typeof(TradingEventHub) ? Hub : null;

    public async ValueTask DisposeAsync() => await Runtime.StopAsync();
}
