using System.Globalization;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.MarketData.Tests.Support;

namespace Quant.Orleans.MarketData.Tests.Quality;

/// <summary>The price-outlier rule (issue 14: "an ask of $100M is not quarantined, and it poisons the next day's model").</summary>
public sealed class PriceOutlierTests : IDisposable
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly DateOnly Day1 = new(2013, 10, 7);
    private static readonly DateOnly Day2 = new(2013, 10, 8);

    private readonly LeanZipFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AHundredMillionDollarAskIsQuarantinedWithFileAndLineAndNeverDelivered()
    {
        var lines = QuotePairs(Walk(start: 182.00m, steps: 200, seed: 1), firstMs: 34_200_000);
        const int BadLine = 153;

        // The bad ask comes right after the 76th pair (lines 151 and 152), with the same millisecond.
        lines.Insert(BadLine - 1, $"{34_200_000 + (75 * 1000)},0,0,{DeciCents(100_000_000m)},100,P,1,0");
        var path = WriteQuotes(Day1, lines);

        // Today's behaviour, the rule off: the $100M ask reaches the strategies.
        var off = await ReplayAsync([Day1], new QualityFilterOptions { MaxPriceMultiple = null });
        Assert.Contains(off.Quotes, q => q.AskPrice > Price.FromDecimal(1_000m));

        var on = await ReplayAsync([Day1]);
        Assert.Equal(1, on.Report[QualityReason.PriceOutlier]);
        Assert.Equal(1, on.Report.TotalQuarantined);
        var example = Assert.Single(on.Report.Examples);
        Assert.Equal((QualityReason.PriceOutlier, path, BadLine), (example.Reason, example.Path, example.LineNumber));
        Assert.Contains("ask 100000000 is", example.Detail, StringComparison.Ordinal);
        Assert.Contains("above the reference mid 18", example.Detail, StringComparison.Ordinal);
        Assert.All(on.Quotes, q => Assert.InRange(q.AskPrice.ToDecimal(), 170m, 195m));
        Assert.Equal(1, on.Report.BySymbol[Ibm].Counts[QualityReason.PriceOutlier]);

        // The quarantined line went nowhere: the NBBO stream is the clean file's.
        lines.RemoveAt(BadLine - 1);
        WriteQuotes(Day1, lines);
        var clean = await ReplayAsync([Day1]);
        Assert.Equal(clean.Quotes.Select(q => (q.BidPrice, q.AskPrice, q.BidSize, q.AskSize)), on.Quotes.Select(q => (q.BidPrice, q.AskPrice, q.BidSize, q.AskSize)));
    }

    [Theory]
    [InlineData("bid", 0.01)]         // a stub bid
    [InlineData("ask", 199_999.99)]   // a stub ask
    [InlineData("ask", 1820.00)]      // a misplaced decimal point
    [InlineData("bid", 18.20)]
    [InlineData("ask", 546.01)]       // just over three times the mid
    public void AbsurdQuotePricesAreOutliers(string side, double price)
    {
        var (filter, log) = FilterWithReference(181.99m, 182.01m);
        var quote = side == "bid" ? Quote(1, (decimal)price, 0m, line: 7) : Quote(1, 0m, (decimal)price, line: 7);

        Assert.False(filter.AcceptQuote(quote, "raw line"u8));
        var example = Assert.Single(log.CreateReport().Examples);
        Assert.Equal((QualityReason.PriceOutlier, 7L), (example.Reason, example.LineNumber));
        Assert.StartsWith(side + " ", example.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]    // an unchanged quote
    [InlineData(0.05)]   // 5%: a Limit Up-Limit Down band (tier 1)
    [InlineData(-0.2)]   // 20%
    [InlineData(0.75)]   // 75%: the widest band
    [InlineData(1.9)]    // under three times the mid
    [InlineData(-0.66)]  // over a third of the mid
    public void LargeButPossibleMovesAreAccepted(double move)
    {
        var (filter, log) = FilterWithReference(181.99m, 182.01m);
        var price = decimal.Round(182m * (1m + (decimal)move), 2);

        Assert.True(filter.AcceptQuote(Quote(1, price, 0m, line: 7)));
        Assert.True(filter.AcceptQuote(Quote(1, 0m, price, line: 8)));
        Assert.Equal(0, log.CreateReport().TotalQuarantined);
    }

    [Fact]
    public async Task OrdinaryMovesAreNotQuarantined()
    {
        // Four days of a random walk with steps of up to ±0.5% per quote pair, a 12% gap overnight and a 40% drop
        // inside a day (a halt on news): nothing there is an outlier.
        var day1 = Walk(start: 182.00m, steps: 2_000, seed: 7);
        var day2 = Walk(start: day1[^1].Bid * 1.12m, steps: 1_000, seed: 8);
        day2.AddRange(Walk(start: day2[^1].Bid * 0.60m, steps: 1_000, seed: 9));
        WriteQuotes(Day1, QuotePairs(day1, firstMs: 34_200_000));
        WriteQuotes(Day2, QuotePairs(day2, firstMs: 34_200_000));

        var run = await ReplayAsync([Day1, Day2]);

        Assert.Equal(0, run.Report.TotalQuarantined);
        Assert.Equal(0, run.Report[QualityReason.PriceOutlier]);
        Assert.Equal(4_000, run.Quotes.Count);
    }

    [Fact]
    public async Task AMoveConfirmedByConsecutiveQuotesBecomesTheNewReference()
    {
        // A 1:4 split between two days: yesterday's close is the reference, so today's first quotes are outliers
        // until ConfirmationLines of them at the new level confirm it.
        var day1 = Walk(start: 182.00m, steps: 100, seed: 3);
        var day2 = Walk(start: day1[^1].Bid / 4m, steps: 100, seed: 4);
        WriteQuotes(Day1, QuotePairs(day1, firstMs: 34_200_000));
        var day2Path = WriteQuotes(Day2, QuotePairs(day2, firstMs: 34_200_000));

        var run = await ReplayAsync([Day1, Day2], new QualityFilterOptions { ConfirmationLines = 6 });

        Assert.Equal(5, run.Report[QualityReason.PriceOutlier]);
        Assert.Equal([1L, 2, 3, 4, 5], run.Report.Examples.Select(e => e.LineNumber));
        Assert.All(run.Report.Examples, e => Assert.Equal(day2Path, e.Path));

        // Day 1 whole; day 2 from its third pair (whose bid, line 5, was the last one quarantined) on.
        var secondDay = run.Quotes.Where(q => q.Time.UtcDate == Day2).ToList();
        Assert.Equal(100, run.Quotes.Count - secondDay.Count);
        Assert.Equal(98, secondDay.Count);
        Assert.All(secondDay, q => Assert.True(q.AskPrice < Price.FromDecimal(60m), q.ToString()));
        Assert.Equal(Price.Zero, secondDay[0].BidPrice);
    }

    [Fact]
    public async Task BeforeThereIsAReferenceAnNbboWithAnAbsurdSpreadIsNotDelivered()
    {
        List<string> lines =
        [
            $"34200000,0,0,{DeciCents(100_000_000m)},100,P,1,0",
            $"34200000,{DeciCents(182.00m)},100,0,0,P,1,0",
            $"34200002,0,0,{DeciCents(182.02m)},100,P,1,0",
            $"34200003,{DeciCents(182.01m)},100,0,0,P,1,0",
        ];
        var path = WriteQuotes(Day1, lines);

        var run = await ReplayAsync([Day1]);

        var example = Assert.Single(run.Report.Examples);
        Assert.Equal((QualityReason.PriceOutlier, path, 2L), (example.Reason, example.Path, example.LineNumber));
        Assert.Contains("NBBO ask 100000000 is", example.Detail, StringComparison.Ordinal);
        Assert.All(run.Quotes, q => Assert.True(q.AskPrice < Price.FromDecimal(200m), q.ToString()));
        Assert.Equal(2, run.Quotes.Count);
    }

    [Fact]
    public void InvalidOptionsAreRefusedWithTheirName()
    {
        var log = new QuarantineLog(keepRecords: false);
        Assert.Equal("MaxPriceMultiple", Assert.Throws<ArgumentOutOfRangeException>(() => new QualityFilter(Ibm, log, new QualityFilterOptions { MaxPriceMultiple = 1.0 })).ParamName);
        Assert.Equal("MaxPriceMultiple", Assert.Throws<ArgumentOutOfRangeException>(() => new QualityFilter(Ibm, log, new QualityFilterOptions { MaxPriceMultiple = double.NaN })).ParamName);
        Assert.Equal("ConfirmationLines", Assert.Throws<ArgumentOutOfRangeException>(() => new QualityFilter(Ibm, log, new QualityFilterOptions { ConfirmationLines = 1 })).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayOptions { Quality = new QualityFilterOptions { MaxPriceMultiple = 0.5 } }.Validate());
    }

    /// <summary>A filter whose reference is the mid of (<paramref name="bid"/>, <paramref name="ask"/>).</summary>
    private static (QualityFilter Filter, QuarantineLog Log) FilterWithReference(decimal bid, decimal ask)
    {
        var log = new QuarantineLog();
        var filter = new QualityFilter(Ibm, log);
        filter.BeginFile("/data/ibm/20131007_quote.zip", "q.csv");
        Assert.True(filter.AcceptNbbo(new Quote(Ibm, default, Price.FromDecimal(bid), Quantity.FromUnits(100), Price.FromDecimal(ask), Quantity.FromUnits(100)), 1));
        Assert.Equal(Price.FromDecimal((bid + ask) / 2), filter.ReferencePrice);
        return (filter, log);
    }

    private static ExchangeQuote Quote(long ms, decimal bid, decimal ask, long line) =>
        new(new UnixNanos(ms * UnixNanos.NanosPerMillisecond), 'P', Price.FromDecimal(bid), Quantity.FromUnits(bid > 0 ? 100 : 0), Price.FromDecimal(ask), Quantity.FromUnits(ask > 0 ? 100 : 0), 1, false, line);

    /// <summary>A random walk of (bid, ask) one cent apart, steps of up to ±0.5%, rounded to cents (the sizes alternate,
    /// so every step changes the NBBO).</summary>
    private static List<(decimal Bid, decimal Ask)> Walk(decimal start, int steps, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var walk = new List<(decimal, decimal)>(steps);
        var mid = start;
        for (var i = 0; i < steps; i++)
        {
            mid *= 1m + (decimal)((random.NextDouble() - 0.5) * 0.01);
            var bid = decimal.Round(mid, 2);
            walk.Add((bid, bid + 0.01m));
        }

        return walk;
    }

    /// <summary>Lean's consolidated quote lines: for each step a bid line and an ask line with the same millisecond.</summary>
    private static List<string> QuotePairs(List<(decimal Bid, decimal Ask)> walk, long firstMs)
    {
        var lines = new List<string>(walk.Count * 2);
        for (var i = 0; i < walk.Count; i++)
        {
            var ms = firstMs + (i * 1000);
            lines.Add($"{ms},{DeciCents(walk[i].Bid)},{100 + (i % 2 * 100)},0,0,P,1,0");
            lines.Add($"{ms},0,0,{DeciCents(walk[i].Ask)},200,Q,1,0");
        }

        return lines;
    }

    private static string DeciCents(decimal usd) => ((long)(usd * 10_000m)).ToString(CultureInfo.InvariantCulture);

    private string WriteQuotes(DateOnly day, IEnumerable<string> lines)
    {
        var relative = Path.Combine("equity", "usa", "tick", "ibm", $"{day:yyyyMMdd}_quote.zip");
        var path = Path.Combine(_folder.Root, relative);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        _folder.WriteZip(relative, $"{day:yyyyMMdd}_ibm_Quote_Tick.csv", lines);
        return path;
    }

    private async Task<(DataQualityReport Report, List<Quote> Quotes)> ReplayAsync(DateOnly[] days, QualityFilterOptions? quality = null)
    {
        var options = new ReplayOptions { BatchSize = 64, Quality = quality ?? new QualityFilterOptions() };
        var quotes = new List<Quote>();
        using var feed = ReplayFeed.FromLean(new LeanDataFolder(_folder.Root), [Ibm], days, options);
        var report = await feed.RunAsync(
            batch =>
            {
                foreach (var e in batch.Span)
                {
                    if (e.Kind == MarketEventKind.Quote)
                    {
                        quotes.Add(e.Quote);
                    }
                }

                return ValueTask.CompletedTask;
            },
            TestContext.Current.CancellationToken);

        // Every day's trade file is missing (quotes only); nothing failed.
        Assert.Empty(report.Failures);
        return (report, quotes);
    }
}
