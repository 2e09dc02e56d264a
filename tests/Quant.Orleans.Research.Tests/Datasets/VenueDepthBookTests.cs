using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Research.Tests.Datasets;

public sealed class VenueDepthBookTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private static UnixNanos At(double seconds) => new((long)(seconds * UnixNanos.NanosPerSecond));

    private static ExchangeQuote Bid(char venue, decimal price, long shares, double seconds) =>
        new(At(seconds), venue, Price.FromDecimal(price), Quantity.FromUnits(shares), Price.Zero, Quantity.Zero, 0, false, 1);

    private static ExchangeQuote Ask(char venue, decimal price, long shares, double seconds) =>
        new(At(seconds), venue, Price.Zero, Quantity.Zero, Price.FromDecimal(price), Quantity.FromUnits(shares), 0, false, 1);

    [Fact]
    public void TwoVenuesAtTheBestAreCountedAndTheirSizesSummed()
    {
        var book = new VenueDepthBook(MaxAge);
        book.Apply(Bid('N', 100.00m, 300, 0));
        book.Apply(Bid('Q', 100.00m, 200, 0.1));
        book.Apply(Ask('P', 100.02m, 400, 0.1));
        var d = book.Snapshot(Price.FromDecimal(100.00m), Price.FromDecimal(100.02m), At(1));
        Assert.Equal(500, d.BidSizeAtBest);
        Assert.Equal(2, d.BidVenuesAtBest);
        Assert.Equal(400, d.AskSizeAtBest);
        Assert.Equal(1, d.AskVenuesAtBest);

        // (500 − 400) / 900.
        Assert.Equal(100.0 / 900.0, d.ImbalanceAtBest, 15);
    }

    [Fact]
    public void SizesOneTickBehindTheBestAreSummedSeparately()
    {
        var book = new VenueDepthBook(MaxAge);
        book.Apply(Bid('N', 99.99m, 700, 0)); // one tick behind the best bid
        book.Apply(Bid('K', 99.98m, 900, 0)); // two ticks behind: counted nowhere
        book.Apply(Bid('Q', 100.00m, 100, 0));
        book.Apply(Ask('P', 100.02m, 100, 0));
        book.Apply(Ask('Z', 100.03m, 300, 0)); // one tick behind the best ask
        var d = book.Snapshot(Price.FromDecimal(100.00m), Price.FromDecimal(100.02m), At(0));
        Assert.Equal((100L, 1, 700L), (d.BidSizeAtBest, d.BidVenuesAtBest, d.BidSizeBehind));
        Assert.Equal((100L, 1, 300L), (d.AskSizeAtBest, d.AskVenuesAtBest, d.AskSizeBehind));

        // (100 + 700 − 100 − 300) / 1200.
        Assert.Equal(400.0 / 1200.0, d.ImbalanceTwoTicks, 15);
    }

    [Fact]
    public void EntriesBetterThanTheBestAreEvictedAndOldOnesIgnored()
    {
        var book = new VenueDepthBook(MaxAge);
        book.Apply(Bid('N', 100.01m, 500, 0));
        book.Apply(Bid('Q', 100.00m, 200, 0));
        book.Evict(Price.FromDecimal(100.00m), Price.FromDecimal(100.02m)); // N left 100.01: the best bid is 100.00
        book.Apply(Bid('K', 100.01m, 100, 1)); // K now at 100.01: N must not come back with it
        var d = book.Snapshot(Price.FromDecimal(100.01m), Price.FromDecimal(100.02m), At(1));
        Assert.Equal((100L, 1, 200L), (d.BidSizeAtBest, d.BidVenuesAtBest, d.BidSizeBehind));

        // 20 s later only entries at most 10 s old count: none.
        var old = book.Snapshot(Price.FromDecimal(100.01m), Price.FromDecimal(100.02m), At(21));
        Assert.Equal(default, old);
        Assert.Equal(0.0, old.ImbalanceAtBest);
    }

    [Fact]
    public void AVenueReplacesItsOwnEntryAndAnEmptySideLeavesItUnchanged()
    {
        var book = new VenueDepthBook(MaxAge);
        book.Apply(Bid('N', 100.00m, 300, 0));
        book.Apply(Bid('N', 100.00m, 100, 0.5)); // same venue, new size: replaces
        book.Apply(Ask('N', 100.02m, 200, 0.5)); // ask line: the bid entry stays
        var d = book.Snapshot(Price.FromDecimal(100.00m), Price.FromDecimal(100.02m), At(1));
        Assert.Equal((100L, 1), (d.BidSizeAtBest, d.BidVenuesAtBest));
        Assert.Equal((200L, 1), (d.AskSizeAtBest, d.AskVenuesAtBest));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VenueDepthBook(TimeSpan.Zero));
    }
}
