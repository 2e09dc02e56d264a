using System.Globalization;
using Quant.Orleans.Core;

namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// The trading calendar that daily metrics bucket by and annualise with: a session date is the exchange's local date
/// in its time zone (24/7 markets: the UTC date), a year has <see cref="DaysPerYear"/> sessions (252 for US equities,
/// 365 for 24/7 markets), and the <c>step_raw</c> grid is one point per minute of the regular session
/// (<see cref="GridOpen"/> to <see cref="GridClose"/>, local time). Session days are the dates that hold at least one
/// mark: a holiday or a gap in the data is not a session (no zero returns are invented for it).
/// </summary>
public sealed record TradingCalendar
{
    private TradingCalendar(string name, TimeZoneInfo timeZone, int daysPerYear, TimeOnly gridOpen, int gridMinutes)
    {
        Name = name;
        TimeZone = timeZone;
        DaysPerYear = daysPerYear;
        GridOpen = gridOpen;
        GridMinutesPerDay = gridMinutes;
    }

    /// <summary>US equities: session date in America/New_York (pre-market and after-hours marks, even those after
    /// midnight UTC, belong to their New York date), 252 sessions a year, grid 09:30–16:00 New York time (390
    /// one-minute points a session).</summary>
    public static TradingCalendar UsEquity { get; } =
        new("us_equity", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), 252, new TimeOnly(9, 30), 390);

    /// <summary>24/7 markets (crypto): session date = UTC date, 365 sessions a year, grid 00:00–24:00 UTC (1,440
    /// one-minute points a day).</summary>
    public static TradingCalendar Utc24x7 { get; } = new("utc_24x7", TimeZoneInfo.Utc, 365, TimeOnly.MinValue, 1440);

    /// <summary>The calendar's name as printed in methods: <c>us_equity</c> or <c>utc_24x7</c>.</summary>
    public string Name { get; }

    /// <summary>The time zone whose local date is the session date.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Sessions per year, the annualisation of daily metrics: 252 or 365.</summary>
    public int DaysPerYear { get; }

    /// <summary>Local start of the <c>step_raw</c> grid (the regular-session open).</summary>
    public TimeOnly GridOpen { get; }

    /// <summary>One-minute grid points per session day: 390 (09:31 … 16:00) or 1,440 (00:01 … 24:00).</summary>
    public int GridMinutesPerDay { get; }

    /// <summary>Local end of the grid (<see cref="GridOpen"/> + <see cref="GridMinutesPerDay"/> minutes).</summary>
    public TimeOnly GridClose => GridOpen.AddMinutes(GridMinutesPerDay);

    /// <summary>Annualisation of <c>step_raw</c>: <see cref="DaysPerYear"/> × <see cref="GridMinutesPerDay"/>
    /// (98,280 = 252 × 390 for US equities; 525,600 = 365 × 1,440 for 24/7).</summary>
    public double GridStepsPerYear => (double)DaysPerYear * GridMinutesPerDay;

    /// <summary>The calendar called <paramref name="name"/>.</summary>
    /// <param name="name"><c>us_equity</c> or <c>utc_24x7</c> (ordinal, case-insensitive).</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="ArgumentException">No calendar has that name.</exception>
    public static TradingCalendar FromName(string name) => name?.ToUpperInvariant() switch
    {
        "US_EQUITY" => UsEquity,
        "UTC_24X7" => Utc24x7,
        _ => throw new ArgumentException($"Unknown trading calendar '{name}': use us_equity or utc_24x7.", nameof(name)),
    };

    /// <summary>The session date of a UTC time: the local date in <see cref="TimeZone"/>.</summary>
    /// <param name="utcNanos">UTC nanoseconds since the Unix epoch.</param>
    /// <returns>The session date.</returns>
    public DateOnly SessionDate(long utcNanos)
    {
        var utc = new UnixNanos(utcNanos).ToDateTime();
        return DateOnly.FromDateTime(TimeZone == TimeZoneInfo.Utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone));
    }

    /// <summary>Effectively computes <c>destination[k] = UTC nanoseconds of (day + GridOpen + (k+1) minutes, local)</c>
    /// for k in [0, <see cref="GridMinutesPerDay"/>): the ends of the session's one-minute intervals (daylight saving
    /// time applied through <see cref="TimeZone"/>).</summary>
    /// <param name="day">The session date.</param>
    /// <param name="destination">Output, shape (<see cref="GridMinutesPerDay"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length.</exception>
    public void GridTimes(DateOnly day, Span<long> destination)
    {
        if (destination.Length != GridMinutesPerDay)
        {
            throw new ArgumentException($"destination has length {destination.Length}; the {Name} grid has {GridMinutesPerDay} points a day.", nameof(destination));
        }

        var openLocal = day.ToDateTime(GridOpen, DateTimeKind.Unspecified);
        var openUtc = TimeZone == TimeZoneInfo.Utc ? DateTime.SpecifyKind(openLocal, DateTimeKind.Utc) : TimeZoneInfo.ConvertTimeToUtc(openLocal, TimeZone);
        var open = UnixNanos.FromDateTime(openUtc).Value;
        const long Minute = 60L * UnixNanos.NanosPerSecond;
        for (var k = 0; k < destination.Length; k++)
        {
            destination[k] = open + ((k + 1) * Minute);
        }
    }

    /// <summary>e.g. <c>us_equity (America/New_York session dates, 252 days/year)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({TimeZone.Id} session dates, {DaysPerYear} days/year)");
}
