namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Converts "milliseconds since local midnight of a date" (Lean's tick and intraday bar time field) to UTC
/// <see cref="UnixNanos"/>. The UTC offset is computed once per file (per date); on the rare day with a daylight-saving
/// transition each time is converted individually (times in the skipped spring-forward hour use the standard offset).
/// </summary>
public readonly struct LocalDayClock
{
    private const long MillisecondsPerDay = 86_400_000L;

    private readonly long _midnightUtcNanos;
    private readonly DateTime _localMidnight;
    private readonly TimeZoneInfo? _zoneWhenTransition;

    private LocalDayClock(DateOnly date, long midnightUtcNanos, DateTime localMidnight, TimeZoneInfo? zoneWhenTransition)
    {
        Date = date;
        _midnightUtcNanos = midnightUtcNanos;
        _localMidnight = localMidnight;
        _zoneWhenTransition = zoneWhenTransition;
    }

    /// <summary>The local calendar date.</summary>
    public DateOnly Date { get; }

    /// <summary>True when the UTC offset changes during the day (a DST transition day).</summary>
    public bool HasTransition => _zoneWhenTransition is not null;

    /// <summary>Creates the clock for <paramref name="date"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public static LocalDayClock Create(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var localMidnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var startOffset = zone.GetUtcOffset(localMidnight);
        var endOffset = zone.GetUtcOffset(localMidnight.AddDays(1).AddTicks(-1));
        var midnightUtcNanos = (localMidnight.Ticks - startOffset.Ticks - DateTime.UnixEpoch.Ticks) * 100L;
        return new LocalDayClock(date, midnightUtcNanos, localMidnight, startOffset == endOffset ? null : zone);
    }

    /// <summary>UTC instant of <paramref name="millisecondsSinceMidnight"/> local milliseconds after local midnight.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 86,400,000).</exception>
    public UnixNanos ToUtc(long millisecondsSinceMidnight)
    {
        if ((ulong)millisecondsSinceMidnight >= MillisecondsPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(millisecondsSinceMidnight), millisecondsSinceMidnight, "Milliseconds since midnight must be in [0, 86,400,000).");
        }

        if (_zoneWhenTransition is null)
        {
            return new UnixNanos(_midnightUtcNanos + (millisecondsSinceMidnight * UnixNanos.NanosPerMillisecond));
        }

        var local = _localMidnight.AddMilliseconds(millisecondsSinceMidnight);
        var offset = _zoneWhenTransition.GetUtcOffset(local);
        return new UnixNanos((local.Ticks - offset.Ticks - DateTime.UnixEpoch.Ticks) * 100L);
    }
}
