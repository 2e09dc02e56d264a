using BenchmarkDotNet.Attributes;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// Orleans grain call cost against a direct interface call and a <see cref="System.Threading.Channels"/> round trip, in
/// one silo (the replay's case: callers use the silo's own grain factory).
/// <list type="bullet">
/// <item><c>Call</c>: one caller awaits <see cref="CallsPerInvoke"/> calls in a row; the figure is per awaited call
/// (baseline: the direct interface call).</item>
/// <item><c>Throughput</c>: <see cref="Grains"/> callers, one per grain, each awaiting <see cref="CallsPerGrain"/>
/// calls in a row, so about 1,000 calls are in flight; the figure is per call (Op/s is calls per second).</item>
/// </list>
/// <item><c>Batch</c>: a 4,096-double array argument, deep-copied (a plain array) or passed by reference
/// (<see cref="Immutable{T}"/>, as the grid's <c>[Immutable]</c> batches are).</item>
/// Allocated is per call; the grain itself allocates nothing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GridBenchmarkConfig))]
public class GridCallBenchmarks
{
    public const int CallsPerInvoke = 1_000;
    public const int Grains = 1_000;
    public const int CallsPerGrain = 100;

    private readonly IPingGrain _direct = new DirectPing();
    private readonly PingRequest _channelRequest = new();
    private readonly Task[] _tasks = new Task[Grains];
    private readonly PingRequest[] _channelRequests = Enumerable.Range(0, Grains).Select(_ => new PingRequest()).ToArray();
    private readonly double[] _batch = new double[4096];
    private BenchmarkSilo _silo = null!;
    private IPingGrain _grain = null!;
    private IPingGrain[] _grains = [];
    private ChannelPingServer _channel = null!;
    private ChannelPingServer _channelPerCore = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = new BenchmarkSilo();
        _grain = _silo.Grains.GetGrain<IPingGrain>(-1);
        _grains = Enumerable.Range(0, Grains).Select(i => _silo.Grains.GetGrain<IPingGrain>(i)).ToArray();
        _channel = new ChannelPingServer(consumers: 1);
        _channelPerCore = new ChannelPingServer(consumers: Environment.ProcessorCount);

        // Activate every grain before measuring.
        _grain.Ping(0).AsTask().GetAwaiter().GetResult();
        Task.WhenAll(_grains.Select(g => g.Ping(0).AsTask())).GetAwaiter().GetResult();
        Task.Run(EnsureCallerKeepsItsContext).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _silo.Dispose();
        _channel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _channelPerCore.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke, Description = "Call: direct interface (ValueTask)")]
    [BenchmarkCategory("Call")]
    public async Task<int> DirectCall()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            sum += await _direct.Ping(1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "Call: Channel<T> round trip")]
    [BenchmarkCategory("Call")]
    public async Task<int> ChannelCall()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            sum += await ChannelPingServer.PingAsync(_channel, _channelRequest, 1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "Call: Grain ValueTask<int>")]
    [BenchmarkCategory("Call")]
    public async Task<int> GrainCallValueTask()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            sum += await _grain.Ping(1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "Call: Grain Task<int>")]
    [BenchmarkCategory("Call")]
    public async Task<int> GrainCallTask()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            sum += await _grain.PingTask(1);
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke / 10, Description = "Batch: 4,096 doubles, copied")]
    [BenchmarkCategory("Batch")]
    public async Task<int> BatchCopied()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke / 10; i++)
        {
            sum += await _grain.SumCopied(_batch);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke / 10, Description = "Batch: 4,096 doubles, Immutable<T>")]
    [BenchmarkCategory("Batch")]
    public async Task<int> BatchImmutable()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke / 10; i++)
        {
            sum += await _grain.SumImmutable(new Immutable<double[]>(_batch));
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Grains * CallsPerGrain, Description = "Throughput: Channel<T>, 1,000 callers, 1 consumer per core")]
    [BenchmarkCategory("Throughput")]
    public Task ChannelThroughput()
    {
        for (var g = 0; g < Grains; g++)
        {
            _tasks[g] = ChannelLoop(_channelPerCore, _channelRequests[g]);
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark(OperationsPerInvoke = Grains * CallsPerGrain, Description = "Throughput: 1,000 grains, ValueTask<int>")]
    [BenchmarkCategory("Throughput")]
    public Task GrainThroughputValueTask()
    {
        for (var g = 0; g < Grains; g++)
        {
            _tasks[g] = ValueTaskLoop(_grains[g]);
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark(OperationsPerInvoke = Grains * CallsPerGrain, Description = "Throughput: 1,000 grains, Task<int>")]
    [BenchmarkCategory("Throughput")]
    public Task GrainThroughputTask()
    {
        for (var g = 0; g < Grains; g++)
        {
            _tasks[g] = TaskLoop(_grains[g]);
        }

        return Task.WhenAll(_tasks);
    }

    /// <summary>An external caller's code after an awaited call must not run under a grain's synchronization context
    /// (it would be posted to the grain's queue from then on, which is neither correct nor what is measured).</summary>
    private async Task EnsureCallerKeepsItsContext()
    {
        for (var i = 0; i < 3; i++)
        {
            await _grain.Ping(1);
            if (SynchronizationContext.Current is not null)
            {
                throw new InvalidOperationException("A grain call left the caller on the grain's synchronization context.");
            }
        }
    }

    private static async Task ChannelLoop(ChannelPingServer server, PingRequest request)
    {
        for (var i = 0; i < CallsPerGrain; i++)
        {
            await ChannelPingServer.PingAsync(server, request, 1);
        }
    }

    private static async Task ValueTaskLoop(IPingGrain grain)
    {
        for (var i = 0; i < CallsPerGrain; i++)
        {
            await grain.Ping(1);
        }
    }

    private static async Task TaskLoop(IPingGrain grain)
    {
        for (var i = 0; i < CallsPerGrain; i++)
        {
            await grain.PingTask(1);
        }
    }
}
