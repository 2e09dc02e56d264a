using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Grid.Timers;

namespace Quant.Orleans.Grid;

/// <summary>
/// Base class of every grain (Orleans: <c>Orleans.Grain</c>). The runtime creates a grain on its first call and
/// runs its methods one turn at a time. Derive from it, implement one or more grain interfaces, and keep the class
/// sealed and thin: the logic belongs in the libraries.
/// </summary>
public abstract class Grain
{
    private readonly ActivationData _activation;

    /// <summary>Binds the grain to the activation the runtime is constructing.</summary>
    /// <exception cref="InvalidOperationException">The grain is constructed outside the runtime.</exception>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException(
                $"{GetType().Name} is created by the grid runtime on its first call; get a reference with IGrainFactory.GetGrain<T>(key).");
    }

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => _activation.Id;

    /// <summary>The factory for references to other grains (and to this one).</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime;

    /// <summary>The runtime's clock (a manual one in deterministic tests).</summary>
    protected TimeProvider TimeProvider => _activation.Runtime.TimeProvider;

    /// <summary>The string key of this grain (Orleans: <c>this.GetPrimaryKeyString()</c>).</summary>
    public string GetPrimaryKeyString() => _activation.Id.Key;

    /// <summary>The integer key of this grain (Orleans: <c>this.GetPrimaryKeyLong()</c>).</summary>
    /// <exception cref="InvalidOperationException">The grain has a string key that is not an integer.</exception>
    public long GetPrimaryKeyLong() =>
        long.TryParse(_activation.Id.Key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var key)
            ? key
            : throw new InvalidOperationException($"Grain {GrainId} has no integer key.");

    /// <summary>Runs after the grain's persistent states were read and before its first request.
    /// An exception fails the activation and every call waiting for it.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation goes away (idle, requested, or silo shutdown): the place to persist state.
    /// An exception is logged; the activation is removed anyway.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends; later calls create a new activation.</summary>
    protected void DeactivateOnIdle() => _activation.RequestDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>Registers a timer whose callback runs as a turn of this grain (Orleans: <c>RegisterGrainTimer</c>).</summary>
    /// <param name="callback">The tick; receives a token cancelled when the timer is disposed.</param>
    /// <param name="dueTime">Delay before the first tick.</param>
    /// <param name="period">Delay between the end of a tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, or the period is zero.</exception>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new GrainTimer(_activation, (_, ct) => callback(ct), null, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });
    }

    /// <summary>Registers a timer with a state and options (Orleans: <c>RegisterGrainTimer(callback, state, options)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, or the period is zero.</exception>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        return new GrainTimer(_activation, (s, ct) => callback((TState)s!, ct), state, options);
    }
}
