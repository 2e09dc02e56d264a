using System.Diagnostics;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Nbbo;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.MarketData.Tests.Throughput;

/// <summary>
/// A by-hand throughput check, not a timed test (it asserts nothing about speed). Run it with
/// <c>dotnet run -c Release --project tests/Quant.Orleans.MarketData.Tests -- -explicit only -class "*DecodeThroughputCheck"</c>.
/// </summary>
public sealed class DecodeThroughputCheck
{
    private static readonly DateOnly[] Days = [new(2013, 10, 7), new(2013, 10, 8), new(2013, 10, 9), new(2013, 10, 10)];

    [Fact(Explicit = true)]
    public void DecodeAllIbmTicks()
    {
        var root = TestData.Require("lean");
        var folder = new LeanDataFolder(root);
        var ibm = new Symbol("IBM");
        for (var round = 0; round < 3; round++)
        {
            long quotes = 0;
            long trades = 0;
            long checksum = 0;
            var watch = Stopwatch.StartNew();
            foreach (var day in Days)
            {
                using (var reader = new LeanTickQuoteReader(folder.EquityPath(ibm, LeanResolution.Tick, LeanTickType.Quote, day)))
                {
                    while (reader.TryRead(out var q))
                    {
                        quotes++;
                        checksum += q.BidPrice.Raw + q.AskSize.Raw;
                    }
                }

                using (var reader = new LeanTickTradeReader(folder.EquityPath(ibm, LeanResolution.Tick, LeanTickType.Trade, day)))
                {
                    while (reader.TryRead(out var t))
                    {
                        trades++;
                        checksum += t.Price.Raw;
                    }
                }
            }

            watch.Stop();
            var total = quotes + trades;
            TestContext.Current.SendDiagnosticMessage($"round {round}: {quotes} quotes + {trades} trades = {total} ticks in {watch.Elapsed.TotalMilliseconds:F0} ms = {total / watch.Elapsed.TotalSeconds:F0} ticks/s (checksum {checksum})");
            Console.WriteLine($"round {round}: {quotes} quotes + {trades} trades = {total} ticks in {watch.Elapsed.TotalMilliseconds:F0} ms = {total / watch.Elapsed.TotalSeconds:F0} ticks/s");
        }
    }

    [Fact(Explicit = true)]
    public async Task ReplayThreeSymbolsBothConventions()
    {
        var folder = new LeanDataFolder(TestData.Require("lean"));
        Symbol[] symbols = [new("AIG"), new("BAC"), new("IBM")];
        foreach (var convention in new[] { NbboInputConvention.ConsolidatedSides, NbboInputConvention.PerExchange })
        {
            var watch = Stopwatch.StartNew();
            var feed = ReplayFeed.FromLean(folder, symbols, Days, new ReplayOptions { BatchSize = 4096 }, new QuarantineLog(), convention);
            long events = 0;
            var report = await feed.RunAsync(batch =>
            {
                events += batch.Length;
                return ValueTask.CompletedTask;
            }, TestContext.Current.CancellationToken);
            watch.Stop();
            Console.WriteLine($"{convention}: {events} events delivered, {report.RecordsInspected} records inspected in {watch.Elapsed.TotalMilliseconds:F0} ms = {report.RecordsInspected / watch.Elapsed.TotalSeconds:F0} records/s");
            Console.WriteLine(report.ToSummary());
        }
    }
}
