using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Engine.Research;

/// <summary>
/// Walk-forward evaluation of the strategy the grid runs: for each trading day d after the first <c>trainDays</c> of
/// the range, the window [d − trainDays, d] is replayed through a fresh grid (<see cref="GridSessionFactory"/>); the
/// strategy fits on the days before d and trades d, so only d is out of sample. Each window writes its replay outputs
/// under <c>{Output}/research/{d}</c> with a run record (run source maintenance) whose in-sample range is the training
/// days and whose metrics cover d only; the out-of-sample days are chained into one equity curve (each day rescaled to
/// start at the chained equity) whose metrics are computed with their methods on the US equity calendar. With a trial
/// registry, every window is recorded as a <see cref="TrialKind.WalkForwardWindow"/> trial and the chained evaluation
/// as a <see cref="TrialKind.WalkForward"/> trial of the same configuration, and the chained deflated Sharpe ratio
/// uses the N and V[SR] of its family (Bailey &amp; López de Prado 2014).
/// </summary>
public static class WalkForwardRunner
{
    /// <summary>Runs every window in order.</summary>
    /// <param name="replay">Data, symbols, range, account and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day, at least 1.</param>
    /// <param name="grids">Starts a fresh grid per window.</param>
    /// <param name="strategy">The strategy configuration, hashed into each run record.</param>
    /// <param name="trials">The trial registry to record the windows and the evaluation in; null records nothing (the
    /// deflated Sharpe then says N=1, no registry).</param>
    /// <param name="onWindow">Called after each window (progress output); may be null.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainDays"/> is below 1, or the range holds no more
    /// than <paramref name="trainDays"/> trading days.</exception>
    public static Task<WalkForwardResult> RunAsync(
        ReplaySettings replay, int trainDays, GridSessionFactory grids, object? strategy, TrialRegistry? trials, Func<WalkForwardWindow, Task>? onWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grids);
        return RunAsync(replay, trainDays, (_, ct) => grids(ct), strategy, trials, onWindow, cancellationToken);
    }

    /// <summary>Runs every window in order, starting each window's grid for its test day (e.g. with a model trained on
    /// the days before it).</summary>
    /// <param name="replay">Data, symbols, range, account and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day, at least 1.</param>
    /// <param name="gridForDay">Starts a fresh grid for the window of a test day.</param>
    /// <param name="strategy">The strategy configuration, hashed into each run record.</param>
    /// <param name="trials">The trial registry or null.</param>
    /// <param name="onWindow">Called after each window; may be null.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">As for the other overload.</exception>
    public static async Task<WalkForwardResult> RunAsync(
        ReplaySettings replay, int trainDays, Func<DateOnly, CancellationToken, Task<IGridSession>> gridForDay, object? strategy, TrialRegistry? trials,
        Func<WalkForwardWindow, Task>? onWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(gridForDay);
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
            await using (var grid = await gridForDay(days[i], cancellationToken))
            {
                result = await new ReplayJob(window, grid.Grains).RunAsync(cancellationToken);
            }

            var summary = ReplayOutputs.Write(result, window.Output, strategy, EvaluationScope.Window(days[i - trainDays], days[i - 1], days[i]), trials);
            initial = (double)result.Portfolio.InitialCash;
            chained = AppendOutOfSample(result, days[i], chained, oosTimes, oosEquity);
            var done = new WalkForwardWindow(days[i - trainDays], days[i], result, summary);
            windows.Add(done);
            if (onWindow is not null)
            {
                await onWindow(done);
            }
        }

        var pooled = PerformanceReport.Compute(oosTimes.ToArray(), oosEquity.ToArray(), initial, 0, new MetricOptions { Calendar = ReplayOutputs.Calendar });
        var family = ReplayOutputs.FamilyOf(replay, strategy);
        var statistics = TrialStatistics.Untracked;
        if (trials is not null)
        {
            trials.Record(TrialRecord.FromReport(
                family, ReplayOutputs.ConfigurationHashOf(replay, strategy), TrialKind.WalkForward, RunSource.Maintenance, days[trainDays], days[^1], pooled));
            statistics = trials.Statistics(family);
            pooled = pooled.WithTrials(statistics);
        }

        return new WalkForwardResult([.. windows], pooled, family, statistics);
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

    /// <summary>Appends the test day's marks (its New York session date), rescaled so that the day starts at the chained
    /// equity.</summary>
    private static double AppendOutOfSample(ReplayResult result, DateOnly testDay, double chained, List<long> times, List<double> equity)
    {
        var initial = (double)result.Portfolio.InitialCash;
        chained = chained == 0 ? initial : chained;
        var (marks, marked, before) = result.EquityCurveIn(DateRange.Of(testDay, testDay), ReplayOutputs.Calendar);
        var last = chained;
        for (var i = 0; i < marks.Length; i++)
        {
            last = chained * marked[i] / before;
            times.Add(marks[i]);
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
/// <param name="OutOfSample">Metrics of the chained out-of-sample days (turnover is per window, in each summary); its
/// deflated Sharpe ratio uses <paramref name="Trials"/>.</param>
/// <param name="Family">The trial family of the evaluation (<see cref="ReplayOutputs.FamilyOf"/>).</param>
/// <param name="Trials">N and V[SR] of the family after this evaluation was recorded (<see cref="TrialStatistics.Untracked"/>
/// without a registry).</param>
public sealed record WalkForwardResult(WalkForwardWindow[] Windows, PerformanceReport OutOfSample, string Family, TrialStatistics Trials);
