using System.Collections.Concurrent;
using Quant.Orleans.Grid.Invocation;
using Quant.Orleans.Grid.Storage;
using Quant.Orleans.Grid.Timers;

namespace Quant.Orleans.Grid.Runtime;

/// <summary>
/// One activation of a grain: its mailbox and its turn loop. Requests queue in a lock-free lane; the loop runs on
/// the thread pool, one turn at a time (several only for reentrant grains), and every continuation of grain code
/// comes back through <see cref="ActivationSynchronizationContext"/>, so grain code is single-threaded.
/// </summary>
internal sealed partial class ActivationData : IThreadPoolWorkItem
{
    private const int TurnBudget = 128;

    [ThreadStatic]
    private static ActivationData? _constructing;

    private readonly ConcurrentQueue<GrainTurn> _requests = new();
    private readonly ConcurrentQueue<Continuation> _continuations = new();
    private readonly ActivationSynchronizationContext _syncContext;
    private readonly List<GrainTimer> _timers = [];
    private readonly List<IPersistentStateLoader> _states = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _inFlightLock = new();
    private readonly List<GrainTurn> _inFlightAsync = [];

    private int _scheduled;
    private int _state;
    private int _deactivationRequested = -1;
    private GrainTurn? _exclusiveTurn;
    private long _lastActivity;
    private object? _instance;

    public ActivationData(GrainRuntime runtime, GrainId id, GrainClassInfo classInfo)
    {
        Runtime = runtime;
        Id = id;
        ClassInfo = classInfo;
        _syncContext = new ActivationSynchronizationContext(this);
        _lastActivity = runtime.TimeProvider.GetTimestamp();
    }

    /// <summary>The activation being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    internal static ActivationData? Constructing => _constructing;

    public GrainRuntime Runtime { get; }

    public GrainId Id { get; }

    public GrainClassInfo ClassInfo { get; }

    public object Instance => _instance ?? throw new InvalidOperationException($"Invariant: grain {Id} is not constructed.");

    internal ActivationState State => (ActivationState)Volatile.Read(ref _state);

    /// <summary>Completes when the activation is gone.</summary>
    internal Task Deactivated => _deactivated.Task;

    internal List<IPersistentStateLoader> PersistentStates => _states;

    /// <summary>True when nothing is queued or running. The turn loop being queued or running counts as busy: a turn
    /// it has dequeued is in neither the lane nor the in-flight set until <c>Start</c> returns. The loop publishes an
    /// asynchronous turn as in flight before it releases <c>_scheduled</c>, so reading <c>_scheduled</c> first cannot
    /// miss one.</summary>
    internal bool IsIdle
    {
        get
        {
            if (Volatile.Read(ref _scheduled) != 0)
            {
                return false;
            }

            lock (_inFlightLock)
            {
                return _requests.IsEmpty && _exclusiveTurn is null && _inFlightAsync.Count == 0;
            }
        }
    }

    internal long LastActivityTimestamp => Volatile.Read(ref _lastActivity);

    /// <summary>True while the turn loop is queued or running on the thread pool.</summary>
    internal bool IsScheduled => Volatile.Read(ref _scheduled) != 0;

    /// <summary>Requests waiting in the lane.</summary>
    internal int QueuedRequests => _requests.Count;

    /// <summary>Queues a request; false when the activation is already gone (the caller resolves a new one).</summary>
    public bool TryEnqueue(GrainTurn turn)
    {
        if (Volatile.Read(ref _state) == (int)ActivationState.Invalid)
        {
            return false;
        }

        _requests.Enqueue(turn);
        if (Volatile.Read(ref _state) == (int)ActivationState.Invalid)
        {
            // The activation finished deactivating between the check and the enqueue: whoever dequeues first forwards.
            ForwardQueuedRequests();
            return true;
        }

        Schedule();
        return true;
    }

    /// <summary>Asks the activation to deactivate once no turn is running; an idle-collection request is dropped if
    /// work arrives first.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        var current = Volatile.Read(ref _deactivationRequested);
        if (current < 0 || (DeactivationReason)current == DeactivationReason.IdleCollection)
        {
            Interlocked.CompareExchange(ref _deactivationRequested, (int)reason, current);
        }

        Schedule();
    }

    internal void PostCallback(SendOrPostCallback callback, object? state)
    {
        _continuations.Enqueue(new Continuation(null, callback, state));
        Schedule();
    }

    internal void PostTurnCompleted(GrainTurn turn)
    {
        _continuations.Enqueue(new Continuation(turn, null, null));
        Schedule();
    }

    internal void AddTimer(GrainTimer timer) => _timers.Add(timer);

    internal void RemoveTimer(GrainTimer timer) => _timers.Remove(timer);

    /// <summary>Fails queued and running requests whose deadline passed (called by the runtime's sweeper).</summary>
    internal void ExpireRequests(long now, TimeSpan timeout)
    {
        lock (_inFlightLock)
        {
            if (_exclusiveTurn is { } running && running.DeadlineTimestamp <= now)
            {
                running.TryTimeout(timeout);
            }

            foreach (var turn in _inFlightAsync)
            {
                if (turn.DeadlineTimestamp <= now)
                {
                    turn.TryTimeout(timeout);
                }
            }
        }

        if (_requests.TryPeek(out var head) && head.DeadlineTimestamp <= now)
        {
            foreach (var queued in _requests)
            {
                if (queued.DeadlineTimestamp <= now)
                {
                    queued.TryTimeout(timeout);
                }
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var budget = TurnBudget;
        while (true)
        {
            if (_continuations.TryDequeue(out var continuation))
            {
                RunContinuation(continuation);
            }
            else if (!TryStartNextTurn())
            {
                // A full fence (not a plain release store) before looking at the queues again: otherwise the store of 0
                // can become visible after those loads, while a producer that enqueued in between still reads 1 and
                // does not schedule us (a lost wake-up, leaving its request queued until it times out).
                Interlocked.Exchange(ref _scheduled, 0);
                if (HasRunnableWork() && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
                {
                    continue;
                }

                return;
            }

            if (--budget == 0)
            {
                // Fairness: let other activations run; _scheduled stays 1, so nobody else queues this one.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private bool HasRunnableWork() =>
        !_continuations.IsEmpty || (CanStartTurn() && (!_requests.IsEmpty || NeedsLifecycleTurn()));

    private bool CanStartTurn()
    {
        var state = (ActivationState)Volatile.Read(ref _state);
        if (state is ActivationState.Invalid or ActivationState.Deactivating || _exclusiveTurn is not null)
        {
            return false;
        }

        return ClassInfo.IsReentrant || _inFlightAsync.Count == 0 || state == ActivationState.Created;
    }

    private bool NeedsLifecycleTurn() =>
        State == ActivationState.Created || Volatile.Read(ref _deactivationRequested) >= 0;

    private bool TryStartNextTurn()
    {
        if (!CanStartTurn())
        {
            return false;
        }

        if (State == ActivationState.Created)
        {
            Volatile.Write(ref _state, (int)ActivationState.Activating);
            RunTurn(new ActivationTurn(), exclusive: true);
            return true;
        }

        var requested = Volatile.Read(ref _deactivationRequested);
        if (requested >= 0)
        {
            var reason = (DeactivationReason)requested;
            var busy = !_requests.IsEmpty || _inFlightAsync.Count > 0;
            if (reason == DeactivationReason.IdleCollection && busy)
            {
                // Work arrived after the collector decided: stay active.
                Interlocked.CompareExchange(ref _deactivationRequested, -1, requested);
            }
            else if (_inFlightAsync.Count == 0)
            {
                Volatile.Write(ref _state, (int)ActivationState.Deactivating);
                RunTurn(new DeactivationTurn(reason), exclusive: true);
                return true;
            }
            else
            {
                return false;
            }
        }

        while (_requests.TryDequeue(out var turn))
        {
            if (turn.IsAnswered)
            {
                continue; // timed out while queued
            }

            RunTurn(turn, exclusive: !ClassInfo.IsReentrant);
            return true;
        }

        return false;
    }

    private void RunTurn(GrainTurn turn, bool exclusive)
    {
        // A turn that completes synchronously is stamped once, when it starts (its end is the same instant on the
        // runtime's clock, save for its CPU time); one that goes asynchronous is stamped again when it completes.
        if (turn.KeepsAlive)
        {
            Volatile.Write(ref _lastActivity, Runtime.TimeProvider.GetTimestamp());
        }

        bool completed;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            completed = turn.Start(this);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (completed)
        {
            turn.FinishAsync(this);
            return;
        }

        lock (_inFlightLock)
        {
            if (exclusive)
            {
                _exclusiveTurn = turn;
            }
            else
            {
                _inFlightAsync.Add(turn);
            }
        }
    }

    private void RunContinuation(Continuation continuation)
    {
        if (continuation.Turn is { } turn)
        {
            lock (_inFlightLock)
            {
                if (ReferenceEquals(_exclusiveTurn, turn))
                {
                    _exclusiveTurn = null;
                }
                else
                {
                    _inFlightAsync.Remove(turn);
                }
            }

            turn.FinishAsync(this);
            AfterTurn(turn);
            return;
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            continuation.Callback!(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void AfterTurn(GrainTurn turn)
    {
        if (turn.KeepsAlive)
        {
            Volatile.Write(ref _lastActivity, Runtime.TimeProvider.GetTimestamp());
        }
    }

    private readonly record struct Continuation(GrainTurn? Turn, SendOrPostCallback? Callback, object? State);
}
