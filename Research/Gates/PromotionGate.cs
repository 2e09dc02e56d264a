using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Gates;

/// <summary>
/// Decides whether a model may be promoted from its run records. Runs are sorted first: only <c>prod</c> runs can be
/// eligible; <c>maintenance</c>, <c>smoke</c> and <c>async_test</c> runs are monitor-only and go to the report's
/// monitoring section whatever the options; prod runs are then filtered by score source and data regime
/// (<see cref="PromotionGateOptions"/>). Gates run in a fixed order: completed runs, observation days (distinct
/// out-of-sample session dates over the runs: a day two runs share counts once, in-sample days never count), and per
/// run the daily Sharpe, Sortino, profit factor and maximum drawdown. A metric without a value
/// (<c>insufficient_observation</c>, <c>undefined</c>) fails its gate with that status as the reason.
/// </summary>
public sealed class PromotionGate
{
    private readonly PromotionGateOptions _options;

    /// <summary>Creates the gate.</summary>
    /// <param name="options">Thresholds and eligibility; defaults when null.</param>
    public PromotionGate(PromotionGateOptions? options = null) => _options = options ?? new PromotionGateOptions();

    /// <summary>Evaluates every gate.</summary>
    /// <param name="runs">All run records of the candidate (any source: the filter is part of the gate).</param>
    /// <returns>The report, naming each failed gate and why.</returns>
    public GateReport Evaluate(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var eligible = new List<RunRecord>();
        var excluded = new List<string>();
        var monitoring = new List<MonitoredRun>();
        foreach (var run in runs)
        {
            if (run.RunSource != RunSource.Prod)
            {
                monitoring.Add(MonitoredRun.Of(run));
                continue;
            }

            var why = Exclusion(run);
            if (why is null)
            {
                eligible.Add(run);
            }
            else
            {
                excluded.Add($"run {run.RunId}: {why}");
            }
        }

        var completed = eligible.Where(r => r.Completed).ToList();
        var gates = new List<GateResult>
        {
            new("min_completed_runs", completed.Count >= _options.MinCompletedRuns,
                Inv($"{completed.Count} completed eligible runs ({Filter()}), need ≥ {_options.MinCompletedRuns}")),
        };
        var days = completed.SelectMany(r => r.OutOfSampleDays).Distinct().Count();
        var calendars = string.Join(", ", completed.Select(r => r.Calendar).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        gates.Add(new(
            "min_observation_days",
            days >= _options.MinObservationDays,
            Inv($"{days} distinct out-of-sample days{(calendars.Length > 0 ? $" ({calendars} session dates)" : string.Empty)} over {completed.Count} completed eligible runs, need ≥ {_options.MinObservationDays}")));
        gates.Add(PerRun("min_sharpe_daily", completed, r => r.Metrics.SharpeDailyAgg, v => v >= _options.MinSharpeDaily, Inv($"≥ {_options.MinSharpeDaily:0.00}")));
        gates.Add(PerRun("min_sortino", completed, r => r.Metrics.Sortino, v => v >= _options.MinSortino, Inv($"≥ {_options.MinSortino:0.00}")));
        gates.Add(PerRun("min_profit_factor", completed, r => r.Metrics.ProfitFactor, v => v >= _options.MinProfitFactor, Inv($"≥ {_options.MinProfitFactor:0.00}")));
        gates.Add(PerRun("max_drawdown", completed, r => r.Metrics.MaxDrawdown, v => v <= _options.MaxDrawdown, Inv($"≤ {_options.MaxDrawdown:0.###}")));
        return new GateReport(gates.All(g => g.Passed), gates.ToArray(), eligible.Select(r => r.RunId).ToArray(), excluded.ToArray(), monitoring.ToArray());
    }

    private static GateResult PerRun(string gate, List<RunRecord> runs, Func<RunRecord, Metric> metric, Func<double, bool> ok, string rule)
    {
        if (runs.Count == 0)
        {
            return new GateResult(gate, false, $"no completed eligible run to measure (need {rule})");
        }

        foreach (var run in runs)
        {
            var m = metric(run);
            if (m.Value is not { } v)
            {
                return new GateResult(gate, false, $"run {run.RunId}: {m.Name} is {Snake(m.Status.ToString())} ({m.Method}; {m.Note}), need {rule}");
            }

            if (!ok(v))
            {
                return new GateResult(gate, false, Inv($"run {run.RunId}: {m.Name} {v:0.####} ({m.Method}), need {rule}"));
            }
        }

        return new GateResult(gate, true, Inv($"all {runs.Count} runs {rule}"));
    }

    private string? Exclusion(RunRecord run)
    {
        if (!_options.ScoreSources.Contains(run.ScoreSource))
        {
            return $"score_source={Snake(run.ScoreSource.ToString())} not in {{{string.Join(", ", _options.ScoreSources.Select(s => Snake(s.ToString())))}}}";
        }

        if (!_options.DataRegimes.Contains(run.DataRegime))
        {
            return $"data_regime={Snake(run.DataRegime.ToString())} not in {{{string.Join(", ", _options.DataRegimes.Select(s => Snake(s.ToString())))}}}";
        }

        return null;
    }

    private string Filter() =>
        $"run_source prod, score_source in {{{string.Join(", ", _options.ScoreSources.Select(s => Snake(s.ToString())))}}}, data_regime in {{{string.Join(", ", _options.DataRegimes.Select(s => Snake(s.ToString())))}}}";

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
