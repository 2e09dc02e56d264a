using System.ComponentModel;
using Quant.Orleans.Grid.Runtime;

namespace Quant.Orleans.Grid.Invocation;

/// <summary>
/// A unit of work in an activation's request lane: a caller's request, a timer tick, activation or deactivation.
/// The activation runs one turn at a time (unless the grain is reentrant); a turn that awaits keeps the lane closed
/// until it completes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainTurn
{
    private protected GrainTurn()
    {
    }

    /// <summary>Starts the turn on the activation's thread. Returns true when it finished synchronously; otherwise it
    /// must later call <see cref="ActivationData.PostTurnCompleted(GrainTurn)"/> exactly once.</summary>
    internal abstract bool Start(ActivationData activation);

    /// <summary>Finishes a turn that went asynchronous, on the activation's thread.</summary>
    internal abstract void FinishAsync(ActivationData activation);

    /// <summary>Fails the turn without running it (activation failed, silo stopping); no-op if already completed.</summary>
    internal abstract void Abandon(Exception error);

    /// <summary>True once the caller has its result (or error); such a turn is dropped if still queued.</summary>
    internal virtual bool IsAnswered => false;

    /// <summary>True for turns that count as application activity (keep the activation from idle collection).</summary>
    internal virtual bool KeepsAlive => true;

    /// <summary>Time-provider timestamp after which the caller gets a <see cref="TimeoutException"/>; never for internal turns.</summary>
    internal virtual long DeadlineTimestamp => long.MaxValue;

    /// <summary>The grain a request is addressed to, so it can be forwarded to the next activation; null for internal turns.</summary>
    internal virtual GrainId? ForwardTarget => null;

    /// <summary>Fails the caller with a timeout if it has no answer yet; true when this call did it.</summary>
    internal virtual bool TryTimeout(TimeSpan timeout) => false;
}
