namespace Quant.Orleans.Trading.Venue;

/// <summary>Settings of a <see cref="SimulatedVenue"/>. Immutable; validated on construction.</summary>
public sealed record VenueOptions
{
    /// <summary>The longest venue name accepted, in characters.</summary>
    public const int MaxNameLength = 16;

    /// <summary>Creates validated options.</summary>
    /// <param name="name">Venue name, used as the prefix of execution ids: 1..16 ASCII letters or digits.</param>
    /// <param name="latencyNanos">One-way latency from sender to venue, nanoseconds, zero or positive: an order sent at
    /// t arrives at t + latency.</param>
    /// <param name="fees">The fee schedule.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="fees"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, too long or has another character.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latencyNanos"/> is negative.</exception>
    public VenueOptions(string name, long latencyNanos, FeeSchedule fees)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(fees);
        if (name.Length is 0 or > MaxNameLength || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Venue name must have 1..{MaxNameLength} ASCII letters or digits, got '{name}'.", nameof(name));
        }

        if (latencyNanos < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(latencyNanos), latencyNanos, "Latency must be zero or positive nanoseconds.");
        }

        Name = name;
        LatencyNanos = latencyNanos;
        Fees = fees;
    }

    /// <summary>Venue name, the prefix of execution ids.</summary>
    public string Name { get; }

    /// <summary>One-way latency, nanoseconds.</summary>
    public long LatencyNanos { get; }

    /// <summary>The fee schedule.</summary>
    public FeeSchedule Fees { get; }

    /// <summary>
    /// What happens to an order whose arrival (sent time + latency) is earlier than a quote the venue has already
    /// processed. True (the default, for strict replays): it is rejected with <c>TooLateToEnter</c>, since an order
    /// cannot reach the past. False (a live silo, where orders are stamped by a clock that may lag the venue's): it
    /// arrives now, just after the venue's last quote, and is matched against the next one.
    /// </summary>
    public bool RejectLateArrivals { get; init; } = true;
}
