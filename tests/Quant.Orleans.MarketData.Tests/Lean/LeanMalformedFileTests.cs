using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Tests.Support;

namespace Quant.Orleans.MarketData.Tests.Lean;

/// <summary>A malformed line throws <see cref="MarketDataFormatException"/> naming the path, entry, line and field; nothing is skipped.</summary>
public sealed class LeanMalformedFileTests
{
    [Fact]
    public void CorruptedCopyOfARealFileNamesPathAndLine()
    {
        var real = TestData.Require("lean/equity/usa/tick/ibm/20131007_quote.zip");
        var lines = LeanZipFolder.ReadLines(real);
        lines[50_000] = "34216893,1820x00,19300,0,0,N,800,0";
        using var temp = new LeanZipFolder();
        var path = temp.WriteZip("20131007_quote.zip", "20131007_ibm_Quote_Tick.csv", lines);

        using var reader = new LeanTickQuoteReader(path);
        long read = 0;
        var error = Assert.Throws<MarketDataFormatException>(() =>
        {
            while (reader.TryRead(out _))
            {
                read++;
            }
        });

        Assert.Equal(50_000, read);
        Assert.Equal(path, error.FilePath);
        Assert.Equal("20131007_ibm_Quote_Tick.csv", error.EntryName);
        Assert.Equal(50_001, error.LineNumber);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 50001", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 2 (bid) is not an integer: '1820x00'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("14400054,0,0,1836300,100,Q,1", "expected field 8 (suspicious) but the line has only 7 fields")]
    [InlineData("14400054,0,0,1836300,100,Q,1,0,9", "expected 8 fields but the line has more")]
    [InlineData("14400054,0,0,1836300,100,QQ,1,0", "field 6 (exchange) is not a single upper-case exchange letter: 'QQ'")]
    [InlineData("14400054,0,0,1836300,100,Q,1,2", "field 8 (suspicious) is not 0 or 1: '2'")]
    [InlineData("86400000,0,0,1836300,100,Q,1,0", "field 1 (ms) = 86400000 is outside [0, 86400000)")]
    [InlineData("14400054,0,,1836300,100,Q,1,0", "field 3 (bid_size) is not an integer: ''")]
    [InlineData("14400054,0,0,1836300,100,Q,XYZ,0", "field 7 (condition) is not a hexadecimal condition")]
    [InlineData("", "empty line")]
    public void QuoteLineErrors(string badLine, string expected)
    {
        using var temp = new LeanZipFolder();
        var path = temp.WriteZip("20131007_quote.zip", "q.csv", ["14400054,0,0,1836300,100,Q,1,0", badLine, "14400055,0,0,1836300,100,Q,1,0"]);
        var error = Assert.Throws<MarketDataFormatException>(() => LeanTickQuoteReader.ReadAll(path).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1787,1.38727", "expected field 3 (ask)")]
    [InlineData("1787,1.387271234,1.38729", "field 2 (bid) is not a decimal number with at most 8 fractional digits")]
    [InlineData("1787,1.,1.38729", "field 2 (bid) is not a decimal")]
    public void FxLineErrors(string badLine, string expected)
    {
        using var temp = new LeanZipFolder();
        var path = temp.WriteZip("20140501_quote.zip", "fx.csv", ["1786,1.38727,1.38729", badLine]);
        var error = Assert.Throws<MarketDataFormatException>(() => LeanFxTickReader.ReadAll(path).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DailyDateErrorsNameTheField()
    {
        using var temp = new LeanZipFolder();
        var path = temp.WriteZip("ibm.zip", "ibm.csv", ["19980102 00:00,1045000,1057500,1040600,1057500,2563200", "19980230 00:00,1,1,1,1,1"]);
        var error = Assert.Throws<MarketDataFormatException>(() => LeanDailyBarReader.ReadAll(path, new Symbol("IBM")).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("date_time", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAZipArchiveIsAFormatErrorWithoutLine()
    {
        using var temp = new LeanZipFolder();
        var path = Path.Combine(temp.Root, "20131007_quote.zip");
        File.WriteAllText(path, "this is not a zip");
        var error = Assert.Throws<MarketDataFormatException>(() => new LeanTickQuoteReader(path));
        Assert.Equal(0, error.LineNumber);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void CrLfLineEndingsAreAccepted()
    {
        using var temp = new LeanZipFolder();
        var path = temp.WriteZip("20131007_trade.zip", "t.csv", ["14430270,1815200,283,P,20002020,0\r", "14430271,1815200,283,P,20002020,0\r"]);
        Assert.Equal(2, LeanTickTradeReader.ReadAll(path).Count());
    }

    [Fact]
    public void DateMustComeFromTheFileNameOrTheCaller()
    {
        using var temp = new LeanZipFolder();
        var path = temp.WriteZip("quotes.zip", "t.csv", ["1787,1.38727,1.38729"]);
        Assert.Throws<ArgumentException>(() => new LeanFxTickReader(path));
        var tick = LeanFxTickReader.ReadAll(path, new DateOnly(2014, 5, 1)).Single();
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2014, 5, 1, 4, 0, 1, 787, DateTimeKind.Utc)), tick.Time);
    }
}
