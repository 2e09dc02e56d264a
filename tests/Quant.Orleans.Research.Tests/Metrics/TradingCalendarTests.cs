using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Tests.Metrics;

public sealed class TradingCalendarTests
{
    private static long Utc(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;

    [Fact]
    public void TheUsEquityGridIsTheRegularSessionInNewYorkTimeAcrossDaylightSavingTime()
    {
        var grid = new long[390];
        TradingCalendar.UsEquity.GridTimes(new DateOnly(2013, 11, 1), grid); // EDT, UTC−4
        Assert.Equal(Utc(2013, 11, 1, 13, 31), grid[0]);
        Assert.Equal(Utc(2013, 11, 1, 20, 0), grid[^1]);
        TradingCalendar.UsEquity.GridTimes(new DateOnly(2013, 11, 4), grid); // EST, UTC−5
        Assert.Equal(Utc(2013, 11, 4, 14, 31), grid[0]);
        Assert.Equal(Utc(2013, 11, 4, 21, 0), grid[^1]);
        Assert.Equal(252.0 * 390, TradingCalendar.UsEquity.GridStepsPerYear);
        Assert.Equal(365.0 * 1440, TradingCalendar.Utc24x7.GridStepsPerYear);
        Assert.Equal(new DateOnly(2013, 10, 8), TradingCalendar.UsEquity.SessionDate(Utc(2013, 10, 9, 0, 30))); // 20:30 New York
        Assert.Equal(new DateOnly(2013, 10, 9), TradingCalendar.Utc24x7.SessionDate(Utc(2013, 10, 9, 0, 30)));
    }

    [Fact]
    public void NamesDescribeTheCalendar()
    {
        Assert.Equal("us_equity (America/New_York session dates, 252 days/year)", TradingCalendar.UsEquity.ToString());
        Assert.Equal(new TimeOnly(16, 0), TradingCalendar.UsEquity.GridClose);
        Assert.Same(TradingCalendar.UsEquity, TradingCalendar.FromName("US_EQUITY"));
        Assert.Throws<ArgumentException>(() => TradingCalendar.UsEquity.GridTimes(new DateOnly(2013, 10, 8), new long[10]));
    }
}
