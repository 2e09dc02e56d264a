using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Replay;

namespace Quant.Orleans.Silo.Research;

/// <summary>
/// The <c>research</c> command: a walk-forward evaluation of the current strategy. For each trading day d after the
/// first of the chosen range, the window [d − train days, d] is replayed through a fresh in-process silo
/// (<see cref="SiloRuntimeFactory"/> + <see cref="ReplayJob"/>): the ridge baseline is fitted on the day before d and
/// trades d, so only d is out of sample. Each window gives a run record (<c>run_source</c> maintenance,
/// <c>data_regime</c> maintenance_replay); the out-of-sample days are chained into one equity curve whose metrics are
/// printed with their methods, then the promotion gates are evaluated over the window runs and their report printed.
/// </summary>
public static class ResearchCommand
{
    /// <summary>Runs the evaluation; returns 0 when every window completed (whatever the gates say), 1 otherwise.</summary>
    /// <param name="settings">Validated settings; <c>Replay</c> gives data, symbols, range and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day (≥ 1; the strategy fits on the last of them).</param>
    /// <param name="includeMaintenance">Also let maintenance runs count for the gates (default gates read prod + model runs only).</param>
    /// <param name="output">Where the text goes.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(SiloSettings settings, int trainDays, bool includeMaintenance, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainDays, 1);
        var replay = settings.Replay;
        var days = replay.TradingDays().ToArray();
        if (days.Length <= trainDays)
        {
            await output.WriteLineAsync($"research: {days.Length} trading days in {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}; a walk-forward with {trainDays} training day(s) needs at least {trainDays + 1}.");
            return 2;
        }

        await output.WriteLineAsync($"research: walk-forward of {ReplayOutputs.LineageName} over {string.Join(",", replay.Symbols)}, {days.Length - trainDays} out-of-sample day(s), {trainDays} training day(s) before each");
        var runs = new List<RunRecord>();
        var oosTimes = new List<long>();
        var oosEquity = new List<double>();
        var chained = (double)0;
        var ok = true;
        for (var i = trainDays; i < days.Length; i++)
        {
            var window = WindowSettings(replay, days[i - trainDays], days[i]);
            var runtime = SiloRuntimeFactory.Create(settings, memoryStorage: true);
            await runtime.StartAsync(cancellationToken);
            ReplayResult result;
            try
            {
                result = await new ReplayJob(window, runtime).RunAsync(cancellationToken);
            }
            finally
            {
                await runtime.StopAsync(CancellationToken.None);
            }

            var summary = ReplayOutputs.Write(result, window.Output, settings.Strategy, RunSource.Maintenance);
            runs.Add(summary.RunRecord);
            ok &= summary.RunRecord.Completed;
            chained = AppendOutOfSample(result, days[i], chained, oosTimes, oosEquity);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  test day {days[i]:yyyy-MM-dd} (trained through {days[i - 1]:yyyy-MM-dd}): {result.Record.Orders.Length} orders, net PnL {summary.NetPnl:N2} USD, run {summary.RunRecord.RunId} -> {summary.OutputFolder}"));
        }

        var initial = (double)settings.Strategy.InitialCash;
        var pooled = PerformanceReport.Compute(oosTimes.ToArray(), oosEquity.ToArray(), initial, 0, new MetricOptions { DaysPerYear = 252, StepsPerYear = ReplayOutputs.MinutesPerYear });
        await output.WriteLineAsync("out-of-sample metrics (test days chained; turnover is per window in each summary.json):");
        foreach (var metric in pooled.All().Where(m => m.Name != "turnover"))
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
            JsonSerializer.Serialize(new ResearchSummary(runs.ToArray(), pooled, report), ReplayOutputs.JsonOptions),
            cancellationToken);
        await output.WriteLineAsync($"wrote {Path.Combine(folder, "research.json")}");
        return ok ? 0 : 1;
    }

    private static ReplaySettings WindowSettings(ReplaySettings replay, DateOnly from, DateOnly to) => new()
    {
        DataFolder = replay.DataFolder,
        Symbols = replay.Symbols,
        From = from,
        To = to,
        Output = Path.Combine(replay.Output, "research", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Account = replay.Account,
        BatchSize = replay.BatchSize,
        Speed = null,
    };

    /// <summary>Appends the test day's marks, rescaled so that the day starts at the chained equity.</summary>
    private static double AppendOutOfSample(ReplayResult result, DateOnly testDay, double chained, List<long> times, List<double> equity)
    {
        var initial = (double)result.Portfolio.InitialCash;
        chained = chained == 0 ? initial : chained;
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = TimeZoneInfo.ConvertTimeToUtc(testDay.ToDateTime(TimeOnly.MinValue), ny);
        var startNanos = Core.UnixNanos.FromDateTime(start).Value;
        var curve = result.Record.EquityCurve;
        var before = curve.Where(p => p.Time.Value < startNanos).Select(p => (double)p.Equity).LastOrDefault(initial);
        var last = chained;
        foreach (var p in curve.Where(p => p.Time.Value >= startNanos && p.Equity > 0))
        {
            last = chained * (double)p.Equity / before;
            times.Add(p.Time.Value);
            equity.Add(last);
        }

        return last;
    }
}
