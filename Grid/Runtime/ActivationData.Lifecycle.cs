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

/// <summary>The first turn of an activation: construct the grain, read its persistent states, run <c>OnActivateAsync</c>.</summary>
internal sealed class ActivationTurn : GrainTurn
{
    private readonly ActivationData _activation;
    private ValueTask _pending;

    public ActivationTurn(ActivationData activation) => _activation = activation;

    internal override bool Start(ActivationData activation)
    {
        try
        {
            activation.Construct();
            _pending = RunAsync(activation);
        }
        catch (Exception e)
        {
            _pending = ValueTask.FromException(e);
        }

        if (_pending.IsCompleted)
        {
            return true;
        }

        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => _activation.PostTurnCompleted(this));
        return false;
    }

    internal override void FinishAsync(ActivationData activation)
    {
        try
        {
            _pending.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            activation.OnActivationFailed(e);
            return;
        }

        activation.OnActivated();
    }

    internal override void Abandon(Exception error)
    {
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
internal sealed class DeactivationTurn : GrainTurn
{
    private readonly ActivationData _activation;
    private readonly DeactivationReason _reason;
    private ValueTask _pending;

    public DeactivationTurn(ActivationData activation, DeactivationReason reason)
    {
        _activation = activation;
        _reason = reason;
    }

    internal override bool KeepsAlive => false;

    internal override bool Start(ActivationData activation)
    {
        activation.OnDeactivating();
        try
        {
            _pending = new ValueTask(((Grain)activation.Instance).OnDeactivateAsync(_reason, CancellationToken.None));
        }
        catch (Exception e)
        {
            _pending = ValueTask.FromException(e);
        }

        if (_pending.IsCompleted)
        {
            return true;
        }

        _pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => _activation.PostTurnCompleted(this));
        return false;
    }

    internal override void FinishAsync(ActivationData activation)
    {
        try
        {
            _pending.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            activation.Runtime.Logger.LogError(e, "OnDeactivateAsync of grain {GrainId} failed ({Reason}); the activation is removed anyway.", activation.Id, _reason);
        }

        activation.OnDeactivated();
    }

    internal override void Abandon(Exception error)
    {
    }
}
