using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Tests.Lean;

/// <summary>Golden rows of the second, minute and daily bar files and the FX ticks, copied by hand from the real files.</summary>
public sealed class LeanBarReaderTests
{
    private static readonly Symbol Ibm = new("IBM");

    [Fact]
    public void SecondTradeBar()
    {
        var path = TestData.Require("lean/equity/usa/second/ibm/20131007_trade.zip");
        var bar = LeanTradeBarReader.ReadAll(path, Ibm, TimeSpan.FromSeconds(1)).First();

        // 14430000,1815200,1815200,1815200,1815200,283 -> 04:00:30 EDT = 08:00:30Z
        Assert.Equal(new Bar(Ibm, UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 8, 0, 30, DateTimeKind.Utc)), TimeSpan.FromSeconds(1), Price.FromDecimal(181.52m), Price.FromDecimal(181.52m), Price.FromDecimal(181.52m), Price.FromDecimal(181.52m), Quantity.FromUnits(283)), bar);
    }

    [Fact]
    public void MinuteTradeBar()
    {
        var path = TestData.Require("lean/equity/usa/minute/ibm/20131007_trade.zip");
        var bar = LeanTradeBarReader.ReadAll(path, Ibm, TimeSpan.FromMinutes(1)).First();

        // 14400000,1815200,1818000,1815200,1818000,1283
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 8, 0, 0, DateTimeKind.Utc)), bar.Time);
        Assert.Equal(Price.FromDecimal(181.52m), bar.Open);
        Assert.Equal(Price.FromDecimal(181.80m), bar.High);
        Assert.Equal(Price.FromDecimal(181.52m), bar.Low);
        Assert.Equal(Price.FromDecimal(181.80m), bar.Close);
        Assert.Equal(Quantity.FromUnits(1283), bar.Volume);
    }

    [Fact]
    public void SecondQuoteBar()
    {
        var path = TestData.Require("lean/equity/usa/second/ibm/20131007_quote.zip");
        var bar = LeanQuoteBarReader.ReadAll(path, Ibm, TimeSpan.FromSeconds(1)).First();

        // 14400000,1800100,1812500,1800100,1812500,200,1836300,1836300,1818000,1818000,3000
        var expected = new QuoteBar(
            Ibm,
            UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 8, 0, 0, DateTimeKind.Utc)),
            TimeSpan.FromSeconds(1),
            Price.FromDecimal(180.01m),
            Price.FromDecimal(181.25m),
            Price.FromDecimal(180.01m),
            Price.FromDecimal(181.25m),
            Quantity.FromUnits(200),
            Price.FromDecimal(183.63m),
            Price.FromDecimal(183.63m),
            Price.FromDecimal(181.80m),
            Price.FromDecimal(181.80m),
            Quantity.FromUnits(3000));
        Assert.Equal(expected, bar);
    }

    [Fact]
    public void MinuteQuoteBar()
    {
        var path = TestData.Require("lean/equity/usa/minute/ibm/20131007_quote.zip");
        var bars = LeanQuoteBarReader.ReadAll(path, Ibm, TimeSpan.FromMinutes(1)).Take(2).ToList();

        // 14460000,1813100,1813100,1800100,1812500,100,1818000,1829000,1818000,1827400,200
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 8, 1, 0, DateTimeKind.Utc)), bars[1].Time);
        Assert.Equal(Price.FromDecimal(180.01m), bars[1].BidLow);
        Assert.Equal(Price.FromDecimal(182.90m), bars[1].AskHigh);
        Assert.Equal(Price.FromDecimal(182.74m), bars[1].AskClose);
        Assert.Equal(Quantity.FromUnits(200), bars[1].AskSize);
    }

    [Fact]
    public void DailyBarsUseTheLocalDateInNewYorkAcrossDst()
    {
        var path = TestData.Require("lean/equity/usa/daily/ibm.zip");
        var bars = LeanDailyBarReader.ReadAll(path, Ibm).ToList();

        // 19980102 00:00,1045000,1057500,1040600,1057500,2563200 (EST: midnight = 05:00Z)
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(1998, 1, 2, 5, 0, 0, DateTimeKind.Utc)), bars[0].Time);
        Assert.Equal(Price.FromDecimal(104.50m), bars[0].Open);
        Assert.Equal(Quantity.FromUnits(2_563_200), bars[0].Volume);
        Assert.Equal(TimeSpan.FromDays(1), bars[0].Period);

        // 20131007 00:00,1820000,1833000,1818500,1820100,3908081 (EDT: midnight = 04:00Z)
        var day = bars.Single(bar => bar.Time == UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 4, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(Price.FromDecimal(182.00m), day.Open);
        Assert.Equal(Price.FromDecimal(183.30m), day.High);
        Assert.Equal(Price.FromDecimal(181.85m), day.Low);
        Assert.Equal(Price.FromDecimal(182.01m), day.Close);
        Assert.Equal(Quantity.FromUnits(3_908_081), day.Volume);
    }

    [Fact]
    public void FxTicksArePlainDecimals()
    {
        var path = TestData.Require("lean/forex/fxcm/tick/eurusd/20140501_quote.zip");
        var ticks = LeanFxTickReader.ReadAll(path).Take(2).ToList();

        // 1787,1.38727,1.38729 -> 2014-05-01 00:00:01.787 EDT = 04:00:01.787Z
        Assert.Equal(new FxTick(UnixNanos.FromDateTime(new DateTime(2014, 5, 1, 4, 0, 1, 787, DateTimeKind.Utc)), Price.FromDecimal(1.38727m), Price.FromDecimal(1.38729m), 1), ticks[0]);
        Assert.Equal(Price.FromDecimal(1.38726m), ticks[1].Bid);
    }
}
