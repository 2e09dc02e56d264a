using System.ComponentModel;
using System.Diagnostics;
using Quant.Orleans.Grid.Runtime;

namespace Quant.Orleans.Grid.Invocation;

/// <summary>
/// What a generated reference sends through: the runtime, the grain id, and the last activation it reached, so a call
/// costs no directory lookup while that activation lives.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainReferenceTarget
{
    private readonly GrainRuntime _runtime;
    private readonly GrainClassInfo _info;
    private ActivationData? _cached;

    internal GrainReferenceTarget(GrainRuntime runtime, GrainId id, GrainClassInfo info)
    {
        _runtime = runtime;
        _info = info;
        Id = id;
    }

    /// <summary>The grain this target names.</summary>
    public GrainId Id { get; }

    internal void Send<T>(GrainRequest<T> request)
    {
        // One clock read per call when the runtime runs on the system clock (its timestamps are Stopwatch's).
        var sent = Stopwatch.GetTimestamp();
        var now = _runtime.UsesSystemClock ? sent : _runtime.TimeProvider.GetTimestamp();
        request.Prepare(Id, sent, now + _runtime.TimeoutTicks);
        if (_runtime.RejectIfStopped(request))
        {
            return;
        }

        if (_info.MaxLocalWorkers > 0)
        {
            _runtime.DispatchToWorker(Id, _info, request);
            return;
        }

        var activation = _cached;
        if (activation is null || !activation.TryEnqueue(request))
        {
            _cached = _runtime.Dispatch(Id, _info, request);
        }
    }
}
