using System.Globalization;

namespace Quant.Orleans.Core;

/// <summary>
/// A UTC instant as nanoseconds since the Unix epoch (1970-01-01T00:00:00Z). Covers the years 1678..2262.
/// </summary>
/// <param name="Value">Nanoseconds since the Unix epoch, UTC.</param>
public readonly record struct UnixNanos(long Value) : IComparable<UnixNanos>
{
    /// <summary>Nanoseconds per second.</summary>
    public const long NanosPerSecond = 1_000_000_000L;

    /// <summary>Nanoseconds per millisecond.</summary>
    public const long NanosPerMillisecond = 1_000_000L;

    /// <summary>The Unix epoch itself.</summary>
    public static UnixNanos Epoch => default;

    /// <summary>Converts a UTC <see cref="DateTime"/> (100 ns resolution).</summary>
    /// <exception cref="ArgumentException">The kind of <paramref name="utc"/> is not <see cref="DateTimeKind.Utc"/>.</exception>
    public static UnixNanos FromDateTime(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"DateTime kind must be Utc, got {utc.Kind} for {utc:O}.", nameof(utc));
        }

        return new UnixNanos((utc.Ticks - DateTime.UnixEpoch.Ticks) * 100L);
    }

    /// <summary>Converts to a UTC <see cref="DateTime"/>; sub-100 ns digits are truncated.</summary>
    public DateTime ToDateTime() => new(DateTime.UnixEpoch.Ticks + (Value / 100L), DateTimeKind.Utc);

    /// <summary>The UTC calendar day this instant falls on.</summary>
    public DateOnly UtcDate => DateOnly.FromDateTime(ToDateTime());

    /// <summary>Adds a duration in nanoseconds.</summary>
    public UnixNanos AddNanos(long nanos) => new(checked(Value + nanos));

    /// <summary>Adds a <see cref="TimeSpan"/> (100 ns resolution).</summary>
    public UnixNanos Add(TimeSpan span) => new(checked(Value + (span.Ticks * 100L)));

    /// <inheritdoc />
    public int CompareTo(UnixNanos other) => Value.CompareTo(other.Value);

    /// <summary>True when <paramref name="left"/> is earlier than <paramref name="right"/>.</summary>
    public static bool operator <(UnixNanos left, UnixNanos right) => left.Value < right.Value;

    /// <summary>True when <paramref name="left"/> is later than <paramref name="right"/>.</summary>
    public static bool operator >(UnixNanos left, UnixNanos right) => left.Value > right.Value;

    /// <summary>True when <paramref name="left"/> is not later than <paramref name="right"/>.</summary>
    public static bool operator <=(UnixNanos left, UnixNanos right) => left.Value <= right.Value;

    /// <summary>True when <paramref name="left"/> is not earlier than <paramref name="right"/>.</summary>
    public static bool operator >=(UnixNanos left, UnixNanos right) => left.Value >= right.Value;

    /// <summary>ISO-8601 UTC text with 7 fractional digits, e.g. <c>2013-10-07T13:30:00.0000000Z</c>.</summary>
    public override string ToString() => ToDateTime().ToString("O", CultureInfo.InvariantCulture);
}
