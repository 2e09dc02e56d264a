using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Tests.Runs;

namespace Quant.Orleans.Research.Tests.Gates;

public sealed class PromotionGateTests
{
    private static RunRecord Run(RunSource source, ScoreSource score, DataRegime regime, ulong seed, double drift = 0.003, int days = 40) =>
        RunRecord.Create("ridge", source, regime, score, new DateOnly(2013, 1, 1), new DateOnly(2013, 3, 1), [$"S{seed}"], "cfg", true, RunRecordTests.Report(days, drift, seed));

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
        Assert.Equal(3, report.ExcludedRuns.Length);
        Assert.Contains("run_source=smoke not in {prod}", report.ExcludedRuns[0], StringComparison.Ordinal);
        Assert.Contains("score_source=heuristic not in {model}", report.ExcludedRuns[2], StringComparison.Ordinal);
        var first = report.Failed.First();
        Assert.Equal("min_completed_runs", first.Gate);
        Assert.Contains("0 completed eligible runs", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodProdRunsPassAndEachFailureNamesItsGateRunAndValue()
    {
        var good = Enumerable.Range(1, 3).Select(i => Run(RunSource.Prod, ScoreSource.Model, DataRegime.ProdLive, (ulong)i)).ToArray();
        var pass = new PromotionGate(new PromotionGateOptions { MaxDrawdown = 0.5, MinProfitFactor = 1.0 }).Evaluate(good);
        Assert.True(pass.Promote, pass.ToString());

        var strict = new PromotionGate(new PromotionGateOptions { MaxDrawdown = 0.5, MinProfitFactor = 1.0, MinSortino = 1e6 }).Evaluate(good);
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

    [Fact]
    public void EligibilityIsConfigurable()
    {
        var runs = Enumerable.Range(1, 3).Select(i => Run(RunSource.Maintenance, ScoreSource.Model, DataRegime.MaintenanceReplay, (ulong)i)).ToArray();
        var options = new PromotionGateOptions
        {
            RunSources = new HashSet<RunSource> { RunSource.Maintenance },
            DataRegimes = new HashSet<DataRegime> { DataRegime.MaintenanceReplay },
            MaxDrawdown = 0.5,
            MinProfitFactor = 1.0,
        };
        Assert.Equal(3, new PromotionGate(options).Evaluate(runs).EligibleRuns.Length);
    }
}
