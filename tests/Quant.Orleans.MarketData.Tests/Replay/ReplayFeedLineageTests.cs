using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.MarketData.Tests.Support;

namespace Quant.Orleans.MarketData.Tests.Replay;

/// <summary>The lineage the feed hands beside each batch (<see cref="EventOrigin"/>), on hand-written Lean files whose
/// lines are known: a trade names its own line, an NBBO change the last quote line of its timestamp group, day
/// sequences restart each day, and asking for lineage changes no event.</summary>
public sealed class ReplayFeedLineageTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2013, 10, 7);
    private static readonly DateOnly Day2 = new(2013, 10, 8);
    private readonly LeanZipFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private LeanDataFolder Write()
    {
        var ibm = Path.Combine("equity", "usa", "tick", "ibm");
        _temp.WriteZip(Path.Combine(ibm, "20131007_quote.zip"), "20131007_ibm_Quote_Tick.csv",
        [
            "34200000,1821600,600,0,0,N,0,0",
            "34200000,0,0,1822100,100,P,0,0",
            "34200500,1821700,300,0,0,Q,0,1",
            "34201000,1821700,200,0,0,Q,0,0",
        ]);
        _temp.WriteZip(Path.Combine(ibm, "20131007_trade.zip"), "20131007_ibm_Trade_Tick.csv",
        [
            "34200100,1821800,100,N,0,0",
            "34200900,1821900,50,D,0,0",
        ]);
        _temp.WriteZip(Path.Combine(ibm, "20131008_quote.zip"), "20131008_ibm_Quote_Tick.csv",
        [
            "34200000,1830000,100,0,0,N,0,0",
            "34200000,0,0,1831000,100,N,0,0",
        ]);
        _temp.WriteZip(Path.Combine(ibm, "20131008_trade.zip"), "20131008_ibm_Trade_Tick.csv", ["34200001,1830500,10,N,0,0"]);
        return new LeanDataFolder(_temp.Root);
    }

    [Fact]
    public async Task EachEventComesWithTheFileAndLineItCameFrom()
    {
        var folder = Write();
        var events = new List<MarketEvent>();
        var origins = new List<EventOrigin>();
        using var feed = ReplayFeed.FromLean(folder, [new Symbol("IBM")], [Day1, Day2], new ReplayOptions { BatchSize = 2 });
        await feed.RunAsync(
            (batch, lineage) =>
            {
                Assert.Equal(batch.Length, lineage.Length);
                events.AddRange(batch.Span);
                origins.AddRange(lineage.Span);
                return ValueTask.CompletedTask;
            });

        const string Quotes1 = "equity/usa/tick/ibm/20131007_quote.zip";
        const string Trades1 = "equity/usa/tick/ibm/20131007_trade.zip";
        Assert.Equal(
            [
                new EventOrigin(Quotes1, 2, Day1, 0),
                new EventOrigin(Trades1, 1, Day1, 1),
                new EventOrigin(Trades1, 2, Day1, 2),
                new EventOrigin(Quotes1, 4, Day1, 3),
                new EventOrigin("equity/usa/tick/ibm/20131008_quote.zip", 2, Day2, 0),
                new EventOrigin("equity/usa/tick/ibm/20131008_trade.zip", 1, Day2, 1),
            ],
            origins);
        Assert.Equal([MarketEventKind.Quote, MarketEventKind.Trade, MarketEventKind.Trade, MarketEventKind.Quote, MarketEventKind.Quote, MarketEventKind.Trade], events.Select(e => e.Kind));
        Assert.Equal(Price.FromDecimal(182.17m), events[3].Quote.BidPrice);
        Assert.Equal(Quantity.FromUnits(200), events[3].Quote.BidSize);
        Assert.Equal(1, feed.Log.CreateReport()[QualityReason.Suspicious]);

        // The same events, sequence numbers included, without lineage.
        var plain = new List<MarketEvent>();
        using var again = ReplayFeed.FromLean(folder, [new Symbol("IBM")], [Day1, Day2], new ReplayOptions { BatchSize = 2 });
        await again.RunAsync(
            batch =>
            {
                plain.AddRange(batch.Span);
                return ValueTask.CompletedTask;
            });
        Assert.Equal(events, plain);
    }

    private sealed class NoLineage : IMarketEventSource
    {
        public Symbol Symbol { get; } = new("XYZ");

        public bool TryRead(out MarketEvent marketEvent)
        {
            marketEvent = default;
            return false;
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task LineageIsRefusedWhenASourceCannotGiveIt()
    {
        using var feed = new ReplayFeed([new NoLineage()], new QuarantineLog());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => feed.RunAsync((_, _) => ValueTask.CompletedTask));
        Assert.Contains("XYZ", error.Message, StringComparison.Ordinal);
        Assert.Contains("IEventLineage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSourceRefusesLineageForAnEventItDidNotReturnLast()
    {
        var folder = Write();
        using var source = new LeanTickSource(folder, new Symbol("IBM"), [Day1], new QuarantineLog());
        Assert.Throws<InvalidOperationException>(() => source.OriginOf(default));
        Assert.True(source.TryRead(out var first));
        Assert.True(source.TryRead(out var second));
        Assert.Equal(new EventOrigin("equity/usa/tick/ibm/20131007_trade.zip", 1, Day1, 1), source.OriginOf(second));
        Assert.Throws<InvalidOperationException>(() => source.OriginOf(MarketEvent.FromQuote(first.Quote, 7)));
    }
}
