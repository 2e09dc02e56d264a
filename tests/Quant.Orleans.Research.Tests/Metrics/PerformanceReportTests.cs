using System.Text.Json;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Metrics;

public sealed class PerformanceReportTests
{
    private const long Day = 86_400_000_000_000L;

    [Fact]
    public void MatchesTheNumpyPandasFixture()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics_fixture.json")));
        var root = doc.RootElement;
        var times = root.GetProperty("times_ns").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var equity = root.GetProperty("equity").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = root.GetProperty("expected");
        double E(string name) => expected.GetProperty(name).GetDouble();
        var report = PerformanceReport.Compute(times, equity, root.GetProperty("initial_equity").GetDouble(), root.GetProperty("traded_notional").GetDouble());

        // The fixture stores 17 significant digits; both sides sum the same values in a different order.
        const double Tol = Tolerance.FixtureDouble;
        Tolerance.AssertClose(E("sharpe_step_raw"), report.SharpeStepRaw.Value!.Value, Tol, "sharpe step_raw");
        Tolerance.AssertClose(E("sharpe_daily_agg"), report.SharpeDailyAgg.Value!.Value, Tol, "sharpe daily_agg");
        Tolerance.AssertClose(E("sortino"), report.Sortino.Value!.Value, Tol, "sortino");
        Tolerance.AssertClose(E("profit_factor"), report.ProfitFactor.Value!.Value, Tol, "profit factor");
        Tolerance.AssertClose(E("max_drawdown"), report.MaxDrawdown.Value!.Value, Tol, "max drawdown");
        Tolerance.AssertClose(E("calmar"), report.Calmar.Value!.Value, Tol, "calmar");
        Tolerance.AssertClose(E("hit_rate"), report.HitRate.Value!.Value, Tol, "hit rate");
        Tolerance.AssertClose(E("turnover"), report.Turnover.Value!.Value, Tol, "turnover");
        Tolerance.AssertClose(E("observation_days"), report.ObservationDays.Value!.Value, Tol, "days");
        Tolerance.AssertClose(E("probabilistic_sharpe"), report.ProbabilisticSharpe.Value!.Value, Tol, "psr");
        Assert.Equal("step_raw", report.SharpeStepRaw.Method);
        Assert.Equal("daily_agg", report.SharpeDailyAgg.Method);
        Assert.Equal(252.0, report.SharpeDailyAgg.PeriodsPerYear);
        Assert.Equal(252.0 * 390, report.SharpeStepRaw.PeriodsPerYear);
    }

    [Fact]
    public void HandComputedSeries()
    {
        // Four UTC days, one mark each: returns +10%, −10%, +10%, +0% on 100.
        long[] t = [0, Day, 2 * Day, 3 * Day];
        double[] eq = [110, 99, 108.9, 108.9];
        var report = PerformanceReport.Compute(t, eq, 100, 217.8, new MetricOptions { MinimumObservations = 4, DaysPerYear = 365 });
        double[] r = [0.1, -0.1, 0.1, 0];
        var mean = r.Average();
        var sd = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / 3);
        Tolerance.AssertClose(mean / sd * Math.Sqrt(365), report.SharpeDailyAgg.Value!.Value, Tolerance.SameFormulaDouble, "sharpe");
        Tolerance.AssertClose(mean / Math.Sqrt(0.01 / 4) * Math.Sqrt(365), report.Sortino.Value!.Value, Tolerance.SameFormulaDouble, "sortino");
        Tolerance.AssertClose(2.0, report.ProfitFactor.Value!.Value, Tolerance.SameFormulaDouble, "profit factor");
        Tolerance.AssertClose(0.1, report.MaxDrawdown.Value!.Value, Tolerance.SameFormulaDouble, "max drawdown"); // 110 → 99
        Tolerance.AssertClose(2.0 / 3, report.HitRate.Value!.Value, Tolerance.SameFormulaDouble, "hit rate");
        Tolerance.AssertClose(217.8 / eq.Average() / 4, report.Turnover.Value!.Value, Tolerance.SameFormulaDouble, "turnover");
        var cagr = Math.Pow(1.089, 365.0 / 4) - 1;
        Tolerance.AssertClose(cagr / 0.1, report.Calmar.Value!.Value, Tolerance.SameFormulaDouble, "calmar");
        Assert.Equal(365.0, report.SharpeDailyAgg.PeriodsPerYear);
    }

    [Fact]
    public void TooFewDaysGiveInsufficientObservationNotANumber()
    {
        long[] t = [0, 1, Day, 2 * Day, 3 * Day];
        double[] eq = [100.5, 101, 100, 102, 103];
        var report = PerformanceReport.Compute(t, eq, 100, 0);
        foreach (var m in new[] { report.SharpeDailyAgg, report.Sortino, report.ProfitFactor, report.Calmar, report.HitRate, report.ProbabilisticSharpe, report.DeflatedSharpe })
        {
            Assert.Equal(MetricStatus.InsufficientObservation, m.Status);
            Assert.Null(m.Value);
            Assert.StartsWith($"{m.Name} insufficient_observation (", m.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(4, report.ObservationDays.Value);
        Assert.Equal(MetricStatus.Ok, report.MaxDrawdown.Status);
        Assert.Equal(new DateOnly(1970, 1, 4), report.LastDay);
    }

    [Fact]
    public void ZeroVarianceIsUndefinedAndDaysPerYearMustBeExplicit()
    {
        var flat = Enumerable.Repeat(0.001, 30).ToArray();
        Assert.Equal(MetricStatus.Undefined, SharpeRatios.Sharpe("daily_agg", flat, 252, 20).Status);
        Assert.Equal(MetricStatus.Undefined, SharpeRatios.Sortino("daily_agg", flat, 252, 20).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricOptions { DaysPerYear = 260 }.Validate());
    }

    [Fact]
    public void DailyBucketsAreUtcDays()
    {
        // 23:59 and 00:01 UTC are different days even though they are 2 minutes apart.
        long minute = 60_000_000_000L;
        long[] t = [Day - minute, Day + minute];
        var (days, returns) = DailyAggregation.DailyReturns(t, [101.0, 103.02], 100);
        Assert.Equal([new DateOnly(1970, 1, 1), new DateOnly(1970, 1, 2)], days);
        Tolerance.AssertAllClose([0.01, 0.02], returns, Tolerance.SameFormulaDouble, "daily");
    }
}
