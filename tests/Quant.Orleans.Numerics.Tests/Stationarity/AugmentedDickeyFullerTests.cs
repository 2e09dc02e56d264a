using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Stationarity;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Stationarity;

public sealed class AugmentedDickeyFullerTests
{
    [Fact]
    public void MatchesStatsmodelsAdfuller()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "adf_fixture.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var series = root.GetProperty("series");
        var checkedCases = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var name = c.GetProperty("series").GetString()!;
            var x = series.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var regression = c.GetProperty("regression").GetString() == "ct" ? AdfRegression.ConstantTrend : AdfRegression.Constant;
            var mode = c.GetProperty("autolag").GetString();
            var selection = mode switch
            {
                "AIC" => AdfLagSelection.Aic,
                "BIC" => AdfLagSelection.Bic,
                _ => AdfLagSelection.Fixed,
            };
            int? maxLag = c.GetProperty("max_lag").ValueKind == JsonValueKind.Null ? null : c.GetProperty("max_lag").GetInt32();
            var what = $"{name} {c.GetProperty("regression").GetString()} {mode} {maxLag}";
            var result = AugmentedDickeyFuller.Test(x, regression, selection, maxLag);
            Assert.True(c.GetProperty("used_lag").GetInt32() == result.UsedLag, $"{what}: used lag {result.UsedLag}, statsmodels {c.GetProperty("used_lag").GetInt32()}");
            Assert.Equal(c.GetProperty("nobs").GetInt32(), result.Observations);
            Tolerance.AssertClose(c.GetProperty("statistic").GetDouble(), result.Statistic, Tolerance.StatsmodelsOlsDouble, $"{what}: statistic");
            Tolerance.AssertClose(c.GetProperty("p_value").GetDouble(), result.PValue, Tolerance.StatsmodelsOlsDouble, $"{what}: p-value");
            Tolerance.AssertClose(c.GetProperty("critical_1").GetDouble(), result.CriticalOnePercent, Tolerance.SameFormulaDouble, $"{what}: 1 % critical value");
            Tolerance.AssertClose(c.GetProperty("critical_5").GetDouble(), result.CriticalFivePercent, Tolerance.SameFormulaDouble, $"{what}: 5 % critical value");
            Tolerance.AssertClose(c.GetProperty("critical_10").GetDouble(), result.CriticalTenPercent, Tolerance.SameFormulaDouble, $"{what}: 10 % critical value");
            if (selection == AdfLagSelection.Fixed)
            {
                Assert.True(double.IsNaN(result.BestInformationCriterion));
            }
            else
            {
                Tolerance.AssertClose(c.GetProperty("icbest").GetDouble(), result.BestInformationCriterion, Tolerance.StatsmodelsOlsDouble, $"{what}: best information criterion");
            }

            checkedCases++;
        }

        Assert.Equal(32, checkedCases);
    }

    [Fact]
    public void DefaultMaxLagIsSchwertsRule()
    {
        Assert.Equal(18, AugmentedDickeyFuller.DefaultMaxLag(500, AdfRegression.Constant));
        Assert.Equal(12, AugmentedDickeyFuller.DefaultMaxLag(100, AdfRegression.Constant));
        Assert.Equal(8, AugmentedDickeyFuller.DefaultMaxLag(20, AdfRegression.Constant));
        Assert.Equal(7, AugmentedDickeyFuller.DefaultMaxLag(20, AdfRegression.ConstantTrend));
    }

    [Fact]
    public void PValueIsMonotoneAndClamped()
    {
        Assert.Equal(1.0, MacKinnonTables.PValue(3.0, AdfRegression.Constant));
        Assert.Equal(0.0, MacKinnonTables.PValue(-20.0, AdfRegression.Constant));
        var previous = 0.0;
        for (var tau = -16.0; tau <= 0.7; tau += 0.01)
        {
            var p = MacKinnonTables.PValue(tau, AdfRegression.ConstantTrend);
            Assert.True(p >= previous, $"p({tau}) = {p} < {previous}");
            previous = p;
        }

        // Asymptotic 5 % critical value has p ≈ 0.05 (MacKinnon 1994 and 2010 agree to about 1e-3).
        Assert.InRange(MacKinnonTables.PValue(-2.86154, AdfRegression.Constant), 0.045, 0.055);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var random = new DeterministicRandom(3);
        var x = new double[40];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextGaussian();
        }

        Assert.Throws<ArgumentException>(() => AugmentedDickeyFuller.Test(x, AdfRegression.Constant, AdfLagSelection.Fixed, 19));
        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentedDickeyFuller.Test(x, AdfRegression.Constant, AdfLagSelection.Fixed, -1));
        x[5] = double.NaN;
        Assert.Throws<ArgumentException>(() => AugmentedDickeyFuller.Test(x));
        Assert.Throws<InvalidOperationException>(() => AugmentedDickeyFuller.Test(new double[40]));
    }
}
