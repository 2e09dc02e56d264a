
namespace Quant.Orleans.Grid.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    ValueTask<int> Get();

    Task Fail(string message);

    ValueTask Touch();

    Task<string> Whoami();
}

public interface ISequenceGrain : IGrainWithIntegerKey
{
    ValueTask Append(int value);

    Task<int[]> GetAll();
}

/// <summary>Methods that wait on a gate the test opens, to observe interleaving across awaits.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    Task<int> Enter(string tag);

    Task<string[]> Log();
}

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task<int> Enter(string tag);

    Task<string[]> Log();
}

public interface IPersistentCounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<string?> Etag();

    Task Deactivate();
}

public interface ITickingGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    Task<int> Ticks();

    Task Deactivate();
}

public interface IWorkerGrain : IGrainWithIntegerKey
{
    Task<int> Work(string tag);
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask<int> Ping(int value);

    Task<int> PingTask(int value);
}
