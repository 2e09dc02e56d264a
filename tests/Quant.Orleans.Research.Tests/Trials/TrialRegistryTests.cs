using System.Text.Json;
using Microsoft.Data.Sqlite;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Trials;

public sealed class TrialRegistryTests : IDisposable
{
    private const string Family = "ridge-baseline/AIG,BAC,IBM/us_equity";
    private readonly TempFolder _folder = new("qo-trials");

    public void Dispose() => _folder.Dispose();

    /// <summary>A report over <paramref name="returns"/>, one session day each from 2013-01-02, one mark a day.</summary>
    private static PerformanceReport Report(IReadOnlyList<double> returns)
    {
        var start = new DateTime(2013, 1, 2, 15, 0, 0, DateTimeKind.Utc);
        var t = new long[returns.Count];
        var e = new double[returns.Count];
        var equity = 1e6;
        for (var i = 0; i < returns.Count; i++)
        {
            equity *= 1 + returns[i];
            t[i] = Quant.Orleans.Core.UnixNanos.FromDateTime(start.AddDays(i)).Value;
            e[i] = equity;
        }

        return PerformanceReport.Compute(t, e, 1e6, 0);
    }

    private static TrialRecord Trial(string configuration, IReadOnlyList<double> returns, TrialKind kind = TrialKind.Hyperparameter, DateOnly? to = null) =>
        TrialRecord.FromReport(Family, configuration, kind, RunSource.Maintenance, new DateOnly(2013, 1, 2), to ?? new DateOnly(2013, 12, 31), Report(returns));

    /// <summary>Issue 15, item 4: the deflated Sharpe of the best of five trials uses N = 5 and the variance of their
    /// Sharpe ratios read back from the registry, against numpy/scipy (<c>Fixtures/make_dsr_fixture.py</c>).</summary>
    [Fact]
    public void TheDeflatedSharpeOfACandidateUsesItsFamilysTrialsAndMatchesScipy()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dsr_fixture.json")));
        var root = doc.RootElement;
        var trials = root.GetProperty("trials").EnumerateArray().Select(t => t.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var expected = root.GetProperty("expected");
        using var registry = TrialRegistry.Open(Path.Combine(_folder.Path, "trials.sqlite"));
        for (var i = 0; i < trials.Length; i++)
        {
            registry.Record(Trial($"config-{i}", trials[i]));
        }

        var stats = registry.Statistics(Family);
        Assert.Equal(expected.GetProperty("trials").GetInt32(), stats.Trials);
        Tolerance.AssertClose(expected.GetProperty("sharpe_variance").GetDouble(), stats.SharpeVariance!.Value, Tolerance.FixtureDouble, "V[SR]");
        Tolerance.AssertClose(
            expected.GetProperty("sr0").GetDouble(), DeflatedSharpe.ExpectedMaximumSharpe(stats.Trials, stats.SharpeVariance.Value), Tolerance.FixtureDouble, "SR0");

        var candidate = Report(trials[root.GetProperty("best").GetInt32()]).WithTrials(stats);
        Tolerance.AssertClose(expected.GetProperty("deflated_sharpe").GetDouble(), candidate.DeflatedSharpe.Value!.Value, Tolerance.FixtureDouble, "DSR");
        Tolerance.AssertClose(expected.GetProperty("probabilistic_sharpe").GetDouble(), candidate.ProbabilisticSharpe.Value!.Value, Tolerance.FixtureDouble, "PSR");
        Assert.Contains($"N=5 trials in family {Family}, V[SR]=0.0172 per day² (5 estimates)", candidate.DeflatedSharpe.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordingTheSameTrialAgainReplacesItAndAConfigurationCountsOnce()
    {
        var path = Path.Combine(_folder.Path, "nested", "trials.sqlite");
        double[] a = [0.01, -0.005, 0.002, 0.004];
        double[] b = [0.002, 0.001, -0.003, 0.0005, 0.001, 0.002];
        using (var registry = TrialRegistry.Open(path))
        {
            registry.Record(Trial("config-a", a));
            registry.Record(Trial("config-a", a)); // same id: replaced, not added
            registry.Record(Trial("config-a", b, TrialKind.WalkForward, new DateOnly(2013, 6, 30))); // same configuration, more days
            registry.Record(Trial("config-b", [0.001]));  // one return: no Sharpe estimate, still a trial
            registry.Record(TrialRecord.FromReport("other/IBM/us_equity", "config-c", TrialKind.Backtest, RunSource.Smoke, new(2013, 1, 2), new(2013, 1, 5), Report(a)));
        }

        using var reopened = TrialRegistry.Open(path);
        var trials = reopened.Trials(Family);
        Assert.Equal(3, trials.Count);
        Assert.Equal(Report(a).DailyReturns, trials[0].DailyReturns); // bit for bit through the file
        Assert.Equal([new DateOnly(2013, 1, 2), new DateOnly(2013, 1, 3), new DateOnly(2013, 1, 4), new DateOnly(2013, 1, 5)], trials[0].Days);
        Assert.Equal(TrialKind.WalkForward, trials[1].Kind);
        Assert.Null(trials[2].SharpePerPeriod);

        // Two configurations; config-a is represented by its 6-day walk-forward record, config-b has no estimate.
        var stats = reopened.Statistics(Family);
        Assert.Equal(2, stats.Trials);
        Assert.Equal(1, stats.Estimated);
        Assert.Null(stats.SharpeVariance);
        Assert.Equal(1, reopened.Statistics("other/IBM/us_equity").Trials);
        Assert.Equal(0, reopened.Statistics("other/IBM/us_equity").SharpeVariance);
        Assert.Throws<ArgumentException>(() => reopened.Statistics("nobody/X/us_equity"));
    }

    [Fact]
    public void AFileOfAnotherSchemaVersionIsRefusedWithItsPath()
    {
        var path = Path.Combine(Directory.CreateDirectory(_folder.Path).FullName, "future.sqlite");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 7;";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(() => TrialRegistry.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrialStatisticsAreTheSampleVarianceOfThePerPeriodSharpeRatios()
    {
        var stats = TrialStatistics.Of("f", [0.1, 0.3, null, 0.2]);
        Assert.Equal(4, stats.Trials);
        Assert.Equal(3, stats.Estimated);
        Tolerance.AssertClose(0.01, stats.SharpeVariance!.Value, Tolerance.SameFormulaDouble, "V"); // mean 0.2, (0.01+0.01+0)/2
        Assert.Equal(0, TrialStatistics.Of("f", [null]).SharpeVariance);
        Assert.Equal("ridge-baseline/AIG,BAC,IBM/us_equity", TrialRecord.FamilyOf("ridge-baseline", ["IBM", "AIG", "BAC"], TradingCalendar.UsEquity));
        Assert.Equal(Path.Combine("state", "research", "trials.sqlite"), TrialRegistry.DefaultPath("state"));
    }
}
