using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Quant.Orleans.Grid.Metrics;
using Quant.Orleans.Grid.Runtime;

namespace Quant.Orleans.Grid.Invocation;

/// <summary>
/// One call of a grain method, generated per interface method by the source generator: it carries the arguments,
/// invokes the method on the activation's thread, and is itself the awaitable result for the caller
/// (an <see cref="IValueTaskSource{TResult}"/>), so a call costs this one object.
/// </summary>
/// <typeparam name="TResult">The method's result type; <see cref="NoResult"/> for <see cref="Task"/>/<see cref="ValueTask"/> methods.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest<TResult> : GrainTurn, IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _core;
    private int _answered;
    private ValueTask<TResult> _pending;
    private ActivationData? _activation;
    private Action? _onPendingCompleted;
    private long _deadline = long.MaxValue;

    /// <summary>Creates the request.</summary>
    protected GrainRequest() => _core.RunContinuationsAsynchronously = false;

    /// <summary>The method this request calls.</summary>
    public abstract MethodDescriptor Method { get; }

    /// <summary>The grain the request is addressed to; set when it is sent.</summary>
    public GrainId Target { get; private set; }

    /// <summary><see cref="Stopwatch"/> timestamp of the send (for latency metrics).</summary>
    internal long SentStopwatch { get; private set; }

    /// <summary>Time-provider timestamp after which the caller gets a <see cref="TimeoutException"/>.</summary>
    internal override long DeadlineTimestamp => _deadline;

    /// <inheritdoc />
    internal override GrainId? ForwardTarget => Target;

    /// <inheritdoc />
    internal override bool IsAnswered => Volatile.Read(ref _answered) != 0;

    /// <summary>Invokes the grain method on <paramref name="grain"/> (generated: a cast and a direct call).</summary>
    protected abstract ValueTask<TResult> InvokeCore(object grain);

    /// <summary>Stamps the request when it is sent: <paramref name="sentStopwatch"/> is a <see cref="Stopwatch"/>
    /// timestamp, <paramref name="deadlineTimestamp"/> a time-provider timestamp (the same clock read when the runtime
    /// runs on <see cref="TimeProvider.System"/>).</summary>
    internal void Prepare(GrainId target, long sentStopwatch, long deadlineTimestamp)
    {
        Target = target;
        SentStopwatch = sentStopwatch;
        _deadline = deadlineTimestamp;
    }

    internal Task<TResult> AsTask() => new ValueTask<TResult>(this, _core.Version).AsTask();

    internal ValueTask<TResult> AsValueTask() => new(this, _core.Version);

    internal ValueTask AsVoidValueTask() => new(this, _core.Version);

    /// <inheritdoc />
    /// <remarks>A method that finished synchronously is not answered here but in <see cref="FinishAsync"/>, which the
    /// activation calls after it has removed its synchronization context: a caller whose continuation runs inline
    /// (an external caller, or one awaiting with <c>ConfigureAwait(false)</c>) must not run as grain code.</remarks>
    internal override bool Start(ActivationData activation)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeCore(activation.Instance);
        }
        catch (Exception e)
        {
            _pending = ValueTask.FromException<TResult>(e);
            return true;
        }

        _pending = pending;
        if (pending.IsCompleted)
        {
            return true;
        }

        _activation = activation;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onPendingCompleted ??= OnPendingCompleted);
        return false;
    }

    /// <inheritdoc />
    internal override void FinishAsync(ActivationData activation)
    {
        var pending = _pending;
        _pending = default;
        _activation = null;
        Complete(pending);
    }

    /// <inheritdoc />
    internal override void Abandon(Exception error) => TrySetException(error);

    /// <summary>Fails the call with a <see cref="TimeoutException"/> naming the grain and method, if not yet answered.</summary>
    internal override bool TryTimeout(TimeSpan timeout)
    {
        var error = new TimeoutException(
            $"Response did not arrive on time: {Method} on grain {Target} took longer than the response timeout of {timeout.TotalSeconds:0.###} s.");
        if (TrySetException(error))
        {
            Method.Stats.RecordTimeout();
            return true;
        }

        return false;
    }

    private void OnPendingCompleted() => _activation!.PostTurnCompleted(this);

    private void Complete(ValueTask<TResult> finished)
    {
        TResult result;
        try
        {
            result = finished.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            TrySetException(e);
            return;
        }

        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            GridMetrics.RecordCall(Method.Stats, Stopwatch.GetTimestamp() - SentStopwatch, failed: false);
            _core.SetResult(result);
        }
    }

    private bool TrySetException(Exception error)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return false;
        }

        GridMetrics.RecordCall(Method.Stats, Stopwatch.GetTimestamp() - SentStopwatch, failed: true);
        _core.SetException(error);
        return true;
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}

/// <summary>The result type of grain methods that return <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct NoResult
{
}
