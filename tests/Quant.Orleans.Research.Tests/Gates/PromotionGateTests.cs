using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Tests.Runs;

namespace Quant.Orleans.Research.Tests.Gates;

public sealed class PromotionGateTests
{
    private static RunRecord Run(RunSource source, ScoreSource score, DataRegime regime, ulong seed, double drift = 0.003, int days = 40, DateOnly? first = null) =>
        RunRecord.Create("ridge", source, regime, score, new DateOnly(2013, 1, 1), new DateOnly(2013, 6, 1), [$"S{seed}"], "cfg", true, RunRecordTests.Report(days, drift, seed, first));

    private static readonly PromotionGateOptions Lenient = new() { MaxDrawdown = 0.5, MinProfitFactor = 1.0 };

    [Fact]
    public void ByDefaultOnlyProdModelRunsCountAndSmokeRunsCannotPromote()
    {
        var runs = new[]
        {
            Run(RunSource.Smoke, ScoreSource.Model, DataRegime.MaintenanceReplay, 1),
            Run(RunSource.Maintenance, ScoreSource.Model, DataRegime.MaintenanceReplay, 2),
            Run(RunSource.Prod, ScoreSource.Heuristic, DataRegime.ProdLive, 3),
        };
        var report = new PromotionGate().Evaluate(runs);
        Assert.False(report.Promote);
        Assert.Empty(report.EligibleRuns);
        var excluded = Assert.Single(report.ExcludedRuns);
        Assert.Contains("score_source=heuristic not in {model}", excluded, StringComparison.Ordinal);
        Assert.Equal([RunSource.Smoke, RunSource.Maintenance], report.Monitoring.Select(m => m.RunSource));
        var first = report.Failed.First();
        Assert.Equal("min_completed_runs", first.Gate);
        Assert.Contains("0 completed eligible runs", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodProdRunsPassAndEachFailureNamesItsGateRunAndValue()
    {
        // Three runs over consecutive 40-day spans: 120 distinct out-of-sample days.
        var good = Enumerable.Range(0, 3).Select(i => Run(RunSource.Prod, ScoreSource.Model, DataRegime.ProdLive, (ulong)i + 1, first: new DateOnly(2013, 1, 1).AddDays(40 * i))).ToArray();
        var pass = new PromotionGate(Lenient).Evaluate(good);
        Assert.True(pass.Promote, pass.ToString());

        var strict = new PromotionGate(Lenient with { MinSortino = 1e6 }).Evaluate(good);
        var failed = Assert.Single(strict.Failed);
        Assert.Equal("min_sortino", failed.Gate);
        Assert.Contains($"run {good[0].RunId}: sortino", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("FAIL min_sortino", strict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMetricWithoutValueFailsWithItsStatus()
    {
        var shortRuns = Enumerable.Range(1, 3).Select(i => Run(RunSource.Prod, ScoreSource.Model, DataRegime.ProdLive, (ulong)i, days: 5)).ToArray();
        var report = new PromotionGate().Evaluate(shortRuns);
        var sharpe = report.Gates.Single(g => g.Gate == "min_sharpe_daily");
        Assert.False(sharpe.Passed);
        Assert.Contains("insufficient_observation", sharpe.Reason, StringComparison.Ordinal);
        Assert.False(report.Gates.Single(g => g.Gate == "min_observation_days").Passed);
    }

    /// <summary>Issue 15, item 2: three runs over the same 40 out-of-sample days are 40 observation days, not 120
    /// (the research windows used to be summed, three out-of-sample days reported as nine).</summary>
    [Fact]
    public void ObservationDaysAreDistinctOutOfSampleDaysNotASumOverRuns()
    {
        var runs = Enumerable.Range(1, 3).Select(i => Run(RunSource.Prod, ScoreSource.Model, DataRegime.ProdLive, (ulong)i)).ToArray();
        var gate = new PromotionGate(Lenient).Evaluate(runs).Gates.Single(g => g.Gate == "min_observation_days");
        Assert.False(gate.Passed, gate.ToString());
        Assert.Contains("40 distinct out-of-sample days (us_equity session dates) over 3 completed eligible runs, need ≥ 60", gate.Reason, StringComparison.Ordinal);
    }

    /// <summary>Issue 15, item 6: maintenance, smoke and test runs are monitor-only: never eligible, whatever the
    /// options, and reported in the monitoring section with their out-of-sample figures.</summary>
    [Fact]
    public void MaintenanceSmokeAndTestRunsAreMonitorOnly()
    {
        var runs = new[] { RunSource.Maintenance, RunSource.Smoke, RunSource.AsyncTest }
            .Select((s, i) => Run(s, ScoreSource.Model, DataRegime.MaintenanceReplay, (ulong)i + 1, first: new DateOnly(2013, 1, 1).AddDays(40 * i)))
            .ToArray();
        var options = Lenient with { DataRegimes = new HashSet<DataRegime> { DataRegime.ProdLive, DataRegime.MaintenanceReplay } };
        var report = new PromotionGate(options).Evaluate(runs);
        Assert.Empty(report.EligibleRuns);
        Assert.Empty(report.ExcludedRuns);
        Assert.False(report.Promote);
        Assert.Equal(3, report.Monitoring.Length);
        var text = report.ToString();
        Assert.Contains("monitoring (3 monitor-only runs: maintenance, smoke and async_test runs never count toward promotion):", text, StringComparison.Ordinal);
        Assert.Contains($"run {runs[0].RunId} (maintenance, maintenance_replay) out-of-sample 2013-01-01..2013-06-01, 40 session days: sharpe daily_agg ", text, StringComparison.Ordinal);
        Assert.Contains("0 completed eligible runs (run_source prod,", report.Gates[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProdEligibilityByScoreSourceAndDataRegimeIsConfigurable()
    {
        var runs = Enumerable.Range(0, 3).Select(i => Run(RunSource.Prod, ScoreSource.Heuristic, DataRegime.ProdLive, (ulong)i + 1, first: new DateOnly(2013, 1, 1).AddDays(40 * i))).ToArray();
        Assert.Empty(new PromotionGate(Lenient).Evaluate(runs).EligibleRuns);
        var options = Lenient with { ScoreSources = new HashSet<ScoreSource> { ScoreSource.Heuristic } };
        Assert.Equal(3, new PromotionGate(options).Evaluate(runs).EligibleRuns.Length);
    }
}
