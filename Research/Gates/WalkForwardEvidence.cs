using System.Globalization;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Research.Gates;

/// <summary>
/// The out-of-sample evidence of a retraining procedure gathered night after night: each nightly walk-forward is a
/// trial in the trial registry (<see cref="TrialRegistry"/>, kind <see cref="TrialKind.WalkForward"/>) whose
/// session-day returns were measured on held-back days by models trained only on the days before each of them
/// (AFML §11.2). One night alone holds back a few days, fewer than the gates' minimum observations; pooled over the
/// nights of one configuration they reach it. Pooling rule: for every session date that any selected trial measured,
/// the return of the latest recorded trial that measured it (a later night re-measures a day with a model trained on
/// the same days before it, under the same configuration); the newest <c>lookbackDays</c> dates are kept.
/// </summary>
/// <param name="Days">Pooled session dates, ascending, shape (T).</param>
/// <param name="DailyReturns">The pooled simple returns of those dates, shape (T).</param>
/// <param name="Nights">Trials (nightly walk-forwards) that contributed at least one kept date.</param>
/// <param name="Calendar">The calendar of the trials' session dates.</param>
public sealed record WalkForwardEvidence(DateOnly[] Days, double[] DailyReturns, int Nights, TradingCalendar Calendar)
{
    /// <summary>Pools the walk-forward trials of one configuration and run source.</summary>
    /// <param name="trials">A family's trials in recording order, oldest first (<see cref="TrialRegistry.Trials"/>).</param>
    /// <param name="configurationHash">The configuration whose trials are pooled (others are ignored).</param>
    /// <param name="runSource">The run source whose trials are pooled (prod evidence is never mixed with maintenance).</param>
    /// <param name="lookbackDays">How many of the newest pooled session dates to keep, ≥ 1.</param>
    /// <returns>The evidence; empty when no trial matches.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lookbackDays"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A trial's days and returns differ in length, or the matching trials use
    /// different calendars.</exception>
    public static WalkForwardEvidence Pool(IReadOnlyList<TrialRecord> trials, string configurationHash, RunSource runSource, int lookbackDays)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationHash);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookbackDays, 1);
        var latest = new SortedDictionary<DateOnly, (double Return, int Trial)>();
        string? calendar = null;
        for (var t = 0; t < trials.Count; t++)
        {
            var trial = trials[t];
            if (trial.Kind != TrialKind.WalkForward || trial.RunSource != runSource || !string.Equals(trial.ConfigurationHash, configurationHash, StringComparison.Ordinal))
            {
                continue;
            }

            if (trial.Days.Length != trial.DailyReturns.Length)
            {
                throw new ArgumentException($"trial {trial.TrialId}: {trial.Days.Length} days but {trial.DailyReturns.Length} returns.", nameof(trials));
            }

            if (calendar is not null && trial.Calendar != calendar && trial.Days.Length > 0)
            {
                throw new ArgumentException($"trial {trial.TrialId} uses calendar '{trial.Calendar}', earlier trials of the configuration '{calendar}'.", nameof(trials));
            }

            if (trial.Days.Length > 0)
            {
                calendar ??= trial.Calendar;
            }

            for (var i = 0; i < trial.Days.Length; i++)
            {
                latest[trial.Days[i]] = (trial.DailyReturns[i], t);
            }
        }

        var kept = latest.Skip(Math.Max(0, latest.Count - lookbackDays)).ToArray();
        return new WalkForwardEvidence(
            kept.Select(k => k.Key).ToArray(),
            kept.Select(k => k.Value.Return).ToArray(),
            kept.Select(k => k.Value.Trial).Distinct().Count(),
            calendar is null ? TradingCalendar.UsEquity : TradingCalendar.FromName(calendar));
    }

    /// <summary>The performance report of the pooled returns: an equity curve marked once per session date at the
    /// calendar's grid close (equity 1 before the first date, compounded by each return), so that
    /// <see cref="PerformanceReport.DailyReturns"/> equals <see cref="DailyReturns"/>; the maximum drawdown is therefore
    /// close to close. The deflated Sharpe uses <paramref name="trials"/>.</summary>
    /// <param name="trials">N and V[SR] of the trial family.</param>
    /// <param name="minimumObservations">Fewest session-day returns a daily metric needs (≥ 1).</param>
    /// <returns>The report (metrics <c>insufficient_observation</c> below the minimum).</returns>
    /// <exception cref="InvalidOperationException">A pooled return is ≤ −1 (the equity would not stay positive).</exception>
    public PerformanceReport Report(TrialStatistics trials, int minimumObservations)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var times = new long[Days.Length];
        var equity = new double[Days.Length];
        var level = 1.0;
        for (var i = 0; i < Days.Length; i++)
        {
            if (!(DailyReturns[i] > -1))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the pooled return of {Days[i]:yyyy-MM-dd} is {DailyReturns[i]}: a session-day return must be > −1."));
            }

            level *= 1 + DailyReturns[i];
            equity[i] = level;
            var close = Days[i].ToDateTime(Calendar.GridClose.AddMinutes(-1), DateTimeKind.Unspecified);
            times[i] = (TimeZoneInfo.ConvertTimeToUtc(close, Calendar.TimeZone) - DateTime.UnixEpoch).Ticks * 100;
        }

        return PerformanceReport.Compute(times, equity, 1.0, 0.0, new MetricOptions { Calendar = Calendar, MinimumObservations = minimumObservations, Trials = trials });
    }
}
