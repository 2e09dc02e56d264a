using System.ComponentModel;

namespace Quant.Orleans.Grid.Invocation;

/// <summary>
/// Base class of the generated typed references. A reference names a grain (<see cref="GrainId"/>); calling a
/// method sends a request to the grain's activation and returns the request as the caller's task. References are
/// equal when they name the same grain.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainReference : IEquatable<GrainReference>
{
    private readonly GrainReferenceTarget _target;

    /// <summary>Creates a reference bound to a target made by the runtime.</summary>
    protected GrainReference(GrainReferenceTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
    }

    /// <summary>The grain this reference names.</summary>
    public GrainId GrainId => _target.Id;

    /// <summary>Sends <paramref name="request"/> and returns its result as a <see cref="Task{TResult}"/>.</summary>
    protected Task<T> InvokeTask<T>(GrainRequest<T> request)
    {
        _target.Send(request);
        return request.AsTask();
    }

    /// <summary>Sends <paramref name="request"/> and returns its result as a <see cref="ValueTask{TResult}"/> (no extra allocation).</summary>
    protected ValueTask<T> InvokeValueTask<T>(GrainRequest<T> request)
    {
        _target.Send(request);
        return request.AsValueTask();
    }

    /// <summary>Sends <paramref name="request"/> of a <see cref="ValueTask"/> method.</summary>
    protected ValueTask InvokeVoidValueTask(GrainRequest<NoResult> request)
    {
        _target.Send(request);
        return request.AsVoidValueTask();
    }

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && other.GrainId == GrainId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <summary>The grain id, e.g. <c>SymbolGrain/IBM</c>.</summary>
    public override string ToString() => GrainId.ToString();
}

/// <summary>Registry of generated reference factories, one static slot per grain interface (no lookup per call).</summary>
/// <typeparam name="TGrainInterface">The grain interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainReferenceFactory<TGrainInterface>
    where TGrainInterface : IGrain
{
    internal static Func<GrainReferenceTarget, TGrainInterface>? Factory { get; private set; }

    /// <summary>Called by the generated module initializer of the interface's assembly.</summary>
    public static void Register(Func<GrainReferenceTarget, TGrainInterface> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
    }
}
