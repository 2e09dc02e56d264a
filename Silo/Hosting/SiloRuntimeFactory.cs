using Quant.Orleans.Grains;
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
    public static GrainRuntime Create(SiloSettings settings, bool memoryStorage, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var services = new ServiceCollection()
            .AddSingleton(settings.Strategy.ToOptions())
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
