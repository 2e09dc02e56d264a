using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Engine.Research;

/// <summary>
/// Walk-forward evaluation of the strategy the grid runs: for each trading day d after the first <c>trainDays</c> of
/// the range, the window [d − trainDays, d] is replayed through a fresh grid (<see cref="GridSessionFactory"/>); the
/// strategy fits on the days before d and trades d, so only d is out of sample. Each window writes its replay outputs
/// (run source maintenance) under <c>{Output}/research/{d}</c>; the out-of-sample days are chained into one equity curve
/// (each day rescaled to start at the chained equity) whose metrics are computed with their methods.
/// </summary>
public static class WalkForwardRunner
{
    /// <summary>Runs every window in order.</summary>
    /// <param name="replay">Data, symbols, range, account and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day, at least 1.</param>
    /// <param name="grids">Starts a fresh grid per window.</param>
    /// <param name="strategy">The strategy configuration, hashed into each run record.</param>
    /// <param name="onWindow">Called after each window (progress output); may be null.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainDays"/> is below 1, or the range holds no more
    /// than <paramref name="trainDays"/> trading days.</exception>
    public static async Task<WalkForwardResult> RunAsync(
        ReplaySettings replay, int trainDays, GridSessionFactory grids, object? strategy, Func<WalkForwardWindow, Task>? onWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainDays, 1);
        var days = replay.TradingDays().ToArray();
        if (days.Length <= trainDays)
        {
            throw new ArgumentOutOfRangeException(
                nameof(trainDays), trainDays, $"{days.Length} trading days in {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}; a walk-forward with {trainDays} training day(s) needs at least {trainDays + 1}.");
        }

        var windows = new List<WalkForwardWindow>();
        var oosTimes = new List<long>();
        var oosEquity = new List<double>();
        var chained = 0.0;
        var initial = 0.0;
        for (var i = trainDays; i < days.Length; i++)
        {
            var window = WindowSettings(replay, days[i - trainDays], days[i]);
            ReplayResult result;
            await using (var grid = await grids(cancellationToken))
            {
                result = await new ReplayJob(window, grid.Grains).RunAsync(cancellationToken);
            }

            var summary = ReplayOutputs.Write(result, window.Output, strategy, RunSource.Maintenance);
            initial = (double)result.Portfolio.InitialCash;
            chained = AppendOutOfSample(result, days[i], chained, oosTimes, oosEquity);
            var done = new WalkForwardWindow(days[i - trainDays], days[i], result, summary);
            windows.Add(done);
            if (onWindow is not null)
            {
                await onWindow(done);
            }
        }

        var pooled = PerformanceReport.Compute(
            oosTimes.ToArray(), oosEquity.ToArray(), initial, 0, new MetricOptions { DaysPerYear = 252, StepsPerYear = ReplayOutputs.MinutesPerYear });
        return new WalkForwardResult([.. windows], pooled);
    }

    private static ReplaySettings WindowSettings(ReplaySettings replay, DateOnly from, DateOnly to) => new()
    {
        DataFolder = replay.DataFolder,
        Symbols = replay.Symbols,
        From = from,
        To = to,
        Output = Path.Combine(replay.Output, "research", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
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

/// <summary>One walk-forward window.</summary>
/// <param name="TrainFrom">The first day replayed (in sample).</param>
/// <param name="TestDay">The out-of-sample day.</param>
/// <param name="Result">The window's replay.</param>
/// <param name="Summary">Its written outputs and run record.</param>
public sealed record WalkForwardWindow(DateOnly TrainFrom, DateOnly TestDay, ReplayResult Result, ReplaySummary Summary);

/// <summary>A walk-forward evaluation.</summary>
/// <param name="Windows">The windows in order.</param>
/// <param name="OutOfSample">Metrics of the chained out-of-sample days (turnover is per window, in each summary).</param>
public sealed record WalkForwardResult(WalkForwardWindow[] Windows, PerformanceReport OutOfSample);
