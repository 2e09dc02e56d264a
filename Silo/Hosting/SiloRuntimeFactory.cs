using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Grid.Storage;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>Builds a silo's grain runtime from its settings: the grain classes, the storage provider and the
/// strategy options the grains take in their constructors.</summary>
public static class SiloRuntimeFactory
{
    /// <summary>Creates (not starts) the runtime.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="memoryStorage">True to keep grain state in memory whatever the settings say (replays).</param>
    /// <param name="loggerFactory">Logging for the runtime.</param>
    /// <param name="rejectLateArrivals">True for replays (an order stamped before the venue's last quote is rejected
    /// as too late); false for a serving silo, whose manual orders are stamped by the account's view of market time
    /// and then wait for the venue's next quote (see <c>VenueOptions.RejectLateArrivals</c>).</param>
    /// <param name="hub">The event hub the grains publish to (the gateway subscribes to it); a new one when null.</param>
    /// <param name="journalDirectory">Where the accounts journal their orders and fills and recover them from on
    /// activation (normally <c>Journal:Path</c>); null for a backtest that starts from nothing.</param>
    public static GrainRuntime Create(SiloSettings settings, bool memoryStorage, ILoggerFactory? loggerFactory = null, bool rejectLateArrivals = true, TradingEventHub? hub = null, string? journalDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var strategy = settings.Strategy.ToOptions(settings.Risk);
        strategy = strategy with
        {
            Venue = strategy.Venue with { RejectLateArrivals = rejectLateArrivals },
            JournalDirectory = journalDirectory,
        };
        var services = new ServiceCollection()
            .AddSingleton(strategy)
            .AddSingleton(hub ?? new TradingEventHub())
            .BuildServiceProvider();
        var runtime = new GrainRuntime(settings.Grid, services, TimeProvider.System, loggerFactory);
        runtime.AddGrainClasses(typeof(StrategyOptions).Assembly);
        IGrainStorage storage = memoryStorage || settings.Storage.Provider == "memory"
            ? new MemoryGrainStorage()
            : new FileGrainStorage(settings.Storage.Path);
        runtime.AddStorage(settings.Grid.DefaultStorageName, storage);
        return runtime;
    }
}
