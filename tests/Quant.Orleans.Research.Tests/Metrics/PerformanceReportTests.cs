using System.Text.Json;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Metrics;

public sealed class PerformanceReportTests
{
    private const long Day = 86_400_000_000_000L;

    /// <summary>Issue 15, items 1 and 3: marks at irregular times (pre-market, session, after hours past midnight UTC)
    /// over 30 US trading days; <c>step_raw</c> on the regular-session minute grid and daily buckets by New York
    /// session date, against numpy/pandas (<c>Fixtures/make_metrics_fixture.py</c>).</summary>
    [Fact]
    public void MatchesTheNumpyPandasFixtureForUsEquities()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics_fixture.json")));
        var root = doc.RootElement;
        var times = root.GetProperty("times_ns").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var equity = root.GetProperty("equity").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = root.GetProperty("us_equity");
        double E(string name) => expected.GetProperty(name).GetDouble();
        var report = PerformanceReport.Compute(times, equity, root.GetProperty("initial_equity").GetDouble(), root.GetProperty("traded_notional").GetDouble());

        // The fixture stores 17 significant digits; both sides sum the same values in a different order.
        const double Tol = Tolerance.FixtureDouble;
        Tolerance.AssertClose(E("sharpe_step_raw"), report.SharpeStepRaw.Value!.Value, Tol, "sharpe step_raw");
        Assert.Equal(expected.GetProperty("step_observations").GetInt32(), report.SharpeStepRaw.Observations);
        Tolerance.AssertClose(E("sharpe_daily_agg"), report.SharpeDailyAgg.Value!.Value, Tol, "sharpe daily_agg");
        Tolerance.AssertClose(E("sortino"), report.Sortino.Value!.Value, Tol, "sortino");
        Tolerance.AssertClose(E("profit_factor"), report.ProfitFactor.Value!.Value, Tol, "profit factor");
        Tolerance.AssertClose(E("max_drawdown"), report.MaxDrawdown.Value!.Value, Tol, "max drawdown");
        Tolerance.AssertClose(E("calmar"), report.Calmar.Value!.Value, Tol, "calmar");
        Tolerance.AssertClose(E("hit_rate"), report.HitRate.Value!.Value, Tol, "hit rate");
        Tolerance.AssertClose(E("turnover"), report.Turnover.Value!.Value, Tol, "turnover");
        Tolerance.AssertClose(E("observation_days"), report.ObservationDays.Value!.Value, Tol, "days");
        Tolerance.AssertClose(E("probabilistic_sharpe"), report.ProbabilisticSharpe.Value!.Value, Tol, "psr");
        Assert.Equal(DateOnly.Parse(expected.GetProperty("last_day").GetString()!, System.Globalization.CultureInfo.InvariantCulture), report.LastDay);
        Assert.StartsWith("step_raw", report.SharpeStepRaw.Method, StringComparison.Ordinal);
        Assert.Contains("09:30", report.SharpeStepRaw.Method, StringComparison.Ordinal);
        Assert.StartsWith("daily_agg", report.SharpeDailyAgg.Method, StringComparison.Ordinal);
        Assert.Equal(252.0, report.SharpeDailyAgg.PeriodsPerYear);
        Assert.Equal(252.0 * 390, report.SharpeStepRaw.PeriodsPerYear);
    }

    /// <summary>The same marks on the 24/7 calendar: UTC dates (the after-hours marks past midnight UTC make extra
    /// days), √365 and the 1,440-point UTC grid.</summary>
    [Fact]
    public void MatchesTheNumpyPandasFixtureForTheUtc24x7Calendar()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics_fixture.json")));
        var root = doc.RootElement;
        var times = root.GetProperty("times_ns").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var equity = root.GetProperty("equity").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = root.GetProperty("utc_24x7");
        double E(string name) => expected.GetProperty(name).GetDouble();
        var report = PerformanceReport.Compute(
            times, equity, root.GetProperty("initial_equity").GetDouble(), root.GetProperty("traded_notional").GetDouble(), new MetricOptions { Calendar = TradingCalendar.Utc24x7 });

        const double Tol = Tolerance.FixtureDouble;
        Tolerance.AssertClose(E("sharpe_step_raw"), report.SharpeStepRaw.Value!.Value, Tol, "sharpe step_raw");
        Tolerance.AssertClose(E("sharpe_daily_agg"), report.SharpeDailyAgg.Value!.Value, Tol, "sharpe daily_agg");
        Tolerance.AssertClose(E("sortino"), report.Sortino.Value!.Value, Tol, "sortino");
        Tolerance.AssertClose(E("calmar"), report.Calmar.Value!.Value, Tol, "calmar");
        Tolerance.AssertClose(E("observation_days"), report.ObservationDays.Value!.Value, Tol, "days");
        Tolerance.AssertClose(E("probabilistic_sharpe"), report.ProbabilisticSharpe.Value!.Value, Tol, "psr");
        Tolerance.AssertAllClose(expected.GetProperty("daily_returns").EnumerateArray().Select(e => e.GetDouble()).ToArray(), report.DailyReturns, Tol, "daily returns");
        Assert.Equal(365.0, report.SharpeDailyAgg.PeriodsPerYear);
        Assert.Equal(365.0 * 1440, report.SharpeStepRaw.PeriodsPerYear);
        Assert.Equal("utc_24x7", report.SharpeDailyAgg.Calendar);
        Assert.Contains("00:00–24:00 UTC", report.SharpeStepRaw.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void HandComputedSeries()
    {
        // Four UTC days, one mark each: returns +10%, −10%, +10%, +0% on 100.
        long[] t = [0, Day, 2 * Day, 3 * Day];
        double[] eq = [110, 99, 108.9, 108.9];
        var report = PerformanceReport.Compute(t, eq, 100, 217.8, new MetricOptions { MinimumObservations = 4, Calendar = TradingCalendar.Utc24x7 });
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

        // step_raw: four session days of 1,440 one-minute points (a mark at 00:00 UTC is also the previous day's
        // 24:00 point, where it enters the grid).
        Assert.Equal(4 * 1440, report.SharpeStepRaw.Observations);
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
            Assert.Contains("; calendar us_equity; n=4 < 20; status insufficient_observation)", m.ToString(), StringComparison.Ordinal);
        }

        // 00:00 UTC is 19:00 the previous evening in New York: the four marks fall on four New York session dates.
        Assert.Equal(4, report.ObservationDays.Value);
        Assert.Equal(MetricStatus.Ok, report.MaxDrawdown.Status);
        Assert.Equal(new DateOnly(1970, 1, 3), report.LastDay);
    }

    [Fact]
    public void ZeroVarianceIsUndefinedAndTheCalendarIsExplicit()
    {
        var flat = Enumerable.Repeat(0.001, 30).ToArray();
        Assert.Equal(MetricStatus.Undefined, SharpeRatios.Sharpe("daily_agg", flat, 252, 20).Status);
        Assert.Equal(MetricStatus.Undefined, SharpeRatios.Sortino("daily_agg", flat, 252, 20).Status);
        Assert.Throws<ArgumentNullException>(() => new MetricOptions { Calendar = null! }.Validate());
        Assert.Throws<ArgumentException>(() => TradingCalendar.FromName("nyse_260"));
        Assert.Same(TradingCalendar.Utc24x7, TradingCalendar.FromName("utc_24x7"));
    }

    /// <summary>Issue 15, item 3: a US equity session that runs past 20:00 New York time crosses midnight UTC but is
    /// one session day (it used to make a stub UTC day); the 24/7 calendar splits at midnight UTC.</summary>
    [Fact]
    public void DailyBucketsAreSessionDatesOfTheCalendar()
    {
        // 2013-10-08 19:59 and 20:01 New York (EDT, UTC−4) are 23:59 and 00:01 UTC.
        var before = new DateTimeOffset(2013, 10, 8, 23, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;
        var after = before + 120_000_000_000L;
        long[] t = [before, after];
        var (days, returns) = DailyAggregation.DailyReturns(t, [101.0, 103.02], 100, TradingCalendar.UsEquity);
        Assert.Equal([new DateOnly(2013, 10, 8)], days);
        Tolerance.AssertAllClose([0.0302], returns, Tolerance.SameFormulaDouble, "us_equity daily");

        (days, returns) = DailyAggregation.DailyReturns(t, [101.0, 103.02], 100, TradingCalendar.Utc24x7);
        Assert.Equal([new DateOnly(2013, 10, 8), new DateOnly(2013, 10, 9)], days);
        Tolerance.AssertAllClose([0.01, 0.02], returns, Tolerance.SameFormulaDouble, "utc_24x7 daily");
    }

    /// <summary>Issue 15, item 4: without a registry the deflated Sharpe says that it used one trial; with the trials
    /// of a family it is deflated (below the PSR) and its method names N and V[SR].</summary>
    [Fact]
    public void TheDeflatedSharpeNamesItsTrials()
    {
        var rng = new Quant.Orleans.Core.DeterministicRandom(3);
        var t = Enumerable.Range(0, 60).Select(i => (i * Day) + (15L * 3_600_000_000_000L)).ToArray();
        var e = 100.0;
        var eq = t.Select(_ => e *= 1.002 + (0.004 * rng.NextGaussian())).ToArray();
        var report = PerformanceReport.Compute(t, eq, 100, 0);
        Assert.Equal(report.ProbabilisticSharpe.Value, report.DeflatedSharpe.Value);
        Assert.Contains("N=1 trial (no trial registry: no deflation)", report.DeflatedSharpe.Method, StringComparison.Ordinal);

        var deflated = report.WithTrials(new Quant.Orleans.Research.Trials.TrialStatistics("ridge/X/us_equity", 10, 10, 0.01));
        Assert.True(deflated.DeflatedSharpe.Value < report.ProbabilisticSharpe.Value);
        Assert.Contains("N=10 trials in family ridge/X/us_equity, V[SR]=0.01 per day²", deflated.DeflatedSharpe.Method, StringComparison.Ordinal);
        Assert.Equal(report.SharpeDailyAgg, deflated.SharpeDailyAgg);

        var unknown = report.WithTrials(new Quant.Orleans.Research.Trials.TrialStatistics("ridge/X/us_equity", 2, 1, null));
        Assert.Equal(MetricStatus.Undefined, unknown.DeflatedSharpe.Status);
    }
}
