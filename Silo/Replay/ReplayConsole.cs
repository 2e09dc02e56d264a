using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Spectre.Console;

namespace Quant.Orleans.Silo.Replay;

/// <summary>The <c>replay</c> command: starts a private Orleans silo in this process (memory grain storage), runs the <see cref="ReplayJob"/> with a
/// progress bar, prints what happened per symbol and writes the outputs; the backtest is recorded in the trial registry
/// (<c>{Storage:Path}/research/trials.sqlite</c>), whose family gives the N and V[SR] of its deflated Sharpe ratio.</summary>
public static class ReplayConsole
{
    /// <summary>Runs the replay; returns the process exit code (0 on success, 1 when a source failed).</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="console">Where the progress and the report go.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <param name="journal">True to journal the account in <c>Journal:Path</c>: a replay interrupted there resumes
    /// from its last processed batch, with its orders, fills and cash recovered.</param>
    public static async Task<int> RunAsync(SiloSettings settings, IAnsiConsole console, CancellationToken cancellationToken, bool journal = false)
    {
        var replay = settings.Replay;
        if (replay.Records && Engine.Records.DayRecordFormat.TryParseRegime(replay.RecordsRegime) == Quant.Orleans.Research.Runs.DataRegime.ProdLive)
        {
            // A replay of files is maintenance data whatever it is called: recording it as live production data would
            // let its models through the promotion gates. Only serve, whose feed an operator declares live, records
            // prod_live.
            await Console.Error.WriteLineAsync("Replay:RecordsRegime prod_live is refused by the replay command: a replay of recorded files is maintenance data (maintenance_replay). Only serve records prod_live.");
            return 2;
        }

        if (Console.IsOutputRedirected && console.Profile.Width < 160)
        {
            console.Profile.Width = 160; // logs and CI: keep the table on one line per symbol
        }

        console.MarkupLine($"[bold]Quant.Orleans replay[/] {string.Join(", ", replay.Symbols)} {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd} from [blue]{Markup.Escape(Path.GetFullPath(replay.DataFolder))}[/]");
        await using var grid = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = journal ? settings.Journal.Path : null });
        if (journal)
        {
            console.MarkupLine($"journal: [blue]{Markup.Escape(settings.Journal.Path)}[/]");
        }

        await grid.StartAsync(cancellationToken);
        ReplayResult result;
        try
        {
            result = await RunWithProgressAsync(new ReplayJob(replay, grid.Grains), replay, console, cancellationToken);
        }
        finally
        {
            await grid.StopAsync(CancellationToken.None);
        }

        using var trials = Quant.Orleans.Research.Trials.TrialRegistry.Open(Quant.Orleans.Research.Trials.TrialRegistry.DefaultPath(settings.Storage.Path));
        var summary = ReplayOutputs.Write(result, replay.Output, settings.Strategy, trials: trials);
        Print(console, result, summary);
        return result.Quality.Failures.Count == 0 ? 0 : 1;
    }

    private static async Task<ReplayResult> RunWithProgressAsync(ReplayJob job, ReplaySettings replay, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(replay.From.ToDateTime(TimeOnly.MinValue), ny)).Value;
        var end = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(replay.To.ToDateTime(new TimeOnly(23, 59)), ny)).Value;
        ReplayResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("replaying market time", maxValue: 1000);
                var run = job.RunAsync(cancellationToken);
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(100, cancellationToken));
                    var now = job.MarketTime;
                    if (now > 0)
                    {
                        task.Value = Math.Clamp(1000.0 * (now - start) / Math.Max(1, end - start), 0, 1000);
                    }
                }

                result = await run;
                task.Value = 1000;
            });
        return result!;
    }

    private static void Print(IAnsiConsole console, ReplayResult result, ReplaySummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("per symbol");
        foreach (var column in new[] { "symbol", "records read", "quarantined (by reason)", "NBBO updates", "candidates", "regime/judge blocked", "signals", "orders", "fills", "net PnL (USD)", "model" })
        {
            table.AddColumn(column);
        }

        foreach (var s in summary.Symbols)
        {
            var reasons = string.Join(" ", s.Quarantined.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}={kv.Value}"));
            table.AddRow(
                s.Symbol, N(s.RecordsRead), reasons.Length == 0 ? "0" : Markup.Escape(reasons), N(s.NbboUpdates), N(s.Candidates),
                $"{N(s.RegimeBlocked)}/{N(s.JudgeBlocked)}", N(s.Signals), N(s.Orders), N(s.Fills), Money(s.NetPnl), Markup.Escape(s.ModelDescription));
        }

        console.Write(table);
        foreach (var failure in result.Quality.Failures)
        {
            console.MarkupLine($"[red]source failed[/] {Markup.Escape($"{failure.Symbol}: {failure.Message}")}");
        }

        foreach (var missing in result.Quality.MissingFiles)
        {
            console.MarkupLine($"[yellow]missing file[/] {Markup.Escape(missing)}");
        }

        var p = result.Portfolio;
        console.MarkupLine($"account [bold]{Markup.Escape(p.Account)}[/]: equity {Money(p.Equity)} (start {Money(p.InitialCash)}), net PnL {Money(summary.NetPnl)}, realised {Money(p.RealizedPnl)}, unrealised {Money(p.UnrealizedPnl)}, fees {Money(p.Fees)}, reconciled: {(p.Reconciled ? "[green]yes[/]" : "[red]NO[/]")}");
        foreach (var line in ReplayOutputs.MetricLines(summary))
        {
            console.MarkupLine(Markup.Escape(line));
        }
        console.MarkupLine($"records read {N(summary.RecordsRead)}, events delivered {N(summary.EventsDelivered)} in {summary.ElapsedSeconds:0.00} s ({N((long)(summary.RecordsRead / Math.Max(1e-9, summary.ElapsedSeconds)))} records/s)");
        var st = result.Stages;
        console.MarkupLine($"time per stage: waiting for the feed {st.Feed.TotalSeconds:0.00} s, symbols (wavelet+UKF, features, gates) {st.Symbols.TotalSeconds:0.00} s, portfolio {st.Portfolio.TotalSeconds:0.00} s, venue {st.Venue.TotalSeconds:0.00} s, mark {st.Mark.TotalSeconds:0.00} s");
        console.MarkupLine($"order log SHA-256 [bold]{summary.OrderLogSha256}[/]");
        console.MarkupLine($"wrote [blue]{Markup.Escape(Path.Combine(summary.OutputFolder, "orders.csv"))}[/], fills.csv, summary.json");
        console.MarkupLine(Markup.Escape(QuarantineOutput.ConsoleLine(result.Quality, summary.OutputFolder)));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("N2", CultureInfo.InvariantCulture);
}
