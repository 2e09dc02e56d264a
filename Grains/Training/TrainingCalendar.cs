namespace Quant.Orleans.Grains.Training;

/// <summary>When the nightly training fires: the next instant, strictly after a given one, at which the local clock of
/// a time zone shows a given time on one of the given days. Pure: no clock, no state.</summary>
public static class TrainingCalendar
{
    /// <summary>The first instant strictly after <paramref name="afterUtc"/> at which <paramref name="zone"/>'s wall clock
    /// reads <paramref name="localTime"/> on a day in <paramref name="days"/>.</summary>
    /// <remarks>Daylight-saving transitions follow the convention of Python's <c>zoneinfo</c> with <c>fold = 0</c>
    /// (PEP 495): a local time that occurs twice (the autumn fall-back hour) fires at its first occurrence, the one
    /// still on daylight time; a local time that does not exist (the spring-forward gap) is read with the offset in
    /// force before the gap, which lands as far past the gap as it was into it (02:30 on the day New York springs
    /// forward fires at 03:30 EDT). The market times of interest (17:30) are far from transitions, so a tick is always
    /// at the same wall-clock time and 23 or 25 hours from the one before across a transition.</remarks>
    /// <param name="afterUtc">The instant to start after; its <see cref="DateTime.Kind"/> must be UTC.</param>
    /// <param name="localTime">The wall-clock time of the tick.</param>
    /// <param name="zone">The time zone of the wall clock.</param>
    /// <param name="days">The local days of the week allowed; at least one.</param>
    /// <returns>The instant, with kind UTC.</returns>
    /// <exception cref="ArgumentException"><paramref name="afterUtc"/> is not UTC, or <paramref name="days"/> is empty.</exception>
    public static DateTime NextFireUtc(DateTime afterUtc, TimeOnly localTime, TimeZoneInfo zone, IReadOnlyCollection<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(days);
        if (afterUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"{nameof(afterUtc)} must be a UTC time (its kind is {afterUtc.Kind}).", nameof(afterUtc));
        }

        if (days.Count == 0)
        {
            throw new ArgumentException($"{nameof(days)} must name at least one day of the week.", nameof(days));
        }

        // Start a day early: the local date of afterUtc may be the day after the date whose tick is the next one (a zone
        // east of UTC whose tick, in UTC, falls on the previous UTC date).
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(afterUtc, zone)).AddDays(-1);
        for (var i = 0; i < 9; i++)
        {
            var date = localDate.AddDays(i);
            if (!days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var candidate = ToUtc(date.ToDateTime(localTime, DateTimeKind.Unspecified), zone);
            if (candidate > afterUtc)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Invariant: a week of candidate dates always holds one of the allowed days after the start.");
    }

    /// <summary>The UTC instant of a wall-clock time under the <c>fold = 0</c> convention (see <see cref="NextFireUtc"/>).</summary>
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        TimeSpan offset;
        if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max(); // the first occurrence: the larger offset (daylight time)
        }
        else if (zone.IsInvalidTime(local))
        {
            offset = zone.GetUtcOffset(local.AddDays(-1)); // the offset in force before the gap
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
