using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Gates;

/// <summary>
/// A monitor-only run (<c>maintenance</c>, <c>smoke</c>, <c>async_test</c>): reported beside the promotion decision with
/// its out-of-sample figures, never counted in it.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="RunSource">Its source (never prod).</param>
/// <param name="DataRegime">Its data regime.</param>
/// <param name="OutOfSample">The days its metrics cover, or null.</param>
/// <param name="OutOfSampleDays">Session dates with a mark in that range.</param>
/// <param name="SharpeDailyAgg">Its daily Sharpe (with status).</param>
/// <param name="SharpeStepRaw">Its one-minute grid Sharpe (with status).</param>
/// <param name="MaxDrawdown">Its maximum drawdown.</param>
public sealed record MonitoredRun(
    string RunId, RunSource RunSource, DataRegime DataRegime, DateRange? OutOfSample, int OutOfSampleDays, Metric SharpeDailyAgg, Metric SharpeStepRaw, Metric MaxDrawdown)
{
    /// <summary>The monitoring line of a run.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The line's content.</returns>
    public static MonitoredRun Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new MonitoredRun(run.RunId, run.RunSource, run.DataRegime, run.OutOfSample, run.OutOfSampleDays.Length, run.Metrics.SharpeDailyAgg, run.Metrics.SharpeStepRaw, run.Metrics.MaxDrawdown);
    }

    /// <summary>e.g. <c>run 5cf6… (maintenance, maintenance_replay) out-of-sample 2013-10-10..2013-10-10, 1 session day:
    /// sharpe daily_agg insufficient_observation (n=1 &lt; 20), sharpe step_raw 3.1 (n=390), max_drawdown 0.0012</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        static string Short(Metric m, string method) => m.Value is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"{m.Name} {method} {v:0.####} (n={m.Observations})")
            : $"{m.Name} {method} {m.StatusName} ({m.Note})";
        var snake = JsonNamingPolicy.SnakeCaseLower;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"run {RunId} ({snake.ConvertName(RunSource.ToString())}, {snake.ConvertName(DataRegime.ToString())}) out-of-sample {OutOfSample?.ToString() ?? "none"}, {OutOfSampleDays} session day{(OutOfSampleDays == 1 ? string.Empty : "s")}: {Short(SharpeDailyAgg, SharpeRatios.DailyAgg)}, {Short(SharpeStepRaw, SharpeRatios.StepRaw)}, {Short(MaxDrawdown, "marked")}");
    }
}
