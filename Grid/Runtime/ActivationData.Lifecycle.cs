using Microsoft.Extensions.Logging;
using Quant.Orleans.Grid.Invocation;
using Quant.Orleans.Grid.Metrics;

namespace Quant.Orleans.Grid.Runtime;

/// <summary>Construction, activation, deactivation and forwarding of an activation.</summary>
internal sealed partial class ActivationData
{
    /// <summary>Constructs the grain object; the <see cref="Grain"/> constructor binds to this activation.</summary>
    internal void Construct()
    {
        _constructing = this;
        try
        {
            _instance = ClassInfo.Factory(Runtime, this);
        }
        finally
        {
            _constructing = null;
        }
    }

    internal void OnActivated()
    {
        Volatile.Write(ref _state, (int)ActivationState.Valid);
        GridMetrics.ActivationAdded(Id.Type);
    }

    internal void OnActivationFailed(Exception error)
    {
        Runtime.Logger.LogError(error, "Activation of grain {GrainId} failed; its queued calls fail with the same error.", Id);
        StopTimers();
        Volatile.Write(ref _state, (int)ActivationState.Invalid);
        Runtime.OnActivationGone(this);
        while (_requests.TryDequeue(out var turn))
        {
            turn.Abandon(error);
        }

        _deactivated.TrySetResult();
    }

    internal void OnDeactivating() => StopTimers();

    internal void OnDeactivated()
    {
        Volatile.Write(ref _state, (int)ActivationState.Invalid);
        GridMetrics.ActivationRemoved(Id.Type);
        Runtime.OnActivationGone(this);
        ForwardQueuedRequests();
        _deactivated.TrySetResult();
    }

    /// <summary>Sends every request still queued here to the grain's next activation (internal turns are dropped).</summary>
    private void ForwardQueuedRequests()
    {
        while (_requests.TryDequeue(out var turn))
        {
            if (!turn.IsAnswered && turn.ForwardTarget is not null)
            {
                Runtime.Forward(turn);
            }
        }
    }

    private void StopTimers()
    {
        foreach (var timer in _timers.ToArray())
        {
            timer.Dispose();
        }

        _timers.Clear();
    }
}

/// <summary>
/// A turn the runtime runs on an activation for its own lifecycle: it has no caller, may await (its continuations
/// come back as turns of the activation), and keeps the request lane closed until it ends.
/// </summary>
internal abstract class LifecycleTurn : GrainTurn
{
    private ValueTask _pending;

    internal sealed override bool Start(ActivationData activation)
    {
        try
        {
            _pending = Begin(activation);
        }
        catch (Exception e)
        {
            _pending = ValueTask.FromException(e);
        }

        if (_pending.IsCompleted)
        {
            return true;
        }

        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => activation.PostTurnCompleted(this));
        return false;
    }

    internal sealed override void FinishAsync(ActivationData activation)
    {
        Exception? error = null;
        try
        {
            _pending.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            error = e;
        }

        End(activation, error);
    }

    internal sealed override void Abandon(Exception error)
    {
        // No caller waits for a lifecycle turn.
    }

    /// <summary>Runs the turn's work on the activation's thread.</summary>
    private protected abstract ValueTask Begin(ActivationData activation);

    /// <summary>Completes the lifecycle step once the work ended, with its error if it failed.</summary>
    private protected abstract void End(ActivationData activation, Exception? error);
}

/// <summary>The first turn of an activation: construct the grain, read its persistent states, run <c>OnActivateAsync</c>.</summary>
internal sealed class ActivationTurn : LifecycleTurn
{
    private protected override ValueTask Begin(ActivationData activation)
    {
        activation.Construct();
        return RunAsync(activation);
    }

    private protected override void End(ActivationData activation, Exception? error)
    {
        if (error is null)
        {
            activation.OnActivated();
        }
        else
        {
            activation.OnActivationFailed(error);
        }
    }

    private static async ValueTask RunAsync(ActivationData activation)
    {
        foreach (var state in activation.PersistentStates)
        {
            await state.LoadAsync(CancellationToken.None);
        }

        await ((Grain)activation.Instance).OnActivateAsync(CancellationToken.None);
    }
}

/// <summary>The last turn of an activation: stop its timers and run <c>OnDeactivateAsync</c>.</summary>
internal sealed class DeactivationTurn : LifecycleTurn
{
    private readonly DeactivationReason _reason;

    public DeactivationTurn(DeactivationReason reason) => _reason = reason;

    internal override bool KeepsAlive => false;

    private protected override ValueTask Begin(ActivationData activation)
    {
        activation.OnDeactivating();
        return new ValueTask(((Grain)activation.Instance).OnDeactivateAsync(_reason, CancellationToken.None));
    }

    private protected override void End(ActivationData activation, Exception? error)
    {
        if (error is not null)
        {
            activation.Runtime.Logger.LogError(error, "OnDeactivateAsync of grain {GrainId} failed ({Reason}); the activation is removed anyway.", activation.Id, _reason);
        }

        activation.OnDeactivated();
    }
}
