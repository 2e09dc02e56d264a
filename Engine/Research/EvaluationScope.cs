using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Engine.Research;

/// <summary>
/// Which days of a replay are measured and how the run is recorded: the <see cref="InSample"/> days (the strategy
/// fits or warms up on them; never measured), the <see cref="OutOfSample"/> days its metrics cover, the
/// <see cref="RunSource"/> of its run record and the <see cref="Kind"/> of its trial in the trial registry.
/// </summary>
/// <param name="InSample">Fitted or warm-up days, or null.</param>
/// <param name="OutOfSample">Measured days, or null when the replay has none.</param>
/// <param name="RunSource">Smoke (the replay command), maintenance (research windows) …; never prod for a replay.</param>
/// <param name="Kind">The trial kind it is recorded as.</param>
public sealed record EvaluationScope(DateRange? InSample, DateRange? OutOfSample, RunSource RunSource, TrialKind Kind)
{
    /// <summary>The scope of the <c>replay</c> command: the ridge baseline fits on day d−1 and trades d, so the first
    /// trading day only fits (in sample) and the later ones are out of sample; run source smoke, a backtest trial.
    /// A one-day replay has no out-of-sample day.</summary>
    /// <param name="settings">What is replayed.</param>
    /// <returns>The scope.</returns>
    public static EvaluationScope Replay(ReplaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var days = settings.TradingDays().ToArray();
        if (days.Length == 0)
        {
            return new EvaluationScope(null, null, RunSource.Smoke, TrialKind.Backtest);
        }

        return days.Length == 1
            ? new EvaluationScope(DateRange.Of(days[0], days[0]), null, RunSource.Smoke, TrialKind.Backtest)
            : new EvaluationScope(DateRange.Of(days[0], days[0]), DateRange.Of(days[1], days[^1]), RunSource.Smoke, TrialKind.Backtest);
    }

    /// <summary>The scope of a walk-forward window: fitted on [<paramref name="trainFrom"/>, <paramref name="trainTo"/>],
    /// measured on <paramref name="testDay"/>; run source maintenance, a walk-forward-window trial.</summary>
    /// <param name="trainFrom">First training day.</param>
    /// <param name="trainTo">Last training day (before <paramref name="testDay"/>).</param>
    /// <param name="testDay">The out-of-sample day.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException">The training days do not precede the test day.</exception>
    public static EvaluationScope Window(DateOnly trainFrom, DateOnly trainTo, DateOnly testDay)
    {
        if (trainTo >= testDay)
        {
            throw new ArgumentException($"The last training day {trainTo:yyyy-MM-dd} must precede the test day {testDay:yyyy-MM-dd}.", nameof(trainTo));
        }

        return new EvaluationScope(DateRange.Of(trainFrom, trainTo), DateRange.Of(testDay, testDay), RunSource.Maintenance, TrialKind.WalkForwardWindow);
    }
}
