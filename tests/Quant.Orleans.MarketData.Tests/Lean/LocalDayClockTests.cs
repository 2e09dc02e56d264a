using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Tests.Lean;

public sealed class LocalDayClockTests
{
    [Fact]
    public void EdtAndEstDaysUseTheirOffsets()
    {
        var edt = LocalDayClock.Create(new DateOnly(2013, 10, 7), LeanTimeZones.NewYork);
        var est = LocalDayClock.Create(new DateOnly(2013, 12, 2), LeanTimeZones.NewYork);
        Assert.False(edt.HasTransition);
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 13, 30, 0, DateTimeKind.Utc)), edt.ToUtc(34_200_000));
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 12, 2, 14, 30, 0, DateTimeKind.Utc)), est.ToUtc(34_200_000));
    }

    [Fact]
    public void FallBackDayConvertsEachTime()
    {
        // 2013-11-03: 02:00 EDT becomes 01:00 EST. 00:30 local is EDT (04:30Z), 12:00 local is EST (17:00Z).
        var clock = LocalDayClock.Create(new DateOnly(2013, 11, 3), LeanTimeZones.NewYork);
        Assert.True(clock.HasTransition);
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 11, 3, 4, 30, 0, DateTimeKind.Utc)), clock.ToUtc(1_800_000));
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 11, 3, 17, 0, 0, DateTimeKind.Utc)), clock.ToUtc(43_200_000));
    }

    [Fact]
    public void SpringForwardDayConvertsEachTime()
    {
        // 2014-03-09: 02:00 EST becomes 03:00 EDT. 01:00 local is EST (06:00Z), 12:00 local is EDT (16:00Z).
        var clock = LocalDayClock.Create(new DateOnly(2014, 3, 9), LeanTimeZones.NewYork);
        Assert.True(clock.HasTransition);
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2014, 3, 9, 6, 0, 0, DateTimeKind.Utc)), clock.ToUtc(3_600_000));
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2014, 3, 9, 16, 0, 0, DateTimeKind.Utc)), clock.ToUtc(43_200_000));
    }

    [Fact]
    public void RejectsTimesOutsideTheDay()
    {
        var clock = LocalDayClock.Create(new DateOnly(2013, 10, 7), LeanTimeZones.NewYork);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.ToUtc(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.ToUtc(86_400_000));
    }
}
