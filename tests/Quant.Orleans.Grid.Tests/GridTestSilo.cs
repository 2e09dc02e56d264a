using Quant.Orleans.Grid.Hosting;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Grid.Storage;
using Quant.Orleans.Grid.Tests.Grains;

namespace Quant.Orleans.Grid.Tests;

/// <summary>
/// An in-process silo for tests (after Orleans's TestCluster): the test grains, an in-memory default storage or a
/// file store in a temporary folder, an optional manual clock, and <see cref="RestartAsync"/> to stop the silo and
/// start a fresh one on the same storage folder.
/// </summary>
public sealed class GridTestSilo : IAsyncDisposable
{
    private readonly Func<GridOptions> _options;
    private readonly TimeProvider? _time;
    private readonly bool _fileStorage;

    private GridTestSilo(Func<GridOptions> options, TimeProvider? time, bool fileStorage)
    {
        _options = options;
        _time = time;
        _fileStorage = fileStorage;
        StorageFolder = Path.Combine(Path.GetTempPath(), "qo-grid-tests", Guid.NewGuid().ToString("N"));
        Runtime = null!;
    }

    public GrainRuntime Runtime { get; private set; }

    public string StorageFolder { get; }

    public static async Task<GridTestSilo> StartAsync(Func<GridOptions>? options = null, TimeProvider? time = null, bool fileStorage = false)
    {
        var silo = new GridTestSilo(options ?? (() => new GridOptions()), time, fileStorage);
        await silo.StartRuntimeAsync();
        return silo;
    }

    public async Task RestartAsync()
    {
        await Runtime.StopAsync();
        await StartRuntimeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync();
        if (Directory.Exists(StorageFolder))
        {
            Directory.Delete(StorageFolder, recursive: true);
        }
    }

    private async Task StartRuntimeAsync()
    {
        Runtime = new GrainRuntime(_options(), timeProvider: _time);
        Runtime.AddGrainClasses(typeof(CounterGrain).Assembly);
        Runtime.AddStorage("Default", _fileStorage ? new FileGrainStorage(StorageFolder) : new MemoryGrainStorage());
        await Runtime.StartAsync();
    }
}
