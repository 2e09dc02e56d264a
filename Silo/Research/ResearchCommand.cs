using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Engine.Research;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Research;

/// <summary>
/// The <c>research</c> command: a walk-forward evaluation of the current strategy by the Engine's
/// <see cref="WalkForwardRunner"/>, each window replayed through a fresh private in-process silo
/// (<see cref="GridHost"/>): the ridge baseline is fitted on the day before d and trades d, so only d is out of sample.
/// Each window gives a run record (<c>run_source</c> maintenance, <c>data_regime</c> maintenance_replay); the metrics of
/// the chained out-of-sample days are printed with their methods, then the promotion gates are evaluated over the
/// window runs and their report printed.
/// </summary>
public static class ResearchCommand
{
    /// <summary>Runs the evaluation; returns 0 when every window completed (whatever the gates say), 1 otherwise, 2
    /// when the range is too short.</summary>
    /// <param name="settings">Validated settings; <c>Replay</c> gives data, symbols, range and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day (≥ 1; the strategy fits on the last of them).</param>
    /// <param name="includeMaintenance">Also let maintenance runs count for the gates (default gates read prod + model runs only).</param>
    /// <param name="output">Where the text goes.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(SiloSettings settings, int trainDays, bool includeMaintenance, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainDays, 1);
        var replay = settings.Replay;
        var days = replay.TradingDays().ToArray();
        if (days.Length <= trainDays)
        {
            await output.WriteLineAsync($"research: {days.Length} trading days in {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}; a walk-forward with {trainDays} training day(s) needs at least {trainDays + 1}.");
            return 2;
        }

        await output.WriteLineAsync($"research: walk-forward of {ReplayOutputs.LineageName} over {string.Join(",", replay.Symbols)}, {days.Length - trainDays} out-of-sample day(s), {trainDays} training day(s) before each");
        var walk = await WalkForwardRunner.RunAsync(
            replay,
            trainDays,
            ct => GridHost.StartPrivateAsync(settings, new GridSiloOptions { MemoryStorage = true }, ct),
            settings.Strategy,
            window => output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  test day {window.TestDay:yyyy-MM-dd} (trained {window.TrainFrom:yyyy-MM-dd}..{window.TestDay.AddDays(-1):yyyy-MM-dd}): {window.Result.Record.Orders.Length} orders, net PnL {window.Summary.NetPnl:N2} USD, run {window.Summary.RunRecord.RunId} -> {window.Summary.OutputFolder}")),
            cancellationToken);
        var runs = walk.Windows.Select(w => w.Summary.RunRecord).ToList();
        await output.WriteLineAsync("out-of-sample metrics (test days chained; turnover is per window in each summary.json):");
        foreach (var metric in walk.OutOfSample.All().Where(m => m.Name != "turnover"))
        {
            await output.WriteLineAsync("  " + metric);
        }

        var options = includeMaintenance
            ? new PromotionGateOptions { RunSources = new HashSet<RunSource> { RunSource.Prod, RunSource.Maintenance }, DataRegimes = new HashSet<DataRegime> { DataRegime.ProdLive, DataRegime.MaintenanceReplay } }
            : new PromotionGateOptions();
        var report = new PromotionGate(options).Evaluate(runs);
        await output.WriteLineAsync("gate report" + (includeMaintenance ? " (maintenance runs included by --include-maintenance)" : " (default: prod + model runs only)") + ":");
        await output.WriteLineAsync(report.ToString());
        var folder = Path.GetFullPath(Path.Combine(replay.Output, "research"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(
            Path.Combine(folder, "research.json"),
            JsonSerializer.Serialize(new ResearchSummary([.. runs], walk.OutOfSample, report), ReplayOutputs.JsonOptions),
            cancellationToken);
        await output.WriteLineAsync($"wrote {Path.Combine(folder, "research.json")}");
        return runs.All(r => r.Completed) ? 0 : 1;
    }
}
