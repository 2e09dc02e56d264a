using System.Text.Json;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Drift;

/// <summary>PSI and the two-sample KS test against scipy 1.10 / numpy 1.24: <c>drift_fixture.json</c> beside this file
/// was written by <c>make_drift_fixture.py</c> (same folder) under Debian's /usr/bin/python3.</summary>
public sealed class DriftTests
{
    private static readonly JsonElement Fixture = Load();

    private static JsonElement Load()
    {
        var path = Path.Combine(TestData.RepositoryRoot, "tests", "Quant.Orleans.Research.Tests", "Drift", "drift_fixture.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    private static double[] Array(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static TheoryData<string> Cases() => new(Fixture.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    private static JsonElement Case(string name) => Fixture.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Relative agreement of a probability with scipy's: both evaluate the same formulas in double; the
    /// one-sided Smirnov sum here takes the binomial coefficient by its ratio recurrence in logarithms (scipy: its
    /// own double-double code), compensated so that its exponent carries an absolute error of about n·1e-16: a relative
    /// 1e-9 holds over the fixture's grid, n up to 4e5.</summary>
    private const double ProbabilityRelative = 1e-9;

    private static void AssertProbability(double expected, double actual, string what)
    {
        var err = Math.Abs(expected - actual);
        Assert.True(err <= ProbabilityRelative * Math.Max(Math.Abs(expected), 1e-300) || err < 1e-300, $"{what}: expected {expected:R}, got {actual:R}, |error| {err:E3}.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KsStatisticAndAsymptoticPValueMatchScipyKs2sampAsymp(string name)
    {
        var c = Case(name);
        var result = KolmogorovSmirnov.TwoSample(Array(c.GetProperty("reference")), Array(c.GetProperty("current")));
        // D is a difference of two count ratios, computed the same way as scipy: equal to the last bit.
        Assert.Equal(c.GetProperty("ks_statistic").GetDouble(), result.Statistic);
        AssertProbability(c.GetProperty("ks_pvalue").GetDouble(), result.PValue, $"{name} p-value");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PsiMatchesNumpyWithTenAndTwentyQuantileBins(string name)
    {
        var c = Case(name);
        var reference = Array(c.GetProperty("reference"));
        var current = Array(c.GetProperty("current"));
        foreach (var bins in new[] { 10, 20 })
        {
            var expected = c.GetProperty("psi").GetProperty(bins.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var result = PopulationStabilityIndex.Compute(reference, current, bins);
            // Edges are the same interpolation as numpy's (same operations in the same order): bit-equal.
            Assert.Equal(Array(expected.GetProperty("edges")), result.Edges);
            Tolerance.AssertClose(expected.GetProperty("value").GetDouble(), result.Value, Tolerance.SameFormulaDouble, $"{name} PSI with {bins} bins");
        }
    }

    [Fact]
    public void KolmogorovSurvivalMatchesScipyKstwoOnEveryBranch()
    {
        var points = Fixture.GetProperty("kstwo_sf").EnumerateArray().ToArray();
        Assert.True(points.Length > 150);
        foreach (var p in points)
        {
            var n = p.GetProperty("n").GetInt64();
            var d = p.GetProperty("d").GetDouble();
            AssertProbability(p.GetProperty("sf").GetDouble(), KolmogorovDistribution.Survival(n, d), $"kstwo.sf({d:R}, {n})");
        }
    }

    [Fact]
    public void IdenticalSamplesHaveZeroPsiAndZeroD()
    {
        double[] x = [3, 1, 2, 5, 4, 9, 7, 8, 6, 10, 11, 12];
        Assert.Equal(0.0, PopulationStabilityIndex.Compute(x, x).Value);
        var ks = KolmogorovSmirnov.TwoSample(x, x);
        Assert.Equal(0.0, ks.Statistic);
        Assert.Equal(1.0, ks.PValue);
    }

    [Fact]
    public void AnEmptyBinTakesTheEpsilonFloorAndRepeatedEdgesMerge()
    {
        // Reference: 50 zeros then 50 ones. Deciles 0.1..0.4 are 0, the median interpolates to 0.5, 0.6..0.9 are 1:
        // three distinct edges, bins (-inf,0], (0,0.5], (0.5,1], (1,inf); the second and last are empty in both samples.
        var reference = Enumerable.Repeat(0.0, 50).Concat(Enumerable.Repeat(1.0, 50)).ToArray();
        var current = Enumerable.Repeat(1.0, 100).ToArray();
        var result = PopulationStabilityIndex.Compute(reference, current);
        Assert.Equal([0.0, 0.5, 1.0], result.Edges);
        Assert.Equal([1e-4, 1e-4, 1.0, 1e-4], result.CurrentShares);
        Assert.Equal([0.5, 1e-4, 0.5, 1e-4], result.ReferenceShares);
        var expected = ((1e-4 - 0.5) * Math.Log(1e-4 / 0.5)) + (0.5 * Math.Log(1.0 / 0.5));
        Tolerance.AssertClose(expected, result.Value, Tolerance.SameFormulaDouble, "closed form");
    }

    [Fact]
    public void BadInputIsRefusedNamingTheSampleAndPosition()
    {
        var e = Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([1.0, 2.0], [1.0, double.NaN]));
        Assert.Contains("current[1]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0]));
        Assert.Contains("reference sample is empty", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStabilityIndex.Compute([1.0], [1.0], bins: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovDistribution.Survival(0, 0.5));
    }
}
