using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Engine.Research;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Engine.Replay;

/// <summary>
/// Writes a replay's outputs: <c>orders.csv</c> (the order log), <c>fills.csv</c> and <c>summary.json</c>, which
/// holds the SHA-256 of the order log (<see cref="OrdersCsv"/>: <c>orders.csv</c> without its sizing audit columns)
/// — the same data, settings and code give the same hash — the Research
/// metrics of the out-of-sample part of the equity curve, each with its method, calendar, sample size and status
/// (<see cref="PerformanceReport"/>), the run record (<c>run_source</c> smoke, <c>data_regime</c> maintenance_replay: a
/// replay never counts as a prod run; in-sample and out-of-sample ranges named apart) and, with a trial registry, the
/// trials (N, V[SR]) its deflated Sharpe ratio was computed against.
/// </summary>
public static class ReplayOutputs
{
    /// <summary>The trading calendar of the replayed instruments (Lean <c>equity/usa</c>): US equities, New York session
    /// dates, 252 days a year, <c>step_raw</c> on the 09:30–16:00 minute grid.</summary>
    public static TradingCalendar Calendar => TradingCalendar.UsEquity;

    /// <summary>The lineage name of the current strategy (ridge baseline forecaster, regime and judge gates, Kelly sizing).</summary>
    public const string LineageName = "ridge-baseline";

    /// <summary>Writes the three files into <paramref name="folder"/> (created if missing) and returns the summary.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="folder">Output folder.</param>
    /// <param name="strategy">The strategy configuration, hashed with the symbols and batch size into the run record and
    /// the trial (<see cref="ConfigurationHashOf"/>; null: those alone).</param>
    /// <param name="scope">In-sample and out-of-sample days, run source and trial kind; null for the replay command's
    /// (<see cref="EvaluationScope.Replay"/>: first day in sample, smoke).</param>
    /// <param name="trials">The trial registry to record the run in and read its family's N and V[SR] from, for the
    /// deflated Sharpe ratio; null records nothing (the deflated Sharpe then says N=1, no registry).</param>
    public static ReplaySummary Write(ReplayResult result, string folder, object? strategy = null, EvaluationScope? scope = null, TrialRegistry? trials = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var ordersBytes = Encoding.UTF8.GetBytes(OrdersCsv(result.Record.Orders));
        File.WriteAllText(Path.Combine(folder, "orders.csv"), OrdersCsvWithAudit(result.Record.Orders));
        File.WriteAllText(Path.Combine(folder, "fills.csv"), FillsCsv(result));
        QuarantineOutput.Write(result.Quality, folder);
        var summary = Summarise(result, Convert.ToHexStringLower(SHA256.HashData(ordersBytes)), Path.GetFullPath(folder), strategy, scope ?? EvaluationScope.Replay(result.Settings), trials);
        File.WriteAllText(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(summary, JsonOptions));
        return summary;
    }

    /// <summary>The JSON options of <c>summary.json</c>.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The header of <c>orders.csv</c>: the order log's columns (<see cref="OrdersCsv"/>), then the sizing audit
    /// trail's (<see cref="OrdersCsvWithAudit"/>).</summary>
    public const string OrdersCsvHeader = "cl_ord_id,sent_time_utc,symbol,side,order_type,quantity,limit_price,time_in_force,origin,ord_status,cum_qty,avg_price,text,sizing_method,policy_position,signal_model_version";

    /// <summary>The order log as CSV, one line per order in creation order: the first 13 columns of <c>orders.csv</c>,
    /// without the audit columns. This is what the order-log hash covers (so a Kelly replay keeps the hash it had before
    /// the audit columns existed; the audit trail is a function of the same deterministic run).</summary>
    public static string OrdersCsv(IReadOnlyList<OrderRecord> orders)
    {
        var csv = new StringBuilder("cl_ord_id,sent_time_utc,symbol,side,order_type,quantity,limit_price,time_in_force,origin,ord_status,cum_qty,avg_price,text\n");
        foreach (var o in orders)
        {
            var r = o.Order;
            csv.Append(CultureInfo.InvariantCulture, $"{r.ClOrdId},{r.SentTime},{r.Symbol},{r.Side},{r.Type},{r.Quantity},{r.LimitPrice?.ToString() ?? string.Empty},{r.TimeInForce},{o.Origin},{o.Status},{o.CumQty},{o.AveragePrice.ToString("0.########", CultureInfo.InvariantCulture)},{Escape(o.Text)}\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// <c>orders.csv</c>: each line of <see cref="OrdersCsv"/> followed by the sizing audit trail (appended at the end
    /// of the row, so a reader of the first 13 columns keeps working): <c>sizing_method</c> (<c>kelly</c> or
    /// <c>policy@&lt;version&gt;</c>; empty for a manual order), <c>policy_position</c> (the policy's serving position
    /// p ∈ [−1, 1], round-trip "R" format; <c>NaN</c> for Kelly; empty for a manual order) and
    /// <c>signal_model_version</c> (the signal's forecasting model; empty for a manual order).
    /// </summary>
    public static string OrdersCsvWithAudit(IReadOnlyList<OrderRecord> orders)
    {
        var csv = new StringBuilder(OrdersCsvHeader).Append('\n');
        foreach (var o in orders)
        {
            var r = o.Order;
            var s = o.Sizing;
            csv.Append(CultureInfo.InvariantCulture, $"{r.ClOrdId},{r.SentTime},{r.Symbol},{r.Side},{r.Type},{r.Quantity},{r.LimitPrice?.ToString() ?? string.Empty},{r.TimeInForce},{o.Origin},{o.Status},{o.CumQty},{o.AveragePrice.ToString("0.########", CultureInfo.InvariantCulture)},{Escape(o.Text)},");
            csv.Append(CultureInfo.InvariantCulture, $"{Escape(s?.Method ?? string.Empty)},{s?.PolicyPosition.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty},{Escape(s?.SignalModelVersion ?? string.Empty)}\n");
        }

        return csv.ToString();
    }

    private static string FillsCsv(ReplayResult result)
    {
        var csv = new StringBuilder("fill_id,cl_ord_id,time_utc,quote_time_utc,symbol,side,last_qty,last_px,fee\n");
        foreach (var f in result.Record.Fills)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.FillId},{f.ClOrdId},{f.Time},{f.QuoteTime},{f.Symbol},{f.Side},{f.LastQty},{f.LastPx},{f.Fee}\n");
        }

        return csv.ToString();
    }

    /// <summary>The Research metrics of a replay's out-of-sample days: the marks whose New York session date is in
    /// <paramref name="outOfSample"/>, against the equity before them; <c>step_raw</c> on the regular-session minute
    /// grid annualised by √(252·390), daily metrics on session-day returns annualised by √252; turnover from the
    /// notional of the out-of-sample fills.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="outOfSample">The measured days; null gives the report of no mark (every metric insufficient).</param>
    /// <returns>The report (insufficient_observation below 20 days; deflated Sharpe with N=1 until
    /// <see cref="PerformanceReport.WithTrials"/>).</returns>
    public static PerformanceReport Metrics(ReplayResult result, DateRange? outOfSample)
    {
        ArgumentNullException.ThrowIfNull(result);
        var options = new MetricOptions { Calendar = Calendar };
        if (outOfSample is not { } range)
        {
            return PerformanceReport.Compute([], [], (double)result.Portfolio.InitialCash, 0, options);
        }

        var (times, equity, before) = result.EquityCurveIn(range, Calendar);
        return PerformanceReport.Compute(times, equity, before, result.TradedNotionalIn(range, Calendar), options);
    }

    /// <summary>The configuration a replay's run record and trial are keyed by: the strategy, the symbols (ordinal
    /// order) and the batch size (fills reach the portfolio at batch ends, so it can change orders) — not the data
    /// range or the account's name, so every window and backtest of one configuration shares its lineage and counts as
    /// one trial.</summary>
    /// <param name="settings">The replay's settings.</param>
    /// <param name="strategy">The strategy configuration or null.</param>
    /// <returns>SHA-256, 64 lowercase hex characters.</returns>
    public static string ConfigurationHashOf(ReplaySettings settings, object? strategy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ConfigurationHash.Of(new { Symbols = settings.Symbols.Order(StringComparer.Ordinal).ToArray(), settings.BatchSize, Strategy = strategy });
    }

    /// <summary>The lineage of a strategy configuration: its <see cref="IStrategyLineage.Lineage"/>, else
    /// <see cref="LineageName"/>.</summary>
    /// <param name="strategy">The strategy configuration or null.</param>
    /// <returns>The lineage name.</returns>
    public static string LineageOf(object? strategy) => strategy is IStrategyLineage l ? l.Lineage : LineageName;

    /// <summary>The trial family of a replay: <c>{lineage}/{symbols}/us_equity</c>, e.g. <c>ridge-baseline/AIG,BAC,IBM/us_equity</c>.</summary>
    /// <param name="settings">The replay's settings.</param>
    /// <param name="strategy">The strategy configuration (its lineage) or null for the ridge baseline.</param>
    /// <returns>The family.</returns>
    public static string FamilyOf(ReplaySettings settings, object? strategy = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return TrialRecord.FamilyOf(LineageOf(strategy), settings.Symbols, Calendar);
    }

    /// <summary>The run record of a replay (score source: the fitted ridge model).</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="metrics">Its out-of-sample metrics.</param>
    /// <param name="strategy">The strategy configuration or null.</param>
    /// <param name="scope">Its in-sample and out-of-sample days and run source.</param>
    /// <returns>The record; data_regime is always maintenance_replay.</returns>
    public static RunRecord RunRecordOf(ReplayResult result, PerformanceReport metrics, object? strategy, EvaluationScope scope)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scope);
        var s = result.Settings;
        return RunRecord.Create(
            LineageOf(strategy), scope.RunSource, DataRegime.MaintenanceReplay, ScoreSource.Model, s.From, s.To, s.Symbols, ConfigurationHashOf(s, strategy),
            result.Quality.Failures.Count == 0, metrics, scope.InSample, scope.OutOfSample, result.ExecutionId);
    }

    /// <summary>The console lines of the metrics, the run record and the trials, e.g.
    /// <c>metric sharpe 1.234 (step_raw: 1-minute grid …; calendar us_equity; n=1170; annualised by √98280; status ok)</c>,
    /// <c>run record: run_source=smoke … in_sample=2013-10-07..2013-10-07 out_of_sample=2013-10-08..2013-10-10 …</c> and
    /// <c>trials: N=1 trial in family … (registry …)</c>.</summary>
    /// <param name="summary">A written summary.</param>
    /// <returns>One line per metric, then the run record and the trials.</returns>
    public static IEnumerable<string> MetricLines(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var metric in summary.Metrics.All())
        {
            yield return "metric " + metric;
        }

        var r = summary.RunRecord;
        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"run record: run_source={Snake(r.RunSource)} data_regime={Snake(r.DataRegime)} score_source={Snake(r.ScoreSource)} sharpe_method={r.SharpeMethod} calendar={r.Calendar} data={r.DataFrom:yyyy-MM-dd}..{r.DataTo:yyyy-MM-dd} in_sample={r.InSample?.ToString() ?? "none"} out_of_sample={r.OutOfSample?.ToString() ?? "none"} ({r.OutOfSampleDays.Length} session days) config_sha256={r.ConfigurationHash[..12]} lineage={r.LineageId} run={r.RunId}");
        if (summary.ResumedAfterEvents > 0)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"resumed: this run carried on an interrupted run of the same replay after {summary.ResumedAfterEvents:N0} events (market time {summary.ResumedAtMarketTime:O}); orders, fills and the equity curve before that were recovered from the account's journal, so the metrics cover the whole replay");
        }

        yield return summary.TrialRegistry is { } path
            ? $"trials: {summary.Trials} (registry {path})"
            : $"trials: {summary.Trials} (no trial registry given)";
    }

    private static string Snake<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static ReplaySummary Summarise(ReplayResult result, string hash, string folder, object? strategy, EvaluationScope scope, TrialRegistry? registry)
    {
        var metrics = Metrics(result, scope.OutOfSample);
        var family = FamilyOf(result.Settings, strategy);
        var trials = TrialStatistics.Untracked;
        if (registry is not null && scope.OutOfSample is { } oos)
        {
            registry.Record(TrialRecord.FromReport(family, ConfigurationHashOf(result.Settings, strategy), scope.Kind, scope.RunSource, oos.From, oos.To, metrics));
            trials = registry.Statistics(family);
            metrics = metrics.WithTrials(trials);
        }

        var run = RunRecordOf(result, metrics, strategy, scope);
        var q = result.Quality;
        return new ReplaySummary(
            RunSource: JsonNamingPolicy.SnakeCaseLower.ConvertName(run.RunSource.ToString()),
            DataRegime: JsonNamingPolicy.SnakeCaseLower.ConvertName(run.DataRegime.ToString()),
            DataFolder: Path.GetFullPath(result.Settings.DataFolder),
            From: result.Settings.From,
            To: result.Settings.To,
            Account: result.Settings.Account,
            OutputFolder: folder,
            OrderLogSha256: hash,
            RecordsRead: q.RecordsInspected,
            EventsDelivered: result.EventsDelivered,
            ElapsedSeconds: result.Elapsed.TotalSeconds,
            Quarantined: q.Counts.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            SourceFailures: q.Failures.Select(f => $"{f.Symbol}: {f.Message}").ToArray(),
            MissingFiles: q.MissingFiles.ToArray(),
            Symbols: result.Symbols.Select(s =>
            {
                var counts = q.BySymbol.TryGetValue(s.Symbol, out var c) ? c : null;
                return new SymbolSummary(
                    s.Symbol.Ticker,
                    counts?.RecordsInspected ?? 0,
                    counts?.Counts.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value) ?? [],
                    s.Quotes,
                    s.Candidates,
                    s.RegimeBlocked,
                    s.JudgeBlocked,
                    s.Signals,
                    result.OrdersOf(s.Symbol),
                    result.FillsOf(s.Symbol),
                    result.PnlOf(s.Symbol),
                    s.ModelVersion)
                {
                    StudentForecasts = s.StudentForecasts,
                    FallbackWarming = s.FallbackWarming,
                    FallbackNonFinite = s.FallbackNonFinite,
                    AdaptationRuns = s.AdaptationRuns,
                    AdaptationSwaps = s.AdaptationSwaps,
                    AdaptationFailures = s.AdaptationFailures,
                    StudentLatencyP50Microseconds = s.StudentLatencyP50Microseconds,
                    StudentLatencyP99Microseconds = s.StudentLatencyP99Microseconds,
                    StudentTimeShare = s.StudentTimeShare,
                };
            }).ToArray(),
            InitialCash: result.Portfolio.InitialCash,
            FinalEquity: result.Portfolio.Equity,
            RealizedPnl: result.Portfolio.RealizedPnl,
            UnrealizedPnl: result.Portfolio.UnrealizedPnl,
            Fees: result.Portfolio.Fees,
            NetPnl: result.Portfolio.Equity - result.Portfolio.InitialCash,
            Reconciled: result.Portfolio.Reconciled,
            SharpeStepRaw: metrics.SharpeStepRaw,
            SharpeDailyAgg: metrics.SharpeDailyAgg,
            Metrics: metrics,
            RunRecord: run,
            TrialFamily: family,
            Trials: trials,
            TrialRegistry: registry?.Path)
        {
            ResumedAfterEvents = result.ResumedAfterEvents,
            ResumedAtMarketTime = result.ResumedAtMarketTime?.ToDateTime(),
        };
    }

    private static string Escape(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
}

/// <summary>The content of <c>summary.json</c>. Money in USD; times UTC.</summary>
public sealed record ReplaySummary(
    string RunSource,
    string DataRegime,
    string DataFolder,
    DateOnly From,
    DateOnly To,
    string Account,
    string OutputFolder,
    string OrderLogSha256,
    long RecordsRead,
    long EventsDelivered,
    double ElapsedSeconds,
    Dictionary<string, long> Quarantined,
    string[] SourceFailures,
    string[] MissingFiles,
    SymbolSummary[] Symbols,
    decimal InitialCash,
    decimal FinalEquity,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    decimal NetPnl,
    bool Reconciled,
    Metric SharpeStepRaw,
    Metric SharpeDailyAgg,
    PerformanceReport Metrics,
    RunRecord RunRecord,
    string TrialFamily,
    TrialStatistics Trials,
    string? TrialRegistry)
{
    /// <summary>Events an interrupted run had processed before this run resumed it from the journal; 0 for a run from
    /// the start (whose metrics then are this run's alone).</summary>
    public long ResumedAfterEvents { get; init; }

    /// <summary>Market time the interrupted run had reached, UTC; null for a run from the start.</summary>
    public DateTime? ResumedAtMarketTime { get; init; }
}

/// <summary>One symbol's line of the summary.</summary>
public sealed record SymbolSummary(
    string Symbol,
    long RecordsRead,
    Dictionary<string, long> Quarantined,
    long NbboUpdates,
    long Candidates,
    long RegimeBlocked,
    long JudgeBlocked,
    long Signals,
    int Orders,
    int Fills,
    decimal NetPnl,
    string ModelVersion)
{
    /// <summary>Candidates the distilled student forecast (absent from the JSON without a student).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StudentForecasts { get; init; }

    /// <summary>Decision points where the ridge baseline stood in because the student's window was still warming.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long FallbackWarming { get; init; }

    /// <summary>Decision points where the ridge baseline stood in because the student's forecast was not finite.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long FallbackNonFinite { get; init; }

    /// <summary>Daytime SimTS adaptation runs started (absent from the JSON without adaptation).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long AdaptationRuns { get; init; }

    /// <summary>Adaptation runs whose weights were swapped in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long AdaptationSwaps { get; init; }

    /// <summary>Adaptation runs that failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long AdaptationFailures { get; init; }

    /// <summary>Median student forecast call in the grain, µs (absent without a student).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double StudentLatencyP50Microseconds { get; init; }

    /// <summary>99th percentile student forecast call in the grain, µs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double StudentLatencyP99Microseconds { get; init; }

    /// <summary>Share of the grain's <c>OnMarketData</c> wall time spent in the student's forecast calls, [0, 1].</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double StudentTimeShare { get; init; }

    /// <summary>The model column of the console table: the version, and with a student its forecasts, fallbacks,
    /// in-grain inference latency (p50, p99, share of grid time) and adaptation counts.</summary>
    [JsonIgnore]
    public string ModelDescription => Grains.Interfaces.Messages.SymbolStatus.DescribeModel(ModelVersion, StudentForecasts, FallbackWarming, FallbackNonFinite, AdaptationRuns, AdaptationSwaps, AdaptationFailures, StudentLatencyP50Microseconds, StudentLatencyP99Microseconds, StudentTimeShare);
}
