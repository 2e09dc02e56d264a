using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Replay;

/// <summary>What a replay's summary measures and records (issue 15): out-of-sample days only, on the US equity
/// calendar and minute grid, with a run record naming both ranges and a trial in the registry.</summary>
public sealed class ReplayOutputsTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-replay-outputs");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TheSummaryMeasuresOutOfSampleSessionDaysOnTheMinuteGridAndRecordsATrial()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = TestData.Require("lean"),
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-08",
            ["Replay:Symbols:0"] = "IBM",
        });
        TestData.Require("lean/equity/usa/tick/ibm");
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true });
        await runtime.StartAsync();
        ReplayResult result;
        try
        {
            result = await new ReplayJob(settings.Replay, runtime.Grains).RunAsync();
        }
        finally
        {
            await runtime.DisposeAsync();
        }

        using var registry = TrialRegistry.Open(Path.Combine(_folder.Path, "trials.sqlite"));
        var summary = ReplayOutputs.Write(result, Path.Combine(_folder.Path, "a"), settings.Strategy, trials: registry);

        // Day 1 only fits the model (in sample); day 2 is measured: one session day, 390 grid minutes.
        var run = summary.RunRecord;
        Assert.Equal(DateRange.Of(new(2013, 10, 7), new(2013, 10, 7)), run.InSample);
        Assert.Equal(DateRange.Of(new(2013, 10, 8), new(2013, 10, 8)), run.OutOfSample);
        Assert.Equal([new DateOnly(2013, 10, 8)], run.OutOfSampleDays);
        Assert.Equal(1.0, summary.Metrics.ObservationDays.Value);
        Assert.Equal(390, summary.Metrics.SharpeStepRaw.Observations);
        Assert.Equal(252.0 * 390, summary.Metrics.SharpeStepRaw.PeriodsPerYear);
        Assert.StartsWith("step_raw: 1-minute grid 09:30–16:00 America/New_York (390 points a session day)", summary.Metrics.SharpeStepRaw.Method, StringComparison.Ordinal);
        Assert.All(summary.Metrics.All(), m => Assert.Equal("us_equity", m.Calendar));

        // The backtest is a trial of its family; the same configuration again is the same trial, another is a second one.
        Assert.Equal("ridge-baseline/IBM/us_equity", summary.TrialFamily);
        Assert.Equal(1, summary.Trials.Trials);
        ReplayOutputs.Write(result, Path.Combine(_folder.Path, "b"), settings.Strategy, trials: registry);
        Assert.Equal(1, registry.Statistics(summary.TrialFamily).Trials);
        var other = ReplayOutputs.Write(result, Path.Combine(_folder.Path, "c"), new { settings.Strategy, Variant = "judge 0.5" }, trials: registry);
        Assert.Equal(2, other.Trials.Trials);
        Assert.Contains("N=2 trials in family ridge-baseline/IBM/us_equity", other.Metrics.DeflatedSharpe.Method, StringComparison.Ordinal);
        var trial = registry.Trials(summary.TrialFamily)[0];
        Assert.Equal((TrialKind.Backtest, RunSource.Smoke), (trial.Kind, trial.RunSource));
        Assert.Equal(summary.Metrics.DailyReturns, trial.DailyReturns);
        Assert.Contains(ReplayOutputs.MetricLines(other), l => l.StartsWith("trials: N=2 trials in family ridge-baseline/IBM/us_equity", StringComparison.Ordinal));
        Assert.Contains(ReplayOutputs.MetricLines(other), l => l.Contains("in_sample=2013-10-07..2013-10-07 out_of_sample=2013-10-08..2013-10-08 (1 session days)", StringComparison.Ordinal));
    }
}
