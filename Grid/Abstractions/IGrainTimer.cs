namespace Quant.Orleans.Grid;

/// <summary>A grain timer (Orleans: <c>IGrainTimer</c>). Its callback runs as a turn of the activation, never in
/// parallel with the grain's requests; the next period starts when the callback has completed. Disposing the timer,
/// or deactivating the grain, stops it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer fires next and its period; <see cref="Timeout.InfiniteTimeSpan"/> as the
    /// period fires it once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than infinite).</exception>
    /// <exception cref="ObjectDisposedException">The timer was disposed.</exception>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Options of <see cref="Grain.RegisterGrainTimer{TState}(Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>
/// (Orleans: <c>GrainTimerCreationOptions</c>).</summary>
public sealed record GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Delay between the end of one tick and the start of the next; infinite for a one-shot timer.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>When true, ticks count as activity and keep the activation from idle collection. Default false.</summary>
    public bool KeepAlive { get; init; }
}
