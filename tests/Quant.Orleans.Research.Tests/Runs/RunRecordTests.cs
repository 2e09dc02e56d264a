using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Tests.Runs;

public sealed class RunRecordTests
{
    internal static PerformanceReport Report(int days, double drift, ulong seed = 1)
    {
        var rng = new Quant.Orleans.Core.DeterministicRandom(seed);
        var t = new long[days];
        var eq = new double[days];
        var e = 100_000.0;
        for (var i = 0; i < days; i++)
        {
            e *= 1 + drift + (0.002 * rng.NextGaussian());
            t[i] = i * 86_400_000_000_000L;
            eq[i] = e;
        }

        return PerformanceReport.Compute(t, eq, 100_000, 1e6);
    }

    [Fact]
    public void SerializesSnakeCaseSourcesAndIdsAreDeterministic()
    {
        var a = RunRecord.Create("ridge-baseline", RunSource.AsyncTest, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 10, 7), new(2013, 10, 10), ["IBM"], "abc", true, Report(30, 0));
        var b = RunRecord.Create("ridge-baseline", RunSource.AsyncTest, DataRegime.MaintenanceReplay, ScoreSource.Model, new(2013, 10, 7), new(2013, 10, 10), ["IBM"], "abc", true, Report(30, 0));
        Assert.Equal(a.RunId, b.RunId);
        Assert.Equal(a.LineageId, b.LineageId);
        Assert.Equal(16, a.LineageId.Length);
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };
        var json = JsonSerializer.Serialize(a, options);
        Assert.Contains("\"run_source\":\"async_test\"", json, StringComparison.Ordinal);
        Assert.Contains("\"data_regime\":\"maintenance_replay\"", json, StringComparison.Ordinal);
        Assert.Contains("\"score_source\":\"model\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sharpe_method\":\"daily_agg\"", json, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunRecord.Create("x", RunSource.Prod, DataRegime.ProdLive, ScoreSource.Model, new(2013, 10, 8), new(2013, 10, 7), [], "abc", true, a.Metrics));
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
