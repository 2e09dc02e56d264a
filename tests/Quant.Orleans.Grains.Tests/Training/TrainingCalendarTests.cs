using System.Globalization;
using Quant.Orleans.Grains.Training;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>The next nightly fire instant against Python's <c>zoneinfo</c> (the IANA database, PEP 495 fold = 0), across
/// New York's 2026 daylight-saving changes (8 March, 1 November), a nonexistent and an ambiguous local time, and zones
/// east of UTC; plus its invariants over a seeded sample of instants.</summary>
public sealed class TrainingCalendarTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    /// <summary>Rows printed by <c>/usr/bin/python3 next_fire_reference.py</c> (beside this file): case, after (UTC),
    /// local time, zone, expected next fire (UTC).</summary>
    public static TheoryData<string, string, string, string, string> Reference => new()
    {
        { "friday-after-close-into-dst", "2026-03-06T23:00:00Z", "17:30", "America/New_York", "2026-03-09T21:30:00Z" },
        { "saturday-daily-onto-dst-day", "2026-03-07T23:00:00Z", "17:30", "America/New_York", "2026-03-08T21:30:00Z" },
        { "saturday-daily-onto-fallback-day", "2026-10-31T23:00:00Z", "17:30", "America/New_York", "2026-11-01T22:30:00Z" },
        { "friday-after-close-out-of-dst", "2026-10-30T22:00:00Z", "17:30", "America/New_York", "2026-11-02T22:30:00Z" },
        { "before-close-same-day", "2026-12-07T15:00:00Z", "17:30", "America/New_York", "2026-12-07T22:30:00Z" },
        { "exactly-at-fire-is-next-day", "2026-12-07T22:30:00Z", "17:30", "America/New_York", "2026-12-08T22:30:00Z" },
        { "nonexistent-spring-gap", "2026-03-08T00:00:00Z", "02:30", "America/New_York", "2026-03-08T07:30:00Z" },
        { "ambiguous-fallback-first", "2026-11-01T00:00:00Z", "01:30", "America/New_York", "2026-11-01T05:30:00Z" },
        { "london-gmt-before-bst", "2026-03-27T17:00:00Z", "17:30", "Europe/London", "2026-03-27T17:30:00Z" },
        { "east-of-utc-tokyo", "2026-12-06T20:00:00Z", "06:00", "Asia/Tokyo", "2026-12-06T21:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Reference))]
    public void NextFireMatchesZoneinfo(string name, string after, string localTime, string zone, string expected)
    {
        var days = name is "saturday-daily-onto-dst-day" or "saturday-daily-onto-fallback-day" or "nonexistent-spring-gap" or "ambiguous-fallback-first"
            ? EveryDay
            : Weekdays;

        var next = TrainingCalendar.NextFireUtc(Utc(after), TimeOnly.Parse(localTime, CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone), days);

        Assert.Equal(Utc(expected), next);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
    }

    [Fact]
    public void DailyTicksKeepTheirWallClockTimeAcrossBothChanges()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var tick = TrainingCalendar.NextFireUtc(Utc("2026-01-01T00:00:00Z"), new TimeOnly(17, 30), zone, EveryDay);
        var gaps = new Dictionary<double, int>();
        for (var i = 0; i < 365; i++)
        {
            var next = TrainingCalendar.NextFireUtc(tick, new TimeOnly(17, 30), zone, EveryDay);
            var hours = (next - tick).TotalHours;
            gaps[hours] = gaps.GetValueOrDefault(hours) + 1;
            Assert.Equal(new TimeOnly(17, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(next, zone)));
            tick = next;
        }

        // One 23-hour day (spring forward), one 25-hour day (fall back), the rest 24 hours.
        Assert.Equal(new Dictionary<double, int> { [23] = 1, [24] = 363, [25] = 1 }, gaps);
    }

    [Fact]
    public void TheNextFireIsTheFirstAllowedMarketTimeStrictlyAfterTheInstant()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var random = new Random(20261206);
        var start = Utc("2026-01-01T00:00:00Z");
        for (var i = 0; i < 2000; i++)
        {
            var after = start.AddMinutes(random.Next(0, 365 * 24 * 60));
            var next = TrainingCalendar.NextFireUtc(after, new TimeOnly(17, 30), zone, Weekdays);
            var local = TimeZoneInfo.ConvertTimeFromUtc(next, zone);

            Assert.True(next > after, $"{next:o} is not after {after:o}");
            Assert.Equal(new TimeOnly(17, 30), TimeOnly.FromDateTime(local));
            Assert.Contains(local.DayOfWeek, Weekdays);
            Assert.True(next - after <= TimeSpan.FromDays(4), $"{after:o} → {next:o}: more than a weekend away");

            // Nothing allowed in between: asking from just before the answer gives the answer again.
            Assert.Equal(next, TrainingCalendar.NextFireUtc(next.AddTicks(-1), new TimeOnly(17, 30), zone, Weekdays));
        }
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheirName()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var local = Assert.Throws<ArgumentException>(() => TrainingCalendar.NextFireUtc(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local), new TimeOnly(17, 30), zone, Weekdays));
        var empty = Assert.Throws<ArgumentException>(() => TrainingCalendar.NextFireUtc(Utc("2026-01-01T00:00:00Z"), new TimeOnly(17, 30), zone, []));

        Assert.Equal("afterUtc", local.ParamName);
        Assert.Equal("days", empty.ParamName);
    }

    private static DateTime Utc(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
