using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.MarketData.Tests.Support;

namespace Quant.Orleans.MarketData.Tests.Replay;

/// <summary>The replay of the real AIG, BAC and IBM ticks of 2013-10-07.</summary>
public sealed class LeanReplayTests
{
    private static readonly Symbol[] Symbols = [new("AIG"), new("BAC"), new("IBM")];
    private static readonly DateOnly Day = new(2013, 10, 7);

    private static async Task<(long Count, ulong Hash, DataQualityReport Report, bool Ordered, Dictionary<Symbol, long> PerSymbol)> ReplayAsync(string root)
    {
        var feed = ReplayFeed.FromLean(new LeanDataFolder(root), Symbols, [Day], new ReplayOptions { BatchSize = 512 });
        long count = 0;
        ulong hash = 14695981039346656037UL;
        var ordered = true;
        var last = long.MinValue;
        var perSymbol = Symbols.ToDictionary(s => s, _ => 0L);
        var report = await feed.RunAsync(batch =>
        {
            foreach (var e in batch.Span)
            {
                ordered &= e.Time.Value >= last;
                last = e.Time.Value;
                perSymbol[e.Symbol]++;
                count++;
                hash = (hash ^ (ulong)e.GetHashCode()) * 1099511628211UL;
                hash = (hash ^ (ulong)e.Time.Value) * 1099511628211UL;
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);
        return (count, hash, report, ordered, perSymbol);
    }

    [Fact]
    public async Task MergesThreeSymbolsInTimeOrderDeterministically()
    {
        var root = TestData.Require("lean");
        var first = await ReplayAsync(root);
        var second = await ReplayAsync(root);

        Assert.True(first.Ordered);
        Assert.All(first.PerSymbol.Values, n => Assert.True(n > 10_000));
        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Empty(first.Report.Failures);
        Assert.Empty(first.Report.MissingFiles);

        // IBM's last quote line (109067) is flagged suspicious by the vendor.
        Assert.True(first.Report[QualityReason.Suspicious] >= 1);
        Assert.Contains(first.Report.Examples, e => e.Reason == QualityReason.Suspicious && e.LineNumber == 109_067 && e.Path.EndsWith("20131007_quote.zip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACorruptedFileStopsOnlyItsSymbol()
    {
        var root = TestData.Require("lean");
        using var temp = new LeanZipFolder();
        foreach (var ticker in new[] { "aig", "bac", "ibm" })
        {
            foreach (var kind in new[] { "quote", "trade" })
            {
                var relative = Path.Combine("equity", "usa", "tick", ticker, $"20131007_{kind}.zip");
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(temp.Root, relative))!);
                File.Copy(Path.Combine(root, relative), Path.Combine(temp.Root, relative));
            }
        }

        var ibmQuotes = Path.Combine(temp.Root, "equity", "usa", "tick", "ibm", "20131007_quote.zip");
        var lines = LeanZipFolder.ReadLines(ibmQuotes);
        lines[60_000] = "not,a,quote";
        File.Delete(ibmQuotes);
        temp.WriteZip(Path.Combine("equity", "usa", "tick", "ibm", "20131007_quote.zip"), "20131007_ibm_Quote_Tick.csv", lines);

        var clean = await ReplayAsync(root);
        var broken = await ReplayAsync(temp.Root);

        var failure = Assert.Single(broken.Report.Failures);
        Assert.Equal(new Symbol("IBM"), failure.Symbol);
        Assert.Equal(ibmQuotes, failure.Path);
        Assert.Equal(60_001, failure.LineNumber);
        Assert.Contains("line 60001", failure.Message, StringComparison.Ordinal);
        Assert.Equal(clean.PerSymbol[new Symbol("AIG")], broken.PerSymbol[new Symbol("AIG")]);
        Assert.Equal(clean.PerSymbol[new Symbol("BAC")], broken.PerSymbol[new Symbol("BAC")]);
        Assert.InRange(broken.PerSymbol[new Symbol("IBM")], 1, clean.PerSymbol[new Symbol("IBM")] - 1);
    }

    [Fact]
    public async Task TradeOnlySymbolReportsTheMissingQuoteFile()
    {
        var folder = new LeanDataFolder(TestData.Require("lean"));
        var feed = ReplayFeed.FromLean(folder, [new Symbol("SPY")], [Day]);
        long trades = 0;
        var report = await feed.RunAsync(batch =>
        {
            foreach (var e in batch.Span)
            {
                Assert.Equal(MarketEventKind.Trade, e.Kind);
                trades++;
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);

        Assert.True(trades > 0);
        Assert.Contains(report.MissingFiles, p => p.EndsWith(Path.Combine("spy", "20131007_quote.zip"), StringComparison.Ordinal));
    }
}
