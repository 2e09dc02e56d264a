namespace Quant.Orleans.Benchmarks;

/// <summary>The benchmark grain interface: both result shapes, and a 4,096-value batch passed copied or immutable.</summary>
[Alias("qo.bench.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    ValueTask<int> Ping(int x);

    [Alias("PingTask")]
    Task<int> PingTask(int x);

    /// <summary>The array is deep-copied by Orleans on the way in (a mutable argument).</summary>
    [Alias("SumCopied")]
    ValueTask<int> SumCopied(double[] values);

    /// <summary>The array is passed by reference (<see cref="Immutable{T}"/>: the caller promises not to change it).</summary>
    [Alias("SumImmutable")]
    ValueTask<int> SumImmutable(Immutable<double[]> values);
}

/// <summary>Answers synchronously without allocating, so a benchmark measures the runtime's cost, not the grain's.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int x) => new(x + 1);

    public Task<int> PingTask(int x) => Task.FromResult(x + 1);

    public ValueTask<int> SumCopied(double[] values) => new(values.Length);

    public ValueTask<int> SumImmutable(Immutable<double[]> values) => new(values.Value.Length);
}

/// <summary>The same methods on a plain object: the direct interface call the grid is compared with.</summary>
public sealed class DirectPing : IPingGrain
{
    public ValueTask<int> Ping(int x) => new(x + 1);

    public Task<int> PingTask(int x) => Task.FromResult(x + 1);

    public ValueTask<int> SumCopied(double[] values) => new(values.Length);

    public ValueTask<int> SumImmutable(Immutable<double[]> values) => new(values.Value.Length);
}
