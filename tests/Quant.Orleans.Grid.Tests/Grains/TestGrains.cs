
namespace Quant.Orleans.Grid.Tests.Grains;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _value;

    public CounterGrain() => TestProbe.Constructions.AddOrUpdate(GetPrimaryKeyString(), 1, (_, v) => v + 1);

    public Task<int> Add(int amount) => Task.FromResult(_value += amount);

    public ValueTask<int> Get() => new(_value);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public ValueTask Touch() => ValueTask.CompletedTask;

    public Task<string> Whoami() => Task.FromResult(GrainId.ToString());

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        TestProbe.Record(GetPrimaryKeyString(), $"deactivated:{reason}");
        return Task.CompletedTask;
    }
}

public sealed class SequenceGrain : Grain, ISequenceGrain
{
    private readonly List<int> _values = [];

    public ValueTask Append(int value)
    {
        _values.Add(value);
        return ValueTask.CompletedTask;
    }

    public Task<int[]> GetAll() => Task.FromResult(_values.ToArray());
}

public sealed class GateGrain : Grain, IGateGrain
{
    private readonly List<string> _log = [];
    private int _inside;
    private int _maxInside;

    public async Task<int> Enter(string tag)
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        _log.Add("enter:" + tag);
        TestProbe.Gate(GetPrimaryKeyString() + "/entered:" + tag).TrySetResult();
        await TestProbe.Gate(GetPrimaryKeyString() + "/" + tag).Task;
        _log.Add("exit:" + tag);
        _inside--;
        return _maxInside;
    }

    public Task<string[]> Log() => Task.FromResult(_log.ToArray());
}

[Reentrant]
public sealed class ReentrantGateGrain : Grain, IReentrantGateGrain
{
    private readonly List<string> _log = [];
    private int _inside;
    private int _maxInside;
    private int _threadsInside;

    public async Task<int> Enter(string tag)
    {
        // Turns of a reentrant grain interleave but never run in parallel: this counter must never exceed 1.
        if (Interlocked.Increment(ref _threadsInside) != 1)
        {
            throw new InvalidOperationException("Two turns ran in parallel.");
        }

        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        _log.Add("enter:" + tag);
        Interlocked.Decrement(ref _threadsInside);
        TestProbe.Gate(GetPrimaryKeyString() + "/entered:" + tag).TrySetResult();
        await TestProbe.Gate(GetPrimaryKeyString() + "/" + tag).Task;
        if (Interlocked.Increment(ref _threadsInside) != 1)
        {
            throw new InvalidOperationException("Two turns ran in parallel.");
        }

        _log.Add("exit:" + tag);
        _inside--;
        Interlocked.Decrement(ref _threadsInside);
        return _maxInside;
    }

    public Task<string[]> Log() => Task.FromResult(_log.ToArray());
}

public sealed class CounterState
{
    public int Value { get; set; }
}

public sealed class PersistentCounterGrain : Grain, IPersistentCounterGrain
{
    private readonly IPersistentState<CounterState> _state;

    public PersistentCounterGrain([PersistentState("counter")] IPersistentState<CounterState> state)
    {
        _state = state;
        TestProbe.Constructions.AddOrUpdate("persistent/" + GetPrimaryKeyString(), 1, (_, v) => v + 1);
    }

    public async Task<int> Increment()
    {
        _state.State.Value++;
        await _state.WriteStateAsync();
        return _state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(_state.State.Value);

    public Task<string?> Etag() => Task.FromResult(_state.Etag);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class TickingGrain : Grain, ITickingGrain
{
    private int _ticks;

    public Task Start(TimeSpan period)
    {
        RegisterGrainTimer(
            _ =>
            {
                _ticks++;
                TestProbe.Record("tick/" + GetPrimaryKeyString(), "tick");
                return Task.CompletedTask;
            },
            period,
            period);
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[StatelessWorker(2)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private static int _concurrent;
    private static int _maxConcurrent;

    public async Task<int> Work(string tag)
    {
        var now = Interlocked.Increment(ref _concurrent);
        InterlockedMax(ref _maxConcurrent, now);
        TestProbe.Gate("worker/entered:" + tag).TrySetResult();
        await TestProbe.Gate("worker/" + tag).Task;
        Interlocked.Decrement(ref _concurrent);
        return Volatile.Read(ref _maxConcurrent);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("activation refused for " + GetPrimaryKeyString());

    public Task<int> Ping() => Task.FromResult(1);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int value) => new(value + 1);

    public Task<int> PingTask(int value) => Task.FromResult(value + 1);
}
