using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Numerics.Tests.Signals;

public sealed class SymbolForecastSessionTests
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Quotes once per second over the regular session of each day, a random walk with drift reversal.</summary>
    private static List<Quote> Days(ulong seed, params DateOnly[] days)
    {
        var random = new DeterministicRandom(seed);
        var quotes = new List<Quote>();
        var mid = 180.0;
        foreach (var day in days)
        {
            var open = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(9, 30)), NewYork);
            for (var s = 0; s < 6 * 3600; s++)
            {
                mid *= Math.Exp(0.0002 * random.NextGaussian());
                var bid = Math.Round(mid - 0.01, 2);
                quotes.Add(new Quote(
                    Ibm,
                    UnixNanos.FromDateTime(DateTime.SpecifyKind(open.AddSeconds(s), DateTimeKind.Utc)),
                    Price.FromDecimal((decimal)bid),
                    Quantity.FromUnits(100),
                    Price.FromDecimal((decimal)bid + 0.02m),
                    Quantity.FromUnits(100)));
            }
        }

        return quotes;
    }

    private static List<(Quote Quote, ForecastCandidate Candidate)> Run(IEnumerable<Quote> quotes, out SymbolForecastSession session)
    {
        session = new SymbolForecastSession(Ibm);
        var candidates = new List<(Quote, ForecastCandidate)>();
        foreach (var quote in quotes)
        {
            if (session.OnQuote(quote, out var candidate))
            {
                candidates.Add((quote, candidate));
            }
        }

        return candidates;
    }

    [Fact]
    public void FirstDayHasNoForecastAndLaterDaysUseOnlyTheModelOfTheDayBefore()
    {
        var d1 = new DateOnly(2013, 10, 7);
        var d2 = new DateOnly(2013, 10, 8);
        var d3 = new DateOnly(2013, 10, 9);

        var candidates = Run(Days(7, d1, d2, d3), out var session);

        DateOnly DayOf(Quote q) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(q.Time.ToDateTime(), NewYork));
        Assert.DoesNotContain(candidates, c => DayOf(c.Quote) == d1);
        Assert.Contains(candidates, c => DayOf(c.Quote) == d2);
        Assert.All(candidates, c => Assert.Equal(DayOf(c.Quote).AddDays(-1), c.Candidate.ModelTrainedThrough));
        Assert.Equal(d2, session.Model!.TrainedThrough);
    }

    [Fact]
    public void CandidatesAreAtLeastTheSignalIntervalApart()
    {
        var candidates = Run(Days(11, new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8)), out _);

        Assert.NotEmpty(candidates);
        for (var i = 1; i < candidates.Count; i++)
        {
            Assert.True(candidates[i].Quote.Time.Value - candidates[i - 1].Quote.Time.Value >= 10 * UnixNanos.NanosPerSecond);
        }
    }

    [Fact]
    public void ChangingTheFutureLeavesEveryEarlierCandidateUnchanged()
    {
        var quotes = Days(3, new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8));
        var cut = quotes.Count - 3000;
        var changed = quotes.Take(cut).Concat(quotes.Skip(cut).Select(q => q with
        {
            BidPrice = Price.FromDecimal(q.BidPrice.ToDecimal() * 1.05m),
            AskPrice = Price.FromDecimal(q.AskPrice.ToDecimal() * 1.05m),
        })).ToList();
        var cutTime = quotes[cut].Time;

        var original = Run(quotes, out _).Where(c => c.Quote.Time < cutTime).ToList();
        var perturbed = Run(changed, out _).Where(c => c.Quote.Time < cutTime).ToList();

        Assert.NotEmpty(original);
        Assert.Equal(original, perturbed); // bit for bit: records compare doubles exactly
    }

    [Fact]
    public void QuotesOutsideTheRegularSessionAndOneSidedQuotesAreIgnored()
    {
        var session = new SymbolForecastSession(Ibm);
        var early = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2013, 10, 7, 8, 0, 0), NewYork));
        var quote = new Quote(Ibm, early, Price.FromDecimal(180m), Quantity.FromUnits(1), Price.FromDecimal(180.02m), Quantity.FromUnits(1));

        Assert.False(session.OnQuote(quote, out _));
        Assert.False(session.OnQuote(quote with { Time = quote.Time.AddNanos(3 * 3600 * UnixNanos.NanosPerSecond), AskPrice = Price.Zero }, out _));
        Assert.Equal(0, session.QuotesProcessed);
    }
}
