using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Runs;

/// <summary>
/// What one replay or evaluation run was and what it measured, so that numbers from different sources are never
/// pooled by accident (the reason promotion gates filter on <see cref="RunSource"/> and <see cref="ScoreSource"/>).
/// The data range is split into the <see cref="InSample"/> days (fitting, warm-up: never measured) and the
/// <see cref="OutOfSample"/> days the <see cref="Metrics"/> were computed on; <see cref="OutOfSampleDays"/> are the
/// session dates with a mark in that range, which promotion gates count once however many runs share them.
/// </summary>
/// <param name="RunId">Identifier of this run: derived from the lineage, source, data range and symbols, and, when the
/// run was given an execution id, from it too (each execution of the same replay then has an id of its own).</param>
/// <param name="LineageId">Identifier shared by runs of the same strategy configuration and code lineage: the first 16
/// hex characters of SHA-256 over (lineage name, configuration hash).</param>
/// <param name="RunSource">prod, maintenance, smoke or async_test.</param>
/// <param name="DataRegime">prod_live, maintenance_replay or mixed.</param>
/// <param name="ScoreSource">model, heuristic or synthetic.</param>
/// <param name="SharpeMethod">The Sharpe method the run's headline figure and the gates use (<c>daily_agg</c>).</param>
/// <param name="DataFrom">First day of the data, inclusive.</param>
/// <param name="DataTo">Last day of the data, inclusive.</param>
/// <param name="Symbols">Instruments, in order.</param>
/// <param name="ConfigurationHash">SHA-256 of the run's configuration (<see cref="Runs.ConfigurationHash"/>): the
/// strategy and what changes its orders, not the data range.</param>
/// <param name="Completed">True when the run finished without a failed source.</param>
/// <param name="Metrics">The run's out-of-sample metrics (session days of <see cref="OutOfSample"/> only).</param>
/// <param name="InSample">Days replayed to fit or warm up and not measured; null when none.</param>
/// <param name="OutOfSample">Days the metrics cover; null when the run has none (e.g. a one-day replay that only fits).</param>
public sealed record RunRecord(
    string RunId,
    string LineageId,
    RunSource RunSource,
    DataRegime DataRegime,
    ScoreSource ScoreSource,
    string SharpeMethod,
    DateOnly DataFrom,
    DateOnly DataTo,
    string[] Symbols,
    string ConfigurationHash,
    bool Completed,
    PerformanceReport Metrics,
    DateRange? InSample,
    DateRange? OutOfSample)
{
    /// <summary>The session dates with at least one mark in <see cref="OutOfSample"/> (the metrics' days), ascending.</summary>
    public DateOnly[] OutOfSampleDays => Metrics.Days;

    /// <summary>The trading calendar of the session dates (<see cref="PerformanceReport.Calendar"/>).</summary>
    public string Calendar => Metrics.Calendar;

    /// <summary>Builds a record whose identifiers are derived from its content (same inputs, same ids).</summary>
    /// <param name="lineageName">Name of the strategy lineage, e.g. <c>ridge-baseline</c>.</param>
    /// <param name="runSource">Where the run came from.</param>
    /// <param name="dataRegime">Which data it saw.</param>
    /// <param name="scoreSource">What produced its scores.</param>
    /// <param name="dataFrom">First day of data.</param>
    /// <param name="dataTo">Last day of data (≥ <paramref name="dataFrom"/>).</param>
    /// <param name="symbols">Instruments.</param>
    /// <param name="configurationHash">Hash of the configuration.</param>
    /// <param name="completed">Whether it finished cleanly.</param>
    /// <param name="metrics">Its out-of-sample metrics.</param>
    /// <param name="inSample">In-sample days (null: none).</param>
    /// <param name="outOfSample">Out-of-sample days (null: the whole data range, or none when
    /// <paramref name="inSample"/> is the whole data range).</param>
    /// <param name="executionId">Identifies this execution (e.g. a time-ordered GUID), so that two executions of the same
    /// configuration and data get different run ids; null for an id derived from the content alone.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="dataTo"/> precedes <paramref name="dataFrom"/>; a text is
    /// empty; a range leaves the data range; the two ranges overlap; or the metrics hold a day outside the
    /// out-of-sample range (in-sample days must not be measured).</exception>
    public static RunRecord Create(
        string lineageName, RunSource runSource, DataRegime dataRegime, ScoreSource scoreSource, DateOnly dataFrom, DateOnly dataTo,
        IEnumerable<string> symbols, string configurationHash, bool completed, PerformanceReport metrics, DateRange? inSample = null, DateRange? outOfSample = null,
        string? executionId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineageName);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationHash);
        ArgumentNullException.ThrowIfNull(metrics);
        var data = DateRange.Of(dataFrom, dataTo);
        var oos = outOfSample ?? (inSample == data ? null : data);
        foreach (var (name, range) in new[] { (nameof(inSample), inSample), (nameof(outOfSample), oos) })
        {
            if (range is { } r && (!data.Contains(r.From) || !data.Contains(r.To)))
            {
                throw new ArgumentException($"{name} {r} leaves the data range {data}.", name);
            }
        }

        if (inSample is { } ins && oos is { } o && ins.Overlaps(o))
        {
            throw new ArgumentException($"inSample {ins} overlaps outOfSample {o}: a day is either fitted on or measured, not both.", nameof(inSample));
        }

        foreach (var day in metrics.Days)
        {
            if (oos is not { } measured || !measured.Contains(day))
            {
                throw new ArgumentException($"The metrics hold session day {day:yyyy-MM-dd} outside the out-of-sample range ({oos?.ToString() ?? "none"}): compute them on out-of-sample days only.", nameof(metrics));
            }
        }

        var list = symbols.ToArray();
        var lineage = Runs.ConfigurationHash.OfText($"{lineageName}\n{configurationHash}")[..16];
        var runId = Runs.ConfigurationHash.OfText($"{lineage}\n{runSource}\n{dataFrom:yyyy-MM-dd}\n{dataTo:yyyy-MM-dd}\n{string.Join(',', list)}{(executionId is null ? string.Empty : "\n" + executionId)}")[..16];
        return new RunRecord(runId, lineage, runSource, dataRegime, scoreSource, SharpeRatios.DailyAgg, dataFrom, dataTo, list, configurationHash, completed, metrics, inSample, oos);
    }
}
