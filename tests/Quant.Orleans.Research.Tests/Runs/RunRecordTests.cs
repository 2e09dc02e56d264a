using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Tests.Runs;

public sealed class RunRecordTests
{
    /// <summary>A report of <paramref name="days"/> consecutive days from <paramref name="first"/> (default 2013-01-01),
    /// one mark a day at 10:00 New York time.</summary>
    internal static PerformanceReport Report(int days, double drift, ulong seed = 1, DateOnly? first = null)
    {
        var rng = new Quant.Orleans.Core.DeterministicRandom(seed);
        var start = (first ?? new DateOnly(2013, 1, 1)).ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc);
        var t = new long[days];
        var eq = new double[days];
        var e = 100_000.0;
        for (var i = 0; i < days; i++)
        {
            e *= 1 + drift + (0.002 * rng.NextGaussian());
            t[i] = Quant.Orleans.Core.UnixNanos.FromDateTime(start.AddDays(i)).Value;
            eq[i] = e;
        }

        return PerformanceReport.Compute(t, eq, 100_000, 1e6);
    }

    [Fact]
    public void SerializesSnakeCaseSourcesAndIdsAreDeterministic()
    {
        var a = RunRecord.Create("ridge-baseline", RunSource.AsyncTest, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 1, 1), new(2013, 3, 1), ["IBM"], "abc", true, Report(30, 0));
        var b = RunRecord.Create("ridge-baseline", RunSource.AsyncTest, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 1, 1), new(2013, 3, 1), ["IBM"], "abc", true, Report(30, 0));
        Assert.Equal(a.RunId, b.RunId);
        Assert.Equal(a.LineageId, b.LineageId);
        Assert.Equal(16, a.LineageId.Length);
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };
        var json = JsonSerializer.Serialize(a, options);
        Assert.Contains("\"run_source\":\"async_test\"", json, StringComparison.Ordinal);
        Assert.Contains("\"data_regime\":\"maintenance_replay\"", json, StringComparison.Ordinal);
        Assert.Contains("\"score_source\":\"model\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sharpe_method\":\"daily_agg\"", json, StringComparison.Ordinal);
        Assert.Contains("\"in_sample\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"out_of_sample\":{\"from\":\"2013-01-01\",\"to\":\"2013-03-01\"}", json, StringComparison.Ordinal);
        Assert.Contains("\"calendar\":\"us_equity\"", json, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunRecord.Create("x", RunSource.Prod, DataRegime.ProdLive, ScoreSource.Model, new(2013, 10, 8), new(2013, 10, 7), [], "abc", true, a.Metrics));
    }

    /// <summary>Issue 15, item 2: a walk-forward window names its in-sample and out-of-sample days separately, and its
    /// metrics may hold only out-of-sample days.</summary>
    [Fact]
    public void InSampleAndOutOfSampleRangesAreSeparateAndOnlyOutOfSampleDaysAreMeasured()
    {
        var oos = Report(1, 0.001, first: new DateOnly(2013, 10, 9));
        var window = RunRecord.Create(
            "ridge", RunSource.Maintenance, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 10, 8), new(2013, 10, 9), ["IBM"], "cfg", true, oos,
            inSample: DateRange.Of(new(2013, 10, 8), new(2013, 10, 8)), outOfSample: DateRange.Of(new(2013, 10, 9), new(2013, 10, 9)));
        Assert.Equal(new DateRange(new(2013, 10, 8), new(2013, 10, 8)), window.InSample);
        Assert.Equal(new DateRange(new(2013, 10, 9), new(2013, 10, 9)), window.OutOfSample);
        Assert.Equal([new DateOnly(2013, 10, 9)], window.OutOfSampleDays);

        // The whole window's metrics (in-sample day included) are refused, and so are overlapping ranges.
        var both = Report(2, 0.001, first: new DateOnly(2013, 10, 8));
        var measuredInSample = Assert.Throws<ArgumentException>(() => RunRecord.Create(
            "ridge", RunSource.Maintenance, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 10, 8), new(2013, 10, 9), ["IBM"], "cfg", true, both,
            inSample: DateRange.Of(new(2013, 10, 8), new(2013, 10, 8)), outOfSample: DateRange.Of(new(2013, 10, 9), new(2013, 10, 9))));
        Assert.Contains("2013-10-08 outside the out-of-sample range (2013-10-09..2013-10-09)", measuredInSample.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunRecord.Create(
            "ridge", RunSource.Maintenance, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 10, 8), new(2013, 10, 9), ["IBM"], "cfg", true, oos,
            inSample: DateRange.Of(new(2013, 10, 8), new(2013, 10, 9)), outOfSample: DateRange.Of(new(2013, 10, 9), new(2013, 10, 9))));
    }

    [Fact]
    public void ConfigurationHashIgnoresPropertyOrderButNotValues()
    {
        var h1 = ConfigurationHash.Of(new Dictionary<string, object> { ["a"] = 1, ["b"] = new[] { 1, 2 } });
        var h2 = ConfigurationHash.Of(new Dictionary<string, object> { ["b"] = new[] { 1, 2 }, ["a"] = 1 });
        var h3 = ConfigurationHash.Of(new Dictionary<string, object> { ["a"] = 2, ["b"] = new[] { 1, 2 } });
        Assert.Equal(h1, h2);
        Assert.NotEqual(h1, h3);
        Assert.Equal(64, h1.Length);
    }
}
