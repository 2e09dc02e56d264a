using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Engine.Tests.Replay;

/// <summary>End-to-end replays of real ticks through a silo in this process.</summary>
public sealed class ReplayJobTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-replay-tests");

    private string _temp => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SameDataTwiceGivesTheSameOrderLogByteForByte()
    {
        var data = TestData.Require("lean");

        var first = await ReplayAsync(data, "IBM", "2013-10-07", "2013-10-08");
        var second = await ReplayAsync(data, "IBM", "2013-10-07", "2013-10-08");

        Assert.NotEmpty(first.Record.Fills); // the strategy traded: the hash covers real orders
        var a = ReplayOutputs.OrdersCsv(first.Record.Orders);
        var b = ReplayOutputs.OrdersCsv(second.Record.Orders);
        Assert.Equal(Sha256(a), Sha256(b));
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task CashAndPositionsReconcileWithFillsAndFees()
    {
        var result = await ReplayAsync(TestData.Require("lean"), "IBM,BAC", "2013-10-07", "2013-10-09");
        var fills = result.Record.Fills;
        Assert.NotEmpty(fills);

        // Recompute independently of the ledger: cash moves by -side·qty·price - fee; positions by side·qty.
        var cash = result.Portfolio.InitialCash;
        var positions = new Dictionary<Symbol, decimal>();
        foreach (var fill in fills)
        {
            var sign = fill.Side == Side.Buy ? 1 : -1;
            cash -= (sign * fill.LastQty.ToDecimal() * fill.LastPx.ToDecimal()) + fill.Fee;
            positions[fill.Symbol] = positions.GetValueOrDefault(fill.Symbol) + (sign * fill.LastQty.ToDecimal());
        }

        Assert.Equal(cash, result.Portfolio.Cash);
        Assert.Equal(fills.Sum(f => f.Fee), result.Portfolio.Fees);
        foreach (var position in result.Portfolio.Positions)
        {
            Assert.Equal(positions.GetValueOrDefault(position.Symbol), position.Quantity.ToDecimal());
        }

        var marked = result.Portfolio.Positions.Sum(p => p.Quantity.ToDecimal() * p.Mark);
        Assert.Equal(result.Portfolio.Cash + marked, result.Portfolio.Equity);
        Assert.Equal(
            result.Portfolio.Equity - result.Portfolio.InitialCash,
            result.Portfolio.RealizedPnl + result.Portfolio.UnrealizedPnl - result.Portfolio.Fees);
        Assert.True(result.Portfolio.Reconciled);

        // Every fill is traceable to the quote that priced it, at or before the fill.
        Assert.All(fills, f => Assert.True(f.QuoteTime <= f.Time));
        Assert.All(result.Record.Orders.Where(o => o.Status == OrdStatus.Filled), o => Assert.Equal(o.Order.Quantity, o.CumQty));
    }

    [Fact]
    public async Task TheFirstDayHasNoModelAndLaterDaysTradeOnlyWithTheModelOfEarlierDays()
    {
        var result = await ReplayAsync(TestData.Require("lean"), "IBM", "2013-10-07", "2013-10-09");
        var exchange = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        DateOnly DayOf(UnixNanos t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(t.ToDateTime(), exchange));

        Assert.DoesNotContain(result.Record.Orders, o => DayOf(o.Order.SentTime) == new DateOnly(2013, 10, 7));
        Assert.Contains(result.Record.Orders, o => DayOf(o.Order.SentTime) == new DateOnly(2013, 10, 8));
        Assert.Equal("ridge-baseline@2013-10-08", result.Symbols.Single().ModelVersion);
    }

    [Fact]
    public async Task ACorruptedFileStopsItsSymbolWithPathAndLineAndTheOthersComplete()
    {
        var data = TestData.Require("lean");
        var folder = Path.Combine(_temp, "lean");
        foreach (var symbol in new[] { "ibm", "aig" })
        {
            var source = Path.Combine(data, "equity", "usa", "tick", symbol);
            var target = Directory.CreateDirectory(Path.Combine(folder, "equity", "usa", "tick", symbol)).FullName;
            foreach (var kind in new[] { "quote", "trade" })
            {
                File.Copy(Path.Combine(source, $"20131007_{kind}.zip"), Path.Combine(target, $"20131007_{kind}.zip"));
            }
        }

        var corrupted = Path.Combine(folder, "equity", "usa", "tick", "aig", "20131007_quote.zip");
        CorruptLine(corrupted, lineNumber: 5_000, "34200000,not-a-price,100,0,0,P,R,0");

        var result = await ReplayAsync(folder, "AIG,IBM", "2013-10-07", "2013-10-07");

        var failure = Assert.Single(result.Quality.Failures);
        Assert.Equal("AIG", failure.Symbol.Ticker);
        Assert.Equal(corrupted, failure.Path);
        Assert.Equal(5_000, failure.LineNumber);
        var ibm = result.Symbols.Single(s => s.Symbol.Ticker == "IBM");
        Assert.True(ibm.Quotes > 10_000, $"IBM processed only {ibm.Quotes} quotes");
        Assert.True(result.Quality.BySymbol[new Symbol("IBM")].RecordsInspected > 100_000);
    }

    private static void CorruptLine(string zipPath, int lineNumber, string replacement)
    {
        string name;
        List<string> lines;
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            var entry = zip.Entries.Single();
            name = entry.FullName;
            using var reader = new StreamReader(entry.Open());
            lines = [];
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }

        lines[lineNumber - 1] = replacement;
        File.Delete(zipPath);
        using var output = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        using var writer = new StreamWriter(output.CreateEntry(name).Open());
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write("\r\n");
        }
    }

    private static async Task<ReplayResult> ReplayAsync(string data, string symbols, string from, string to)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = data,
            ["Replay:From"] = from,
            ["Replay:To"] = to,
        };
        var tickers = symbols.Split(',');
        for (var i = 0; i < tickers.Length; i++)
        {
            overrides[$"Replay:Symbols:{i}"] = tickers[i];
        }

        return await InProcessReplay.RunAsync(overrides);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
