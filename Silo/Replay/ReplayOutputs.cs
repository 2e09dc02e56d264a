using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Numerics.Statistics;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Silo.Replay;

/// <summary>
/// Writes a replay's outputs: <c>orders.csv</c> (the order log), <c>fills.csv</c> and <c>summary.json</c>, which
/// holds the SHA-256 of <c>orders.csv</c> — the same data, settings and code give the same hash.
/// </summary>
public static class ReplayOutputs
{
    /// <summary>Sessions per year for minute returns: 252 trading days × 390 regular-session minutes.</summary>
    public const double MinutesPerYear = 252.0 * 390.0;

    /// <summary>Writes the three files into <paramref name="folder"/> (created if missing) and returns the summary.</summary>
    public static ReplaySummary Write(ReplayResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var ordersCsv = OrdersCsv(result.Record.Orders);
        var ordersBytes = Encoding.UTF8.GetBytes(ordersCsv);
        File.WriteAllBytes(Path.Combine(folder, "orders.csv"), ordersBytes);
        File.WriteAllText(Path.Combine(folder, "fills.csv"), FillsCsv(result));
        var summary = Summarise(result, Convert.ToHexStringLower(SHA256.HashData(ordersBytes)), Path.GetFullPath(folder));
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

    private static ReplaySummary Summarise(ReplayResult result, string hash, string folder)
    {
        var curve = result.Record.EquityCurve;
        var minuteReturns = new List<double>(curve.Length);
        for (var i = 1; i < curve.Length; i++)
        {
            if (curve[i - 1].Equity != 0)
            {
                minuteReturns.Add((double)((curve[i].Equity / curve[i - 1].Equity) - 1m));
            }
        }

        var exchange = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var daily = curve.GroupBy(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(p.Time.ToDateTime(), exchange))).Select(g => g.Last().Equity).ToList();
        var dailyReturns = new List<double>();
        var previous = result.Portfolio.InitialCash;
        foreach (var close in daily)
        {
            dailyReturns.Add((double)((close / previous) - 1m));
            previous = close;
        }

        var q = result.Quality;
        return new ReplaySummary(
            RunSource: "smoke",
            DataRegime: "maintenance_replay",
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
            SharpeStepRaw: SharpeRatio.Compute("step_raw", minuteReturns.ToArray(), MinutesPerYear),
            SharpeDailyAgg: SharpeRatio.Compute("daily_agg", dailyReturns.ToArray(), 252));
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
    SharpeRatio SharpeStepRaw,
    SharpeRatio SharpeDailyAgg);

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
