using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.MarketData.Tests.Quality;

public sealed class QualityFilterTests
{
    private static readonly Symbol Ibm = new("IBM");

    private static ExchangeTrade Trade(long ms, decimal price, long size, bool suspicious, long line) =>
        new(new UnixNanos(ms * UnixNanos.NanosPerMillisecond), 'P', Price.FromDecimal(price), Quantity.FromUnits(size), 0, suspicious, line);

    [Fact]
    public void CountsEachReasonWithSourcePositions()
    {
        var log = new QuarantineLog(maxExamplesPerReason: 1);
        var filter = new QualityFilter(Ibm, log);
        filter.BeginFile("/data/20131007_trade.zip", "t.csv");

        Assert.True(filter.AcceptTrade(Trade(10, 100m, 100, false, 1)));
        Assert.True(filter.AcceptTrade(Trade(10, 100m, 100, false, 2)));  // equal time: normal
        Assert.False(filter.AcceptTrade(Trade(9, 100m, 100, false, 3)));  // strictly earlier: out of order
        Assert.False(filter.AcceptTrade(Trade(11, 100m, 100, true, 4)));  // suspicious
        Assert.False(filter.AcceptTrade(Trade(11, 0m, 100, false, 5)));   // zero price
        Assert.False(filter.AcceptTrade(Trade(11, -1m, 100, false, 6)));  // negative price
        Assert.False(filter.AcceptTrade(Trade(11, 100m, 0, false, 7)));   // zero size
        Assert.True(filter.AcceptTrade(Trade(11, 100m, 100, false, 8)));

        var quote = new ExchangeQuote(new UnixNanos(12 * UnixNanos.NanosPerMillisecond), 'N', Price.FromDecimal(-1m), Quantity.FromUnits(1), Price.Zero, Quantity.Zero, 1, false, 9);
        Assert.False(filter.AcceptQuote(quote));
        var oneSided = quote with { BidPrice = Price.Zero, BidSize = Quantity.Zero, AskPrice = Price.FromDecimal(100m), AskSize = Quantity.FromUnits(1) };
        Assert.True(filter.AcceptQuote(oneSided));

        Assert.True(filter.AcceptNbbo(new Quote(Ibm, default, Price.FromDecimal(100m), Quantity.FromUnits(1), Price.FromDecimal(100.01m), Quantity.FromUnits(1)), 10));
        Assert.False(filter.AcceptNbbo(new Quote(Ibm, default, Price.FromDecimal(100m), Quantity.FromUnits(1), Price.FromDecimal(100m), Quantity.FromUnits(1)), 11));
        Assert.False(filter.AcceptNbbo(new Quote(Ibm, default, Price.FromDecimal(100.02m), Quantity.FromUnits(1), Price.FromDecimal(100m), Quantity.FromUnits(1)), 12));
        Assert.False(filter.AcceptNbbo(new Quote(Ibm, default, Price.FromDecimal(100.03m), Quantity.FromUnits(1), Price.FromDecimal(100m), Quantity.FromUnits(1)), 13));

        var report = log.CreateReport();
        Assert.Equal(1, report[QualityReason.OutOfOrder]);
        Assert.Equal(1, report[QualityReason.Suspicious]);
        Assert.Equal(3, report[QualityReason.NonPositivePrice]);
        Assert.Equal(1, report[QualityReason.NonPositiveSize]);
        Assert.Equal(1, report[QualityReason.LockedNbbo]);
        Assert.Equal(2, report[QualityReason.CrossedNbbo]);
        Assert.Equal(9, report.TotalQuarantined);
        Assert.Equal(10, report.RecordsInspected);

        // One example per reason kept (bounded), with file and line.
        Assert.Equal(6, report.Examples.Count);
        var outOfOrder = report.Examples.Single(e => e.Reason == QualityReason.OutOfOrder);
        Assert.Equal(("/data/20131007_trade.zip", "t.csv", 3L), (outOfOrder.Path, outOfOrder.EntryName, outOfOrder.LineNumber));
        Assert.Equal(12, report.Examples.Single(e => e.Reason == QualityReason.CrossedNbbo).LineNumber);
        Assert.Contains("bid 100.02 > ask 100", report.Examples.Single(e => e.Reason == QualityReason.CrossedNbbo).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginFileResetsTheOrderCheck()
    {
        var log = new QuarantineLog();
        var filter = new QualityFilter(Ibm, log);
        filter.BeginFile("a.zip", null);
        Assert.True(filter.AcceptTrade(Trade(100, 1m, 1, false, 1)));
        filter.BeginFile("b.zip", null);
        Assert.True(filter.AcceptTrade(Trade(50, 1m, 1, false, 1)));
        Assert.Equal(0, log.CreateReport().TotalQuarantined);
    }
}
