using BenchmarkDotNet.Attributes;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// The cost of a grain call to another silo against one to a grain in the caller's silo: two silos in this process
/// form one cluster over TCP on loopback (as two processes on one machine would: every remote call is serialized,
/// sent, answered and deserialized); the caller uses the first silo's grain factory, as a replay driver does. Grains
/// are picked by where Orleans placed them (<see cref="IManagementGrain.GetActivationAddress(IAddressable)"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GridBenchmarkConfig))]
public class CrossSiloCallBenchmarks
{
    public const int CallsPerInvoke = 1_000;

    private readonly double[] _batch = new double[4096];
    private BenchmarkSilo _first = null!;
    private BenchmarkSilo _second = null!;
    private IPingGrain _local = null!;
    private IPingGrain _remote = null!;

    [GlobalSetup]
    public void Setup()
    {
        _first = new BenchmarkSilo();
        _second = _first.Join();
        var management = _first.Grains.GetGrain<IManagementGrain>(0);
        IPingGrain? local = null, remote = null;
        for (var key = 1_000_000L; local is null || remote is null; key++)
        {
            Assert(key < 1_001_000, "no grain was placed on each silo in 1,000 tries");
            var grain = _first.Grains.GetGrain<IPingGrain>(key);
            grain.Ping(0).AsTask().GetAwaiter().GetResult();
            var where = management.GetActivationAddress(grain).AsTask().GetAwaiter().GetResult();
            if (_first.Address.Equals(where))
            {
                local ??= grain;
            }
            else if (_second.Address.Equals(where))
            {
                remote ??= grain;
            }
        }

        (_local, _remote) = (local, remote);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _second.Dispose();
        _first.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke, Description = "Call: grain in the caller's silo")]
    [BenchmarkCategory("Call")]
    public Task<int> LocalCall() => Calls(_local);

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "Call: grain in the other silo (TCP, loopback)")]
    [BenchmarkCategory("Call")]
    public Task<int> RemoteCall() => Calls(_remote);

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke / 10, Description = "Batch: 4,096 doubles Immutable, caller's silo")]
    [BenchmarkCategory("Batch")]
    public Task<int> LocalBatch() => Batches(_local);

    [Benchmark(OperationsPerInvoke = CallsPerInvoke / 10, Description = "Batch: 4,096 doubles Immutable, other silo")]
    [BenchmarkCategory("Batch")]
    public Task<int> RemoteBatch() => Batches(_remote);

    private static async Task<int> Calls(IPingGrain grain)
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            sum += await grain.Ping(1);
        }

        return sum;
    }

    private async Task<int> Batches(IPingGrain grain)
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke / 10; i++)
        {
            sum += await grain.SumImmutable(new Immutable<double[]>(_batch));
        }

        return sum;
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
