using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Research.Tests.Gates;

/// <summary>The pooling of nightly walk-forwards into the gates' evidence: which trials count, which night's return a
/// day keeps, the lookback, and a report whose daily returns and drawdown follow from the pooled returns in closed
/// form.</summary>
public sealed class WalkForwardEvidenceTests
{
    private const string Config = "c0ffee";

    private static readonly DateOnly D1 = new(2013, 10, 7);
    private static readonly DateOnly D2 = new(2013, 10, 8);
    private static readonly DateOnly D3 = new(2013, 10, 9);
    private static readonly DateOnly D4 = new(2013, 10, 10);

    private static TrialRecord Trial(string id, string config, RunSource source, DateOnly[] days, double[] returns, TrialKind kind = TrialKind.WalkForward) =>
        new(id, "training/student/IBM/us_equity", config, kind, source, TradingCalendar.UsEquity.Name, days[0], days[^1], days, returns, null);

    [Fact]
    public void EachDayKeepsTheLatestNightOfTheSameConfigurationAndSourceOnly()
    {
        TrialRecord[] trials =
        [
            Trial("n1", Config, RunSource.Prod, [D1, D2], [0.01, -0.02]),
            Trial("other-config", "beef", RunSource.Prod, [D2, D3], [0.5, 0.5]),
            Trial("maintenance", Config, RunSource.Maintenance, [D3], [0.7]),
            Trial("n2", Config, RunSource.Prod, [D2, D3], [0.03, 0.04]),
            Trial("backtest", Config, RunSource.Prod, [D4], [0.9], TrialKind.Backtest),
        ];

        var evidence = WalkForwardEvidence.Pool(trials, Config, RunSource.Prod, lookbackDays: 250);

        Assert.Equal([D1, D2, D3], evidence.Days);
        Assert.Equal([0.01, 0.03, 0.04], evidence.DailyReturns); // D2 from the later night n2
        Assert.Equal(2, evidence.Nights);

        var newest = WalkForwardEvidence.Pool(trials, Config, RunSource.Prod, lookbackDays: 2);
        Assert.Equal([D2, D3], newest.Days);
        Assert.Equal(1, newest.Nights); // only n2 contributed a kept day

        var maintenance = WalkForwardEvidence.Pool(trials, Config, RunSource.Maintenance, lookbackDays: 250);
        Assert.Equal([D3], maintenance.Days);
        Assert.Equal(1, maintenance.Nights);

        var none = WalkForwardEvidence.Pool(trials, "unknown", RunSource.Prod, lookbackDays: 250);
        Assert.Equal((0, 0), (none.Days.Length, none.Nights));
    }

    [Fact]
    public void TheReportReproducesThePooledReturnsAndItsDrawdownIsCloseToClose()
    {
        // Equity 1 → 1.1 → 0.88 → 0.924: the deepest fall is 1.1 → 0.88, 20% of the peak.
        var evidence = new WalkForwardEvidence([D1, D2, D3], [0.1, -0.2, 0.05], 2, TradingCalendar.UsEquity);
        var report = evidence.Report(TrialStatistics.Untracked, minimumObservations: 3);

        Assert.Equal(evidence.Days, report.Days);
        Assert.Equal(3, report.DailyReturns.Length);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(evidence.DailyReturns[i], report.DailyReturns[i], 12);
        }

        Assert.Equal(0.2, report.MaxDrawdown.Value!.Value, 12);
        Assert.Equal(3, (int)report.ObservationDays.Value!.Value);

        // Sharpe daily_agg = mean / sd(N−1) · √252 over the three returns.
        double mean = (0.1 - 0.2 + 0.05) / 3;
        var sd = Math.Sqrt((Math.Pow(0.1 - mean, 2) + Math.Pow(-0.2 - mean, 2) + Math.Pow(0.05 - mean, 2)) / 2);
        Assert.Equal(mean / sd * Math.Sqrt(252), report.SharpeDailyAgg.Value!.Value, 10);

        // Below the minimum the daily metrics are insufficient, so their gates fail.
        Assert.Equal(MetricStatus.InsufficientObservation, evidence.Report(TrialStatistics.Untracked, minimumObservations: 4).SharpeDailyAgg.Status);
    }

    [Fact]
    public void BadInputIsRefusedNamingTheTrial()
    {
        var ragged = Trial("ragged", Config, RunSource.Prod, [D1, D2], [0.01]);
        Assert.Contains("ragged", Assert.Throws<ArgumentException>(() => WalkForwardEvidence.Pool([ragged], Config, RunSource.Prod, 10)).Message, StringComparison.Ordinal);
        var crypto = Trial("crypto", Config, RunSource.Prod, [D2], [0.01]) with { Calendar = TradingCalendar.Utc24x7.Name };
        Assert.Contains("crypto", Assert.Throws<ArgumentException>(() => WalkForwardEvidence.Pool([Trial("n1", Config, RunSource.Prod, [D1], [0.01]), crypto], Config, RunSource.Prod, 10)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => WalkForwardEvidence.Pool([], Config, RunSource.Prod, 0));
        Assert.Throws<InvalidOperationException>(() => new WalkForwardEvidence([D1], [-1.0], 1, TradingCalendar.UsEquity).Report(TrialStatistics.Untracked, 2));
    }
}
