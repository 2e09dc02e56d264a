using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Tests.Lean;

public sealed class LeanDataFolderTests
{
    [Fact]
    public void ComposesLeanPathsAndListsDates()
    {
        var folder = new LeanDataFolder(TestData.Require("lean"));
        var ibm = new Symbol("IBM");
        var day = new DateOnly(2013, 10, 7);
        Assert.Equal(Path.Combine(folder.Root, "equity", "usa", "tick", "ibm", "20131007_quote.zip"), folder.EquityPath(ibm, LeanResolution.Tick, LeanTickType.Quote, day));
        Assert.True(File.Exists(folder.EquityPath(ibm, LeanResolution.Minute, LeanTickType.Trade, day)));
        Assert.True(File.Exists(folder.EquityDailyPath(ibm)));
        Assert.True(File.Exists(folder.ForexTickPath(new Symbol("EURUSD"), new DateOnly(2014, 5, 1))));
        Assert.Equal([new(2013, 10, 7), new(2013, 10, 8), new(2013, 10, 9), new(2013, 10, 10)], folder.EquityDates(ibm, LeanResolution.Tick, LeanTickType.Quote));
        Assert.Empty(folder.EquityDates(new Symbol("SPY"), LeanResolution.Tick, LeanTickType.Quote));
        Assert.Throws<ArgumentOutOfRangeException>(() => folder.EquityPath(ibm, LeanResolution.Daily, LeanTickType.Trade, day));
    }

    [Fact]
    public void MissingRootThrows() =>
        Assert.Throws<DirectoryNotFoundException>(() => new LeanDataFolder(Path.Combine(Path.GetTempPath(), "qo-no-such-" + Guid.NewGuid().ToString("N"))));
}
