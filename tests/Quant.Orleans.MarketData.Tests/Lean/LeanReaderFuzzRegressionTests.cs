using System.Buffers.Binary;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Tests.Support;

namespace Quant.Orleans.MarketData.Tests.Lean;

/// <summary>The defects <see cref="LeanReaderFuzzTests"/> found, one regression test each.</summary>
public sealed class LeanReaderFuzzRegressionTests : IDisposable
{
    private readonly LeanZipFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A damaged zip directory or local header threw a bare <see cref="InvalidDataException"/> from the
    /// reader's constructor instead of a format error naming the file.</summary>
    [Theory]
    [InlineData("central directory")]
    [InlineData("local header")]
    public void ADamagedZipStructureIsAFormatErrorNamingTheFile(string damage)
    {
        var path = _folder.WriteZip("20131007_quote.zip", "q.csv", ["14400054,0,0,1836300,100,Q,1,0"]);
        var bytes = File.ReadAllBytes(path);
        if (damage == "central directory")
        {
            // The end-of-central-directory record's entry counts (offsets 8 and 10) no longer match the directory.
            var end = bytes.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(end + 8), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(end + 10), 2);
        }
        else
        {
            bytes[0] ^= 0x01;   // the local file header's signature
        }

        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MarketDataFormatException>(() => new LeanTickQuoteReader(path));
        Assert.Equal((path, 0L), (error.FilePath, error.LineNumber));
        Assert.Contains("not a readable zip archive", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A bad field was quoted whole in the error message (up to the 1 MiB line limit).</summary>
    [Fact]
    public void ABadFieldIsQuotedShortAndPrintable()
    {
        var path = _folder.WriteZip("20131007_trade.zip", "t.csv", ["34200000,1820000,100,P,0," + new string('x', 100_000)]);
        var error = Assert.Throws<MarketDataFormatException>(() => LeanTickTradeReader.ReadAll(path).ToList());
        Assert.Contains($"field 6 (suspicious) is not 0 or 1: '{new string('x', MarketDataFormatException.MaxQuotedBytes)}...(100000 bytes)'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < path.Length + 200, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var control = _folder.WriteZip("20131007_quote.zip", "q.csv", ["34200000,18\u00002\u00e9,100,0,0,P,1,0"]);
        var quoted = Assert.Throws<MarketDataFormatException>(() => LeanTickQuoteReader.ReadAll(control).ToList());
        Assert.Contains("field 2 (bid) is not an integer: '18\\x002\\xC3\\xA9'", quoted.Message, StringComparison.Ordinal);
    }

    /// <summary>An FX price of 92,233,720,369 or more overflowed its 1e-8 units silently and was accepted as a wrong
    /// (often negative) price.</summary>
    [Theory]
    [InlineData("100000000000")]
    [InlineData("922337203685")]
    [InlineData("92233720368.54775808")]
    [InlineData("-92233720368.54775808")]
    public void AnFxPriceTooLargeForItsUnitsIsRefused(string price)
    {
        var path = _folder.WriteZip("20140501_quote.zip", "fx.csv", ["1786,1.38727,1.38729", $"1787,{price},1.38729"]);
        var error = Assert.Throws<MarketDataFormatException>(() => LeanFxTickReader.ReadAll(path).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("field 2 (bid) is not a decimal number", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLargestFxPriceThatFitsIsExact()
    {
        var path = _folder.WriteZip("20140501_quote.zip", "fx.csv", ["1787,92233720368.54775807,-92233720368.54775807"]);
        var tick = LeanFxTickReader.ReadAll(path).Single();
        Assert.Equal((long.MaxValue, -long.MaxValue), (tick.Bid.Raw, tick.Ask.Raw));
    }

    /// <summary>A daily bar dated outside what <see cref="UnixNanos"/> holds (e.g. a bit flip turning 2013 into 2813)
    /// overflowed its time silently and was accepted at a wrong time.</summary>
    [Theory]
    [InlineData("28130907 00:00")]
    [InlineData("00130101 00:00")]
    [InlineData("16770920 00:00")]
    [InlineData("22620412 00:00")]
    public void ADailyBarOutsideTheTimeRangeIsRefused(string date)
    {
        var path = _folder.WriteZip("ibm.zip", "ibm.csv", ["20130906 00:00,1800218,1801118,1799718,1800318,2000000", $"{date},1800218,1801118,1799718,1800318,2000000"]);
        var error = Assert.Throws<MarketDataFormatException>(() => LeanDailyBarReader.ReadAll(path, new Symbol("IBM")).ToList());
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("outside the times UnixNanos can hold", error.Reason, StringComparison.Ordinal);
    }
}
