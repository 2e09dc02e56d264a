using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Grains.Tests;

/// <summary>Deterministic regular-session quote streams for grain tests: one NBBO a second from 09:30 New York time,
/// a log-normal random walk of the mid with a one-cent half-spread; sequence numbers increase across days, as a
/// feed's do.</summary>
public static class SyntheticSessions
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary><paramref name="seconds"/> quotes of <paramref name="symbol"/> on <paramref name="day"/>, continuing the
    /// walk from <paramref name="mid"/> (updated to the last mid).</summary>
    public static MarketEvent[] Session(Symbol symbol, DateOnly day, ulong seed, ref double mid, int seconds = 6 * 3600)
    {
        var random = new DeterministicRandom(seed);
        var open = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(9, 30)), NewYork);
        var events = new MarketEvent[seconds];
        for (var s = 0; s < events.Length; s++)
        {
            mid *= Math.Exp(0.0003 * random.NextGaussian());
            var bid = Math.Round((decimal)mid - 0.01m, 2);
            var quote = new Quote(symbol, UnixNanos.FromDateTime(DateTime.SpecifyKind(open.AddSeconds(s), DateTimeKind.Utc)), Price.FromDecimal(bid), Quantity.FromUnits(100), Price.FromDecimal(bid + 0.02m), Quantity.FromUnits(100));
            events[s] = MarketEvent.FromQuote(quote, (day.DayNumber * 100_000L) + s);
        }

        return events;
    }

    /// <summary><paramref name="days"/> sessions from 2013-10-07 (weekdays), each cut into <paramref name="batchesPerDay"/> batches.</summary>
    public static MarketEvent[][] Batches(Symbol symbol, int days, int batchesPerDay)
    {
        var mid = 185.0;
        var batches = new List<MarketEvent[]>();
        var day = new DateOnly(2013, 10, 7);
        for (var d = 0; d < days; d++, day = day.AddDays(day.DayOfWeek == DayOfWeek.Friday ? 3 : 1))
        {
            var session = Session(symbol, day, (ulong)(d + 1), ref mid);
            var size = (session.Length + batchesPerDay - 1) / batchesPerDay;
            batches.AddRange(session.Chunk(size));
        }

        return [.. batches];
    }
}
