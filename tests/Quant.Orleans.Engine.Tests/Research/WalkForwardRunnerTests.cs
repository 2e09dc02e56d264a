using Quant.Orleans.Engine.Research;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Research;

/// <summary>A walk-forward over real IBM ticks (2013-10-07..09: two windows) through fresh private silos.</summary>
public sealed class WalkForwardRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-walk-forward");

    public void Dispose() => _folder.Dispose();

    /// <summary>Issue 15, items 2, 4 and 6: each window's run record names its in-sample (training) and out-of-sample
    /// (test) day apart and measures the test day only; the gates count two distinct out-of-sample days for two
    /// windows (the windows' [d−1, d] ranges used to be summed); windows and the evaluation are trials of one
    /// configuration; maintenance windows are monitor-only.</summary>
    [Fact]
    public async Task WindowsMeasureTheirTestDayAndTheGatesCountDistinctOutOfSampleDays()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = TestData.Require("lean"),
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-09",
            ["Replay:Symbols:0"] = "IBM",
            ["Replay:Output"] = _folder.Path,
        });
        TestData.Require("lean/equity/usa/tick/ibm");
        using var registry = TrialRegistry.Open(Path.Combine(_folder.Path, "trials.sqlite"));
        var walk = await WalkForwardRunner.RunAsync(
            settings.Replay, 1, ct => GridHost.StartPrivateAsync(settings, new GridSiloOptions { MemoryStorage = true }, ct), settings.Strategy, registry, null, CancellationToken.None);

        var runs = walk.Windows.Select(w => w.Summary.RunRecord).ToArray();
        Assert.Equal(2, runs.Length);
        for (var i = 0; i < runs.Length; i++)
        {
            var test = new DateOnly(2013, 10, 8 + i);
            Assert.Equal(DateRange.Of(test.AddDays(-1), test.AddDays(-1)), runs[i].InSample);
            Assert.Equal(DateRange.Of(test, test), runs[i].OutOfSample);
            Assert.Equal([test], runs[i].OutOfSampleDays);
            Assert.Equal(RunSource.Maintenance, runs[i].RunSource);
        }

        Assert.Single(runs.Select(r => r.LineageId).Distinct()); // one configuration, whatever the window's dates
        Assert.Equal(2.0, walk.OutOfSample.ObservationDays.Value);

        var asProd = runs.Select(r => r with { RunSource = RunSource.Prod, DataRegime = DataRegime.ProdLive }).ToArray();
        var days = new PromotionGate().Evaluate(asProd).Gates.Single(g => g.Gate == "min_observation_days");
        Assert.Contains("2 distinct out-of-sample days (us_equity session dates) over 2 completed eligible runs", days.Reason, StringComparison.Ordinal);

        var report = new PromotionGate().Evaluate(runs);
        Assert.Empty(report.EligibleRuns);
        Assert.Equal(2, report.Monitoring.Length);

        var trials = registry.Trials(walk.Family);
        Assert.Equal([TrialKind.WalkForwardWindow, TrialKind.WalkForwardWindow, TrialKind.WalkForward], trials.Select(t => t.Kind));
        Assert.Equal(1, walk.Trials.Trials);
        Assert.Contains("N=1 trial in family ridge-baseline/IBM/us_equity", walk.OutOfSample.DeflatedSharpe.Method, StringComparison.Ordinal);
    }
}
