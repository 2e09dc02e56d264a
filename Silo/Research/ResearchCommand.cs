using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Engine.Research;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Research;

/// <summary>
/// The <c>research</c> command: a walk-forward evaluation of the current strategy by the Engine's
/// <see cref="WalkForwardRunner"/>, each window replayed through a fresh private in-process silo
/// (<see cref="GridHost"/>): the ridge baseline is fitted on the day before d and trades d, so only d is out of sample.
/// Each window gives a run record (<c>run_source</c> maintenance, <c>data_regime</c> maintenance_replay, in-sample =
/// the training days, out-of-sample = d) and a trial in the trial registry; the metrics of the chained out-of-sample
/// days are printed with their methods, calendar, sample size and status, then the trials of the family (N, V[SR])
/// behind the deflated Sharpe, then the promotion gate report: the window runs are monitor-only (maintenance runs
/// never count toward promotion) and are listed in its monitoring section.
/// </summary>
public static class ResearchCommand
{
    /// <summary>Runs the evaluation; returns 0 when every window completed (whatever the gates say), 1 otherwise, 2
    /// when the range is too short.</summary>
    /// <param name="settings">Validated settings; <c>Replay</c> gives data, symbols, range and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day (≥ 1; the strategy fits on the last of them).</param>
    /// <param name="trialRegistry">The trial registry file (SQLite), created when missing.</param>
    /// <param name="output">Where the text goes.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(SiloSettings settings, int trainDays, string trialRegistry, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(trialRegistry);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainDays, 1);
        var replay = settings.Replay;
        var days = replay.TradingDays().ToArray();
        if (days.Length <= trainDays)
        {
            await output.WriteLineAsync($"research: {days.Length} trading days in {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}; a walk-forward with {trainDays} training day(s) needs at least {trainDays + 1}.");
            return 2;
        }

        await output.WriteLineAsync($"research: walk-forward of {ReplayOutputs.LineageOf(settings.Strategy)} over {string.Join(",", replay.Symbols)}, {days.Length - trainDays} out-of-sample day(s), {trainDays} training day(s) before each");
        using var trials = TrialRegistry.Open(trialRegistry);
        var walk = await WalkForwardRunner.RunAsync(
            replay,
            trainDays,
            ct => GridHost.StartPrivateAsync(settings, new GridSiloOptions { MemoryStorage = true }, ct),
            settings.Strategy,
            trials,
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

        await output.WriteLineAsync($"trials: {walk.Trials} (registry {trials.Path})");
        var report = new PromotionGate().Evaluate(runs);
        await output.WriteLineAsync("gate report (prod + model runs on prod_live data only; maintenance, smoke and test runs are monitor-only):");
        await output.WriteLineAsync(report.ToString());
        var folder = Path.GetFullPath(Path.Combine(replay.Output, "research"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(
            Path.Combine(folder, "research.json"),
            JsonSerializer.Serialize(new ResearchSummary([.. runs], walk.OutOfSample, walk.Family, walk.Trials, trials.Path, report), ReplayOutputs.JsonOptions),
            cancellationToken);
        await output.WriteLineAsync($"wrote {Path.Combine(folder, "research.json")}");
        return runs.All(r => r.Completed) ? 0 : 1;
    }
}
