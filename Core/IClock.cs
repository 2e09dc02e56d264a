namespace Quant.Orleans.Core;

/// <summary>A source of the current UTC time. Replays use a clock driven by the data, live trading the system clock.</summary>
public interface IClock
{
    /// <summary>The current instant, UTC.</summary>
    UnixNanos UtcNow { get; }
}

/// <summary>The machine's UTC clock.</summary>
public sealed class SystemClock : IClock
{
    /// <summary>The shared instance.</summary>
    public static SystemClock Instance { get; } = new();

    /// <inheritdoc />
    public UnixNanos UtcNow => UnixNanos.FromDateTime(DateTime.UtcNow);
}

/// <summary>A clock that only moves when told to: the replay's clock, advanced by event times.</summary>
public sealed class ManualClock : IClock
{
    private long _now;

    /// <summary>Creates a clock at <paramref name="start"/>.</summary>
    public ManualClock(UnixNanos start) => _now = start.Value;

    /// <inheritdoc />
    public UnixNanos UtcNow => new(Volatile.Read(ref _now));

    /// <summary>Moves the clock to <paramref name="time"/>; never backwards.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is earlier than the current time.</exception>
    public void AdvanceTo(UnixNanos time)
    {
        var now = Volatile.Read(ref _now);
        if (time.Value < now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"Clock cannot go back from {new UnixNanos(now)}.");
        }

        Volatile.Write(ref _now, time.Value);
    }
}
