using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Tests.Lean;

/// <summary>Golden rows copied by hand from <c>unzip -p</c> of the real files. 2013-10-07 is EDT (UTC-4):
/// local midnight = 2013-10-07T04:00:00Z = 1,381,118,400 s since the epoch.</summary>
public sealed class LeanTickReaderTests
{
    private const long MidnightUtcNanos = 1_381_118_400L * UnixNanos.NanosPerSecond;

    [Fact]
    public void QuoteReaderDecodesFirstRowsOfIbm()
    {
        var path = TestData.Require("lean/equity/usa/tick/ibm/20131007_quote.zip");
        var rows = LeanTickQuoteReader.ReadAll(path).Take(3).ToList();

        // 14400054,0,0,1836300,100,Q,1,0
        Assert.Equal(new ExchangeQuote(new UnixNanos(MidnightUtcNanos + (14_400_054L * UnixNanos.NanosPerMillisecond)), 'Q', Price.Zero, Quantity.Zero, Price.FromDecimal(183.63m), Quantity.FromUnits(100), 1, false, 1), rows[0]);
        Assert.Equal("2013-10-07T08:00:00.0540000Z", rows[0].Time.ToString());

        // 14400241,1800100,300,0,0,P,1,0
        Assert.Equal(new ExchangeQuote(new UnixNanos(MidnightUtcNanos + (14_400_241L * UnixNanos.NanosPerMillisecond)), 'P', Price.FromDecimal(180.01m), Quantity.FromUnits(300), Price.Zero, Quantity.Zero, 1, false, 2), rows[1]);

        // 14400241,0,0,1818000,3000,P,1,0
        Assert.Equal(Price.FromDecimal(181.80m), rows[2].AskPrice);
        Assert.Equal(Quantity.FromUnits(3000), rows[2].AskSize);
    }

    [Fact]
    public void QuoteReaderReadsTheLastLineWithoutNewlineAndItsSuspiciousFlag()
    {
        var path = TestData.Require("lean/equity/usa/tick/ibm/20131007_quote.zip");
        using var reader = new LeanTickQuoteReader(path);
        ExchangeQuote last = default;
        long count = 0;
        while (reader.TryRead(out var quote))
        {
            last = quote;
            count++;
        }

        // Line 109067 (no final newline): 72000122,0,0,1860000,100,P,1,1 -> 20:00:00.122 EDT = 2013-10-08T00:00:00.122Z.
        Assert.Equal(109_067, count);
        Assert.Equal(109_067, last.LineNumber);
        Assert.True(last.IsSuspicious);
        Assert.Equal(Price.FromDecimal(186.00m), last.AskPrice);
        Assert.Equal("2013-10-08T00:00:00.1220000Z", last.Time.ToString());
        Assert.Equal("20131007_ibm_Quote_Tick.csv", reader.EntryName);
    }

    [Fact]
    public void QuoteReaderDecodesAig()
    {
        var path = TestData.Require("lean/equity/usa/tick/aig/20131007_quote.zip");
        var first = LeanTickQuoteReader.ReadAll(path).First();

        // 14400152,0,0,494100,300,Q,1,0
        Assert.Equal(Price.FromDecimal(49.41m), first.AskPrice);
        Assert.Equal(Quantity.FromUnits(300), first.AskSize);
        Assert.Equal('Q', first.Exchange);
        Assert.Equal(MidnightUtcNanos + (14_400_152L * UnixNanos.NanosPerMillisecond), first.Time.Value);
    }

    [Fact]
    public void TradeReaderDecodesFirstAndLastRowsOfIbm()
    {
        var path = TestData.Require("lean/equity/usa/tick/ibm/20131007_trade.zip");
        var rows = LeanTickTradeReader.ReadAll(path).ToList();

        // 14430270,1815200,283,P,20002020,0
        Assert.Equal(new ExchangeTrade(new UnixNanos(MidnightUtcNanos + (14_430_270L * UnixNanos.NanosPerMillisecond)), 'P', Price.FromDecimal(181.52m), Quantity.FromUnits(283), 0x20002020u, false, 1), rows[0]);
        Assert.Equal("2013-10-07T08:00:30.2700000Z", rows[0].Time.ToString());

        // 69967550,1819900,200,P,20002020,0 (last line)
        Assert.Equal(Price.FromDecimal(181.99m), rows[^1].Price);
        Assert.Equal(Quantity.FromUnits(200), rows[^1].Size);
        Assert.Equal(rows.Count, rows[^1].LineNumber);

        var trade = rows[0].ToTrade(new Symbol("IBM"));
        Assert.Equal("P", trade.Exchange);
        Assert.Same(trade.Exchange, rows[1].ToTrade(new Symbol("IBM")).Exchange);
    }

    [Fact]
    public void TradeReaderDecodesBac()
    {
        var path = TestData.Require("lean/equity/usa/tick/bac/20131007_trade.zip");
        var first = LeanTickTradeReader.ReadAll(path).First();

        // 14400614,139400,500,P,20002020,0
        Assert.Equal(Price.FromDecimal(13.94m), first.Price);
        Assert.Equal(Quantity.FromUnits(500), first.Size);
    }
}
