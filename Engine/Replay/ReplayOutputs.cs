using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Engine.Replay;

/// <summary>
/// Writes a replay's outputs: <c>orders.csv</c> (the order log), <c>fills.csv</c> and <c>summary.json</c>, which
/// holds the SHA-256 of <c>orders.csv</c> — the same data, settings and code give the same hash — the Research
/// metrics of the equity curve, each with its method (<see cref="PerformanceReport"/>), and the run record
/// (<c>run_source</c> smoke, <c>data_regime</c> maintenance_replay: a replay never counts as a prod run).
/// </summary>
public static class ReplayOutputs
{
    /// <summary>Sessions per year for minute returns: 252 trading days × 390 regular-session minutes.</summary>
    public const double MinutesPerYear = 252.0 * 390.0;

    /// <summary>The lineage name of the current strategy (ridge baseline forecaster, regime and judge gates, Kelly sizing).</summary>
    public const string LineageName = "ridge-baseline";

    /// <summary>Writes the three files into <paramref name="folder"/> (created if missing) and returns the summary.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="folder">Output folder.</param>
    /// <param name="strategy">The strategy configuration, hashed into the run record with the replay settings (null: replay settings only).</param>
    /// <param name="runSource">The run record's source: <see cref="RunSource.Smoke"/> for the replay command,
    /// <see cref="RunSource.Maintenance"/> for research evaluations.</param>
    public static ReplaySummary Write(ReplayResult result, string folder, object? strategy = null, RunSource runSource = RunSource.Smoke)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var ordersCsv = OrdersCsv(result.Record.Orders);
        var ordersBytes = Encoding.UTF8.GetBytes(ordersCsv);
        File.WriteAllBytes(Path.Combine(folder, "orders.csv"), ordersBytes);
        File.WriteAllText(Path.Combine(folder, "fills.csv"), FillsCsv(result));
        var summary = Summarise(result, Convert.ToHexStringLower(SHA256.HashData(ordersBytes)), Path.GetFullPath(folder), strategy, runSource);
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

    /// <summary>The order log as CSV, one line per order in creation order (this is what the hash covers).</summary>
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

    private static string FillsCsv(ReplayResult result)
    {
        var csv = new StringBuilder("fill_id,cl_ord_id,time_utc,quote_time_utc,symbol,side,last_qty,last_px,fee\n");
        foreach (var f in result.Record.Fills)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.FillId},{f.ClOrdId},{f.Time},{f.QuoteTime},{f.Symbol},{f.Side},{f.LastQty},{f.LastPx},{f.Fee}\n");
        }

        return csv.ToString();
    }

    /// <summary>The Research metrics of a replay's equity curve: <c>step_raw</c> on one-minute marks annualised by
    /// √(252·390), daily metrics on UTC-day returns annualised by √252; turnover from the fills' notional.</summary>
    /// <param name="result">The replay's result.</param>
    /// <returns>The report (insufficient_observation below 20 days).</returns>
    public static PerformanceReport Metrics(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var curve = result.Record.EquityCurve.Where(p => p.Equity > 0).ToArray();
        var times = curve.Select(p => p.Time.Value).ToArray();
        var equity = curve.Select(p => (double)p.Equity).ToArray();
        var notional = result.Record.Fills.Sum(f => Math.Abs(f.LastQty.ToDouble() * f.LastPx.ToDouble()));
        return PerformanceReport.Compute(times, equity, (double)result.Portfolio.InitialCash, notional, new MetricOptions { DaysPerYear = 252, StepsPerYear = MinutesPerYear });
    }

    /// <summary>The run record of a replay (score source: the fitted ridge model).</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="metrics">Its metrics.</param>
    /// <param name="strategy">The strategy configuration or null.</param>
    /// <param name="runSource">Smoke (replay command) or maintenance (research command).</param>
    /// <returns>The record; data_regime is always maintenance_replay.</returns>
    public static RunRecord RunRecordOf(ReplayResult result, PerformanceReport metrics, object? strategy, RunSource runSource)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Settings;
        var configuration = new
        {
            s.Symbols,
            From = s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            s.Account,
            s.BatchSize,
            Strategy = strategy,
        };
        return RunRecord.Create(
            LineageName, runSource, DataRegime.MaintenanceReplay, ScoreSource.Model, s.From, s.To, s.Symbols, ConfigurationHash.Of(configuration), result.Quality.Failures.Count == 0, metrics);
    }

    /// <summary>The console lines of the metrics and the run record, e.g.
    /// <c>sharpe 1.234 (step_raw, n=1170, annualised by √98280)</c> and
    /// <c>run record: run_source=smoke data_regime=maintenance_replay score_source=model ...</c>.</summary>
    /// <param name="summary">A written summary.</param>
    /// <returns>One line per metric, then the run record.</returns>
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
            $"run record: run_source={Snake(r.RunSource)} data_regime={Snake(r.DataRegime)} score_source={Snake(r.ScoreSource)} sharpe_method={r.SharpeMethod} data={r.DataFrom:yyyy-MM-dd}..{r.DataTo:yyyy-MM-dd} config_sha256={r.ConfigurationHash[..12]} lineage={r.LineageId} run={r.RunId}");
    }

    private static string Snake<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static ReplaySummary Summarise(ReplayResult result, string hash, string folder, object? strategy, RunSource runSource)
    {
        var metrics = Metrics(result);
        var run = RunRecordOf(result, metrics, strategy, runSource);
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
                    s.ModelVersion);
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
            RunRecord: run);
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
    RunRecord RunRecord);

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
    string ModelVersion);
