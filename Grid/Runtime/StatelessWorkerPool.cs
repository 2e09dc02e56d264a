using Quant.Orleans.Grid.Invocation;

namespace Quant.Orleans.Grid.Runtime;

/// <summary>The local activations of one <see cref="StatelessWorkerAttribute"/> grain id: a call goes to an idle
/// activation, or a new one while fewer than the limit exist, or else round-robin.</summary>
internal sealed class StatelessWorkerPool
{
    private readonly GrainRuntime _runtime;
    private readonly GrainId _id;
    private readonly GrainClassInfo _info;
    private readonly object _lock = new();
    private volatile ActivationData[] _activations = [];
    private int _next;

    public StatelessWorkerPool(GrainRuntime runtime, GrainId id, GrainClassInfo info)
    {
        _runtime = runtime;
        _id = id;
        _info = info;
    }

    public int Count => _activations.Length;

    public ActivationData[] Snapshot() => _activations;

    public void Dispatch(GrainTurn turn)
    {
        while (true)
        {
            var activations = _activations;
            foreach (var activation in activations)
            {
                if (activation.IsIdle && activation.TryEnqueue(turn))
                {
                    return;
                }
            }

            if (activations.Length < _info.MaxLocalWorkers)
            {
                lock (_lock)
                {
                    if (_activations.Length < _info.MaxLocalWorkers)
                    {
                        var created = new ActivationData(_runtime, _id, _info);
                        _activations = [.. _activations, created];
                        if (created.TryEnqueue(turn))
                        {
                            return;
                        }
                    }
                }

                continue;
            }

            var pick = activations[(int)((uint)Interlocked.Increment(ref _next) % (uint)activations.Length)];
            if (pick.TryEnqueue(turn))
            {
                return;
            }

            Remove(pick);
        }
    }

    public void Remove(ActivationData activation)
    {
        lock (_lock)
        {
            _activations = _activations.Where(a => !ReferenceEquals(a, activation)).ToArray();
        }
    }
}
