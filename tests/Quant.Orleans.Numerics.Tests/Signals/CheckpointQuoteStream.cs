using Quant.Orleans.Core;

namespace Quant.Orleans.Numerics.Tests.Signals;

/// <summary>
/// A deterministic synthetic NBBO stream over several New York exchange days for the checkpoint tests: pre-market
/// (07:00–09:30, about one quote per 30 s), the regular session (exponential gaps of mean 2 s, about one quote in ten
/// repeating the previous timestamp, about one in fifty one-sided) and after hours (16:00–18:00). The first quote of each
/// day is two-sided (it rolls the session's day). The days given may straddle a weekend and a DST change.
/// </summary>
internal sealed class CheckpointQuoteStream
{
    public static readonly Symbol Ibm = new("IBM");
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private CheckpointQuoteStream(List<Quote> quotes, List<int> dayStarts, List<int> sessionStarts)
    {
        Quotes = quotes;
        DayStarts = dayStarts;
        SessionStarts = sessionStarts;
    }

    /// <summary>The quotes in time order.</summary>
    public List<Quote> Quotes { get; }

    /// <summary>Index of each day's first quote (a two-sided pre-market quote, the one that rolls the day).</summary>
    public List<int> DayStarts { get; }

    /// <summary>Index of each day's first regular-session quote.</summary>
    public List<int> SessionStarts { get; }

    public static CheckpointQuoteStream Create(ulong seed, params DateOnly[] days)
    {
        var random = new DeterministicRandom(seed);
        var quotes = new List<Quote>();
        var dayStarts = new List<int>();
        var sessionStarts = new List<int>();
        var mid = 180.0;
        foreach (var day in days)
        {
            dayStarts.Add(quotes.Count);
            Segment(day, new TimeOnly(7, 0), new TimeOnly(9, 30), 30.0, forceFirstTwoSided: true);
            sessionStarts.Add(quotes.Count);
            Segment(day, new TimeOnly(9, 30), new TimeOnly(16, 0), 2.0, forceFirstTwoSided: false);
            Segment(day, new TimeOnly(16, 0), new TimeOnly(18, 0), 30.0, forceFirstTwoSided: false);
        }

        return new CheckpointQuoteStream(quotes, dayStarts, sessionStarts);

        void Segment(DateOnly day, TimeOnly from, TimeOnly to, double meanGapSeconds, bool forceFirstTwoSided)
        {
            var start = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(from), NewYork)).Value;
            var end = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(to), NewYork)).Value;
            var time = start;
            var first = true;
            while (time < end)
            {
                mid *= Math.Exp(0.0002 * Math.Sqrt(meanGapSeconds) * random.NextGaussian());
                var bid = Math.Round((decimal)mid - 0.01m, 2);
                var ask = bid + 0.01m + (0.01m * random.NextInt(3));
                var oneSided = !(first && forceFirstTwoSided) && random.NextDouble() < 0.02;
                var noBid = oneSided && random.NextDouble() < 0.5;
                quotes.Add(new Quote(
                    Ibm,
                    new UnixNanos(time),
                    noBid ? Price.Zero : Price.FromDecimal(bid),
                    Quantity.FromUnits(100 + random.NextInt(500)),
                    oneSided && !noBid ? Price.Zero : Price.FromDecimal(ask),
                    Quantity.FromUnits(100 + random.NextInt(500))));
                first = false;
                if (random.NextDouble() >= 0.1)
                {
                    // Exponential gap in whole microseconds; one quote in ten keeps the previous timestamp.
                    time += 1_000 + (long)(-Math.Log(1.0 - random.NextDouble()) * meanGapSeconds * 1e9 / 1_000) * 1_000;
                }
            }
        }
    }
}
