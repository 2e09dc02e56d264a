using Quant.Orleans.Core;
using Quant.Orleans.Engine.Records;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Engine.Tests.Records;

/// <summary>Day records of real Lean ticks (skipped when ../shared/data or QUANT_TEST_DATA is absent): lineage that
/// re-reads, determinism, replay from records, and the replay job's recording across a stop and resume.</summary>
public sealed class RecordedReplayTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2013, 10, 7);
    private static readonly DateOnly Day2 = new(2013, 10, 8);
    private readonly TempFolder _folder = new("qo-recorded-replay");

    public void Dispose() => _folder.Dispose();

    /// <summary>Replays <paramref name="symbols"/> over <paramref name="days"/> through a feed and records every event.</summary>
    private static async Task<long> RecordAsync(string data, string records, string[] symbols, DateOnly[] days)
    {
        using var feed = ReplayFeed.FromLean(new LeanDataFolder(data), symbols.Select(s => new Symbol(s)), days, new ReplayOptions { BatchSize = 4096 });
        using var writer = new DayRecordWriter(records, DataRegime.MaintenanceReplay, "lean-tick");
        await feed.RunAsync(
            (events, origins) =>
            {
                writer.Append(events.Span, origins.Span, UnixNanos.FromDateTime(DateTime.UtcNow));
                writer.Flush();
                return ValueTask.CompletedTask;
            });
        return feed.EventsDelivered;
    }

    /// <summary>Every recorded event is reproduced by the source line it names: a trade's time, price, size and venue
    /// exactly; an NBBO change's time, and one side of the NBBO is the exchange quote on that line.</summary>
    [Fact]
    public async Task EveryRecordedEventIsReproducedByTheSourceLineItNames()
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm/20131007_quote.zip");
        var records = Path.Combine(_folder.Path, "records");
        var delivered = await RecordAsync(data, records, ["IBM", "BAC"], [Day1]);

        var entries = DayRecordCatalog.List(records, Day1, Day1);
        Assert.Equal(["BAC", "IBM"], entries.Select(e => e.Symbol.Ticker));
        Assert.Equal(delivered, entries.Sum(e => e.EventCount));
        long trades = 0, quotes = 0;
        foreach (var entry in entries)
        {
            var all = DayRecordReader.ReadAll(entry.Path).ToList();
            Assert.All(all, r => Assert.Equal("accepted", r.Quality));
            foreach (var group in all.GroupBy(r => r.Origin.SourceFile))
            {
                var path = Path.Combine(data, group.Key);
                if (group.Key.EndsWith("_trade.zip", StringComparison.Ordinal))
                {
                    using var reader = new LeanTickTradeReader(path, Day1);
                    foreach (var record in group)
                    {
                        var line = Seek(reader, record.Origin.LineNumber, static (LeanTickTradeReader r, out ExchangeTrade t) => r.TryRead(out t));
                        var trade = record.Event.Trade;
                        Assert.Equal(MarketEventKind.Trade, record.Event.Kind);
                        Assert.Equal((line.Time, line.Price, line.Size, ExchangeCodes.ToText(line.Exchange)), (trade.Time, trade.Price, trade.Size, trade.Exchange));
                        trades++;
                    }
                }
                else
                {
                    Assert.EndsWith("_quote.zip", group.Key, StringComparison.Ordinal);
                    using var reader = new LeanTickQuoteReader(path, Day1);
                    foreach (var record in group)
                    {
                        var line = Seek(reader, record.Origin.LineNumber, static (LeanTickQuoteReader r, out ExchangeQuote q) => r.TryRead(out q));
                        var nbbo = record.Event.Quote;
                        Assert.Equal(MarketEventKind.Quote, record.Event.Kind);
                        Assert.Equal(line.Time, nbbo.Time);
                        var bidSide = line.BidPrice.Raw > 0 && line.BidSize.Raw > 0 && (line.BidPrice, line.BidSize) == (nbbo.BidPrice, nbbo.BidSize);
                        var askSide = line.AskPrice.Raw > 0 && line.AskSize.Raw > 0 && (line.AskPrice, line.AskSize) == (nbbo.AskPrice, nbbo.AskSize);
                        Assert.True(bidSide || askSide, $"{group.Key} line {record.Origin.LineNumber} ({line}) is no side of the recorded NBBO {nbbo}.");
                        quotes++;
                    }
                }
            }
        }

        Assert.True(trades > 1000 && quotes > 1000, $"{trades} trades and {quotes} NBBO changes checked.");
    }

    private delegate bool ReadNext<TReader, TLine>(TReader reader, out TLine line);

    /// <summary>Reads forward to 1-based line <paramref name="lineNumber"/> (lines come in ascending order per file).</summary>
    private static TLine Seek<TReader, TLine>(TReader reader, long lineNumber, ReadNext<TReader, TLine> next)
        where TReader : LeanDayFileReader
    {
        TLine line = default!;
        while (reader.LineNumber < lineNumber)
        {
            Assert.True(next(reader, out line), $"{reader.Path} ends before line {lineNumber}.");
        }

        Assert.Equal(lineNumber, reader.LineNumber);
        return line;
    }

    /// <summary>Two recordings of the same replay are byte-identical except the arrival_ns column.</summary>
    [Fact]
    public async Task TwoRecordingsOfTheSameReplayDifferOnlyInArrivalTime()
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm/20131008_quote.zip");
        var first = Path.Combine(_folder.Path, "first");
        var second = Path.Combine(_folder.Path, "second");
        await RecordAsync(data, first, ["IBM"], [Day1, Day2]);
        await RecordAsync(data, second, ["IBM"], [Day1, Day2]);
        AssertSameExceptArrival(first, second, Day1, Day2);
    }

    /// <summary>A replay of the records delivers the same events (and sequence numbers) as the replay of the Lean files
    /// they were recorded from, and recording it again reproduces the files (except arrival times).</summary>
    [Fact]
    public async Task AReplayOfTheRecordsDeliversWhatTheLeanReplayDelivered()
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm/20131008_quote.zip");
        var records = Path.Combine(_folder.Path, "records");
        await RecordAsync(data, records, ["IBM", "AIG"], [Day1, Day2]);

        var fromLean = await CollectAsync(ReplayFeed.FromLean(new LeanDataFolder(data), [new Symbol("IBM"), new Symbol("AIG")], [Day1, Day2]));
        var log = new MarketData.Quality.QuarantineLog();
        var again = Path.Combine(_folder.Path, "again");
        using var writer = new DayRecordWriter(again, DataRegime.MaintenanceReplay, "lean-tick");
        var fromRecords = new List<MarketEvent>();
        using var feed = new ReplayFeed([new DayRecordSource(records, new Symbol("IBM"), [Day1, Day2], log), new DayRecordSource(records, new Symbol("AIG"), [Day1, Day2], log)], log);
        await feed.RunAsync(
            (events, origins) =>
            {
                fromRecords.AddRange(events.Span);
                writer.Append(events.Span, origins.Span, UnixNanos.FromDateTime(DateTime.UtcNow));
                return ValueTask.CompletedTask;
            });
        writer.Dispose();

        Assert.True(fromLean.Count > 100_000);
        Assert.Equal(fromLean, fromRecords);
        Assert.Empty(log.CreateReport().Failures);
        AssertSameExceptArrival(records, again, Day1, Day2);
    }

    private static async Task<List<MarketEvent>> CollectAsync(ReplayFeed feed)
    {
        var events = new List<MarketEvent>();
        using (feed)
        {
            await feed.RunAsync(
                batch =>
                {
                    events.AddRange(batch.Span);
                    return ValueTask.CompletedTask;
                });
        }

        return events;
    }

    /// <summary>The replay job records what it delivered only when asked; recording does not change the orders; a job
    /// stopped part-way and resumed from its journal leaves the same records as one that ran through.</summary>
    [Fact]
    public async Task TheReplayJobRecordsWhatItDeliveredAcrossAStopAndResume()
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm/20131008_quote.zip");
        var plainSettings = Settings(data, Path.Combine(_folder.Path, "journal-plain"), records: null);
        var plain = await RunAsync(plainSettings, journal: null);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "records-reference")));

        var referenceFolder = Path.Combine(_folder.Path, "records-reference");
        var reference = await RunAsync(Settings(data, Path.Combine(_folder.Path, "journal-reference"), referenceFolder), journal: null);
        Assert.Equal(ReplayOutputs.OrdersCsv(plain.Record.Orders), ReplayOutputs.OrdersCsv(reference.Record.Orders));
        var entries = DayRecordCatalog.List(referenceFolder, Day1, Day2);
        Assert.Equal(reference.EventsDelivered, entries.Sum(e => e.EventCount));
        Assert.All(entries, e => Assert.Equal(DataRegime.MaintenanceReplay, e.Regime));

        var resumedFolder = Path.Combine(_folder.Path, "records-resumed");
        var settings = Settings(data, Path.Combine(_folder.Path, "journal"), resumedFolder);
        var cutoff = UnixNanos.FromDateTime(new DateTime(2013, 10, 8, 15, 0, 0, DateTimeKind.Utc)).Value;
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = settings.Journal.Path });
        await runtime.StartAsync();
        using (var stop = new CancellationTokenSource())
        {
            var job = new ReplayJob(settings.Replay, runtime.Grains);
            var run = job.RunAsync(stop.Token);
            while (!run.IsCompleted && job.MarketTime < cutoff)
            {
                await Task.Delay(1);
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        await runtime.DisposeAsync();
        var progress = JsonJournal<TradingJournalEntry>.ReadAll(settings.Journal.Path, AccountEngine.JournalName("SIM-1"), TradingJournalJson.Default.TradingJournalEntry)
            .Select(e => e.Entry).OfType<ReplayCheckpoint>().Last();
        Assert.InRange(progress.EventsProcessed, 1, reference.EventsDelivered - 1);

        var runtime2 = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = settings.Journal.Path });
        await runtime2.StartAsync();
        try
        {
            var job = new ReplayJob(settings.Replay, runtime2.Grains);
            var resumed = await job.RunAsync();
            Assert.Equal(progress.EventsProcessed, resumed.ResumedAfterEvents);
            Assert.Equal(reference.EventsDelivered - progress.EventsProcessed, job.RecordsWritten + job.RecordsSkipped);
        }
        finally
        {
            await runtime2.DisposeAsync();
        }

        AssertSameExceptArrival(referenceFolder, resumedFolder, Day1, Day2);
    }

    private SiloSettings Settings(string data, string journal, string? records)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = data,
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-08",
            ["Replay:Symbols:0"] = "IBM",
            ["Replay:Output"] = Path.Combine(_folder.Path, "out"),
            ["Journal:Path"] = journal,
        };
        if (records is not null)
        {
            overrides["Replay:RecordsFolder"] = records;
        }

        return SettingsLoader.Load(null, overrides);
    }

    private static async Task<ReplayResult> RunAsync(SiloSettings settings, string? journal)
    {
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = journal });
        await runtime.StartAsync();
        try
        {
            return await new ReplayJob(settings.Replay, runtime.Grains).RunAsync();
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }

    /// <summary>The two folders hold the same files, line for line and field for field, except field 13 (arrival_ns).</summary>
    private static void AssertSameExceptArrival(string expectedRoot, string actualRoot, DateOnly from, DateOnly to)
    {
        var expected = DayRecordCatalog.List(expectedRoot, from, to);
        var actual = DayRecordCatalog.List(actualRoot, from, to);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => (e.Day, e.Symbol, e.EventCount)), actual.Select(e => (e.Day, e.Symbol, e.EventCount)));
        for (var f = 0; f < expected.Count; f++)
        {
            var a = File.ReadAllLines(expected[f].Path);
            var b = File.ReadAllLines(actual[f].Path);
            Assert.Equal(a.Length, b.Length);
            Assert.Equal(a[..2], b[..2]);
            for (var i = 2; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    var x = a[i].Split(',');
                    var y = b[i].Split(',');
                    x[DayRecordFormat.ArrivalField] = y[DayRecordFormat.ArrivalField] = string.Empty;
                    Assert.True(x.SequenceEqual(y), $"{actual[f].Path} line {i + 1} differs from {expected[f].Path} beyond arrival_ns: '{b[i]}' vs '{a[i]}'.");
                }
            }
        }
    }
}
