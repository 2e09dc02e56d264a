using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Training;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The <c>validate</c> step's gates on the pooled nightly evidence (<see cref="ValidateStep.NightlyGate"/>,
/// <c>Training:Gates</c>): the nights behind the evidence are the completed runs, the pooled days the observation days,
/// maintenance data is never eligible, and the settings refuse values under which a gate could never pass.</summary>
public sealed class NightlyGateTests
{
    /// <summary>65 weekdays from 2013-07-01 with returns +0.2%, −0.1% alternating: daily Sharpe and Sortino far above 1,
    /// profit factor 2 (33 × 0.002 against 32 × 0.001 ≈ 2.06), drawdown 0.1%.</summary>
    private static WalkForwardEvidence Evidence(int nights)
    {
        var days = new List<DateOnly>();
        for (var d = new DateOnly(2013, 7, 1); days.Count < 65; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d != new DateOnly(2013, 7, 4) && d != new DateOnly(2013, 9, 2))
            {
                days.Add(d);
            }
        }

        return new WalkForwardEvidence([.. days], [.. days.Select((_, i) => i % 2 == 0 ? 0.002 : -0.001)], nights, TradingCalendar.UsEquity);
    }

    private static RunRecord Run(WalkForwardEvidence evidence, RunSource source, DataRegime regime) =>
        RunRecord.Create("training/student", source, regime, ScoreSource.Model, evidence.Days[0], evidence.Days[^1], ["IBM"], "c0ffee", completed: true,
            evidence.Report(TrialStatistics.Untracked, 20), inSample: null, DateRange.Of(evidence.Days[0], evidence.Days[^1]));

    [Fact]
    public void ProdEvidenceOfEnoughNightsPassesTheDefaultGatesAndTooFewNightsFailOnlyTheRunCount()
    {
        var settings = new PromotionGateSettings();
        var three = Evidence(nights: 3);
        var passed = ValidateStep.NightlyGate(Run(three, RunSource.Prod, DataRegime.ProdLive), three, settings);
        Assert.True(passed.Promote, passed.ToString());
        Assert.Equal(
            ["min_completed_runs", "min_observation_days", "min_sharpe_daily", "min_sortino", "min_profit_factor", "max_drawdown"],
            passed.Gates.Select(g => g.Gate));
        Assert.StartsWith("3 nightly walk-forwards behind the 65 pooled eligible days", passed.Gates[0].Reason, StringComparison.Ordinal);

        var two = Evidence(nights: 2);
        var failed = ValidateStep.NightlyGate(Run(two, RunSource.Prod, DataRegime.ProdLive), two, settings);
        Assert.False(failed.Promote);
        var gate = Assert.Single(failed.Failed);
        Assert.Equal("min_completed_runs", gate.Gate);
        Assert.Contains("2 nightly walk-forwards", gate.Reason, StringComparison.Ordinal);

        // The same evidence under a stricter observation requirement fails that gate and names both counts.
        var strict = ValidateStep.NightlyGate(Run(three, RunSource.Prod, DataRegime.ProdLive), three, new PromotionGateSettings { MinObservationDays = 66, LookbackDays = 250 });
        Assert.Equal("min_observation_days", Assert.Single(strict.Failed).Gate);
        Assert.Contains("65 distinct out-of-sample days", strict.Failed.Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MaintenanceEvidenceIsNeverEligibleWhateverItsNumbers()
    {
        var evidence = Evidence(nights: 10);
        var report = ValidateStep.NightlyGate(Run(evidence, RunSource.Maintenance, DataRegime.MaintenanceReplay), evidence, new PromotionGateSettings { MinNights = 1, MinObservationDays = 1 });
        Assert.False(report.Promote);
        Assert.Empty(report.EligibleRuns);
        Assert.Single(report.Monitoring);
        Assert.StartsWith("0 completed eligible runs", report.Gates.Single(g => g.Gate == "min_completed_runs").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyAdequateProductionEvidenceOfTheServedFamilyIsReportedToTheRollout()
    {
        var served = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Strategy:Rollout:Enabled"] = "true" });
        var evidence = Evidence(nights: 3);
        var gates = ValidateStep.NightlyGate(Run(evidence, RunSource.Prod, DataRegime.ProdLive), evidence, new PromotionGateSettings()).Gates;
        var report = new ValidationReport(
            "student", DataRegime.ProdLive, RunSource.Prod, false, [evidence.Days[^1]], [], gates, true, string.Empty, 1, "training/student/IBM/us_equity", "c0ffee", [0.001], evidence.Days, evidence.Nights);
        Assert.True(ValidateStep.ShouldReport(report, served, "student"));

        // A failing performance gate is still reported: that is a failed night.
        var poor = gates.Select(g => g.Gate == "min_sortino" ? g with { Passed = false } : g).ToArray();
        Assert.True(ValidateStep.ShouldReport(report with { Gates = poor, Promotable = false }, served, "student"));

        // Too few nights or days says nothing yet about the versions' performance.
        foreach (var young in new[] { "min_completed_runs", "min_observation_days" })
        {
            var notYet = gates.Select(g => g.Gate == young ? g with { Passed = false } : g).ToArray();
            Assert.False(ValidateStep.ShouldReport(report with { Gates = notYet, Promotable = false }, served, "student"), young);
        }

        Assert.False(ValidateStep.ShouldReport(report with { Regime = DataRegime.MaintenanceReplay }, served, "student"));
        Assert.False(ValidateStep.ShouldReport(report, served, "judge"));
        Assert.False(ValidateStep.ShouldReport(report with { EvidenceDays = [] }, served, "student"));
        Assert.False(ValidateStep.ShouldReport(report, SettingsLoader.Load(null, new Dictionary<string, string?>()), "student"));
    }

    [Fact]
    public void GateSettingsAreCheckedWithTheirKeys()
    {
        string Errors(params (string Key, string Value)[] values)
        {
            var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, values.ToDictionary(v => v.Key, v => (string?)v.Value)));
            return e.Message;
        }

        Assert.Contains("Training:Gates:MinimumObservations must be at least 2", Errors(("Training:Gates:MinimumObservations", "1")), StringComparison.Ordinal);
        Assert.Contains("Training:Gates:LookbackDays (30) must be at least Training:Gates:MinObservationDays (60)", Errors(("Training:Gates:LookbackDays", "30")), StringComparison.Ordinal);
        Assert.Contains("Training:Gates:MaxDrawdown must be in (0, 1]", Errors(("Training:Gates:MaxDrawdown", "0")), StringComparison.Ordinal);
        Assert.Contains("Training:Gates:MinNights must be at least 1", Errors(("Training:Gates:MinNights", "0")), StringComparison.Ordinal);
        Assert.Contains("'Sortino'", Errors(("Training:Gates:Sortino", "1")), StringComparison.Ordinal); // an unknown key is named

        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Training:Gates:MinNights"] = "5", ["Training:Gates:MinSortino"] = "1.5" });
        var options = settings.Training.Gates.ToOptions();
        Assert.Equal((5, 1.5, 60), (options.MinCompletedRuns, options.MinSortino, options.MinObservationDays));
    }
}
