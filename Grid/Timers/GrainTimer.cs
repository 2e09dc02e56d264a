using Microsoft.Extensions.Logging;
using Quant.Orleans.Grid.Invocation;
using Quant.Orleans.Grid.Runtime;

namespace Quant.Orleans.Grid.Timers;

/// <summary>
/// A grain timer driven by the runtime's <see cref="TimeProvider"/>. Each tick is queued as a turn of the activation;
/// the next due time is armed only after the tick's callback completed, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _cancellation = new();
    private TimeSpan _period;
    private int _tickQueued;
    private int _disposed;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        ValidateTimes(options.DueTime, options.Period);
        _activation = activation;
        _callback = callback;
        _state = state;
        _period = options.Period;
        KeepAlive = options.KeepAlive;
        _timer = activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        activation.AddTimer(this);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool KeepAlive { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ValidateTimes(dueTime, period);
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        _cancellation.Cancel();
        _activation.RemoveTimer(this);
    }

    internal Task InvokeCallback() => _callback(_state, _cancellation.Token);

    internal void OnTickFinished(Exception? error)
    {
        Volatile.Write(ref _tickQueued, 0);
        if (error is not null && error is not OperationCanceledException)
        {
            _activation.Runtime.Logger.LogError(error, "A timer callback of grain {GrainId} failed; the timer keeps running.", _activation.Id);
        }

        if (!IsDisposed && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    private static void ValidateTimes(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "Due time must be non-negative or infinite.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Period must be positive or infinite.");
        }
    }

    private void OnDue()
    {
        if (IsDisposed || Interlocked.CompareExchange(ref _tickQueued, 1, 0) != 0)
        {
            return;
        }

        if (!_activation.TryEnqueue(new TimerTurn(this)))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }
}

/// <summary>One tick of a <see cref="GrainTimer"/>, run as a turn.</summary>
internal sealed class TimerTurn : GrainTurn
{
    private readonly GrainTimer _timer;
    private Task? _pending;
    private ActivationData? _activation;

    public TimerTurn(GrainTimer timer) => _timer = timer;

    internal override bool KeepsAlive => _timer.KeepAlive;

    internal override bool Start(ActivationData activation)
    {
        if (_timer.IsDisposed)
        {
            _pending = Task.CompletedTask;
            return true;
        }

        try
        {
            _pending = _timer.InvokeCallback();
        }
        catch (Exception e)
        {
            _pending = Task.FromException(e);
        }

        if (_pending.IsCompleted)
        {
            return true;
        }

        _activation = activation;
        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => _activation.PostTurnCompleted(this));
        return false;
    }

    internal override void FinishAsync(ActivationData activation) => _timer.OnTickFinished(_pending?.Exception?.InnerException);

    internal override void Abandon(Exception error) => _timer.OnTickFinished(null);
}
