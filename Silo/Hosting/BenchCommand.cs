using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>
/// The <c>bench</c> command: in one process, the same data is (1) read and decoded into NBBO and trade events with a
/// consumer that does nothing, (2) replayed through the whole grid, and (3) replayed through the whole grid with the
/// account's journal on (a fresh folder under <c>Journal:Path</c>: every order and fill flushed to disk before it is
/// acknowledged, progress recorded per batch); it prints records per second for each and their ratios, each the best
/// of <c>--rounds</c> runs (the first warms the JIT). Figures are ratios within one run,
/// because these machines are shared and absolute times drift.
/// </summary>
public static class BenchCommand
{
    /// <summary>Runs the benchmark and prints the table.</summary>
    public static async Task<int> RunAsync(SiloSettings settings, int rounds, CancellationToken cancellationToken)
    {
        var replay = settings.Replay;
        var symbols = replay.Symbols.Select(s => new Symbol(s)).ToArray();
        double bestDecode = 0, bestGrid = 0, bestJournaled = 0;
        long journaledBytes = 0;
        long records = 0;
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            using (var feed = ReplayFeed.FromLean(new LeanDataFolder(replay.DataFolder), symbols, replay.TradingDays(), new ReplayOptions { BatchSize = replay.BatchSize }))
            {
                var report = await feed.RunAsync(static _ => ValueTask.CompletedTask, cancellationToken);
                records = report.RecordsInspected;
            }

            bestDecode = Math.Max(bestDecode, records / watch.Elapsed.TotalSeconds);

            var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true });
            await runtime.StartAsync(cancellationToken);
            watch.Restart();
            var result = await new ReplayJob(replay, runtime.Grains).RunAsync(cancellationToken);
            var elapsed = watch.Elapsed.TotalSeconds;
            await runtime.DisposeAsync();
            bestGrid = Math.Max(bestGrid, result.Quality.RecordsInspected / elapsed);

            var journalFolder = Path.Combine(settings.Journal.Path, "bench-" + Guid.NewGuid().ToString("N"));
            var journaled = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = journalFolder });
            await journaled.StartAsync(cancellationToken);
            watch.Restart();
            var withJournal = await new ReplayJob(replay, journaled.Grains).RunAsync(cancellationToken);
            var journaledElapsed = watch.Elapsed.TotalSeconds;
            await journaled.DisposeAsync();
            journaledBytes = Directory.EnumerateFiles(journalFolder).Sum(f => new FileInfo(f).Length);
            Directory.Delete(journalFolder, recursive: true);
            bestJournaled = Math.Max(bestJournaled, withJournal.Quality.RecordsInspected / journaledElapsed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: decode {records / 1e6:0.00} M records, grid {elapsed:0.00} s, grid with journal {journaledElapsed:0.00} s ({journaledBytes / 1024.0:0} KiB journaled), {result.Record.Orders.Length} orders"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decode only : {bestDecode / 1e6:0.000} M records/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole grid  : {bestGrid / 1e6:0.000} M records/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grid/decode : {bestGrid / bestDecode:0.000} (target >= 0.40; grid target >= 2 M records/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"with journal: {bestJournaled / 1e6:0.000} M records/s, {bestJournaled / bestGrid:0.000} of the grid without it"));
        return 0;
    }
}
