using Quant.Orleans.Grid;

namespace Quant.Orleans.Benchmarks;

/// <summary>The benchmark grain interface: one method per return shape the generator supports for results.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask<int> Ping(int x);

    Task<int> PingTask(int x);
}

/// <summary>Answers synchronously without allocating (results 0..8 come from the runtime's task cache), so a
/// benchmark measures the runtime's cost, not the grain's.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int x) => new(x + 1);

    public Task<int> PingTask(int x) => Task.FromResult(x + 1);
}

/// <summary>The same methods on a plain object: the direct interface call the grid is compared with.</summary>
public sealed class DirectPing : IPingGrain
{
    public ValueTask<int> Ping(int x) => new(x + 1);

    public Task<int> PingTask(int x) => Task.FromResult(x + 1);
}
