using System.Globalization;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Trials;

/// <summary>
/// One trial that could have been selected: its configuration, the family it competes in, and its out-of-sample
/// Sharpe series (session-day returns, the input of <c>daily_agg</c>) with the per-period Sharpe estimate. Trials of
/// one <see cref="Family"/> are the N of the deflated Sharpe ratio (Bailey &amp; López de Prado 2014).
/// </summary>
/// <param name="TrialId">Deterministic id: the first 16 hex characters of SHA-256 over (family, configuration hash,
/// kind, run source, out-of-sample range); recording the same trial again replaces it.</param>
/// <param name="Family">What the trial competes in, e.g. <c>ridge-baseline/AIG,BAC,IBM/us_equity</c> (lineage, universe, calendar).</param>
/// <param name="ConfigurationHash">SHA-256 of the configuration (<see cref="Runs.ConfigurationHash"/>); trials with the
/// same hash are one configuration.</param>
/// <param name="Kind">What produced it.</param>
/// <param name="RunSource">Where the run came from (a trial is recorded whatever its source: smoke and maintenance runs
/// are trials too, though they never promote).</param>
/// <param name="Calendar">The trading calendar of its session days (<see cref="TradingCalendar.Name"/>).</param>
/// <param name="OutOfSampleFrom">First out-of-sample session date (the range's start when it has no return).</param>
/// <param name="OutOfSampleTo">Last out-of-sample session date.</param>
/// <param name="Days">Session dates of the returns, ascending, shape (T).</param>
/// <param name="DailyReturns">Session-day simple returns, shape (T).</param>
/// <param name="SharpePerPeriod">mean / sd (N−1) of <paramref name="DailyReturns"/>, per day, not annualised; null
/// with fewer than two returns or zero variance.</param>
public sealed record TrialRecord(
    string TrialId,
    string Family,
    string ConfigurationHash,
    TrialKind Kind,
    RunSource RunSource,
    string Calendar,
    DateOnly OutOfSampleFrom,
    DateOnly OutOfSampleTo,
    DateOnly[] Days,
    double[] DailyReturns,
    double? SharpePerPeriod)
{
    /// <summary>Observations behind <see cref="SharpePerPeriod"/> (T).</summary>
    public int Observations => DailyReturns.Length;

    /// <summary>A trial from a run's out-of-sample report.</summary>
    /// <param name="family">The family (non-empty).</param>
    /// <param name="configurationHash">The configuration's hash (non-empty).</param>
    /// <param name="kind">What produced it.</param>
    /// <param name="runSource">Its run source.</param>
    /// <param name="outOfSampleFrom">First out-of-sample date.</param>
    /// <param name="outOfSampleTo">Last out-of-sample date (≥ <paramref name="outOfSampleFrom"/>).</param>
    /// <param name="report">The out-of-sample report (its <see cref="PerformanceReport.Days"/> and
    /// <see cref="PerformanceReport.DailyReturns"/> are the series).</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">A text is empty or the range is reversed.</exception>
    public static TrialRecord FromReport(string family, string configurationHash, TrialKind kind, RunSource runSource, DateOnly outOfSampleFrom, DateOnly outOfSampleTo, PerformanceReport report)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationHash);
        ArgumentNullException.ThrowIfNull(report);
        if (outOfSampleTo < outOfSampleFrom)
        {
            throw new ArgumentException($"outOfSampleTo {outOfSampleTo:yyyy-MM-dd} precedes outOfSampleFrom {outOfSampleFrom:yyyy-MM-dd}.", nameof(outOfSampleTo));
        }

        var id = Runs.ConfigurationHash.OfText(string.Create(
            CultureInfo.InvariantCulture,
            $"{family}\n{configurationHash}\n{kind}\n{runSource}\n{outOfSampleFrom:yyyy-MM-dd}\n{outOfSampleTo:yyyy-MM-dd}"))[..16];
        return new TrialRecord(id, family, configurationHash, kind, runSource, report.Calendar, outOfSampleFrom, outOfSampleTo, report.Days, report.DailyReturns, report.DailySharpePerPeriod());
    }

    /// <summary>The family of a grid strategy: <c>{lineage}/{symbols in ordinal order, comma-separated}/{calendar}</c>.</summary>
    /// <param name="lineageName">e.g. <c>ridge-baseline</c>.</param>
    /// <param name="symbols">The universe.</param>
    /// <param name="calendar">The calendar.</param>
    /// <returns>e.g. <c>ridge-baseline/AIG,BAC,IBM/us_equity</c>.</returns>
    public static string FamilyOf(string lineageName, IEnumerable<string> symbols, TradingCalendar calendar)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineageName);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(calendar);
        return $"{lineageName}/{string.Join(',', symbols.Order(StringComparer.Ordinal))}/{calendar.Name}";
    }
}
