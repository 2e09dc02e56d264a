using Quant.Orleans.Core;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Trading.Tests.Sizing;

/// <summary><see cref="PolicyState"/> (Core): the state function both the sizing and the training-data generator call.
/// Hand values from <c>policy_hand_values.py</c> (standard-library Python, double precision).</summary>
public sealed class PolicyStateTests
{
    /// <summary>The state is computed in double and rounded to float: one float32 rounding of an order-1 value.</summary>
    private const double Float32Rounding = 1e-6;

    private static float[] Write(double mu, double sigma, double horizonSeconds, double rv, double trend)
    {
        var state = new float[PolicyState.Width];
        PolicyState.Write(mu, sigma, TimeSpan.FromSeconds(horizonSeconds), rv, trend, state);
        return state;
    }

    [Fact]
    public void HandValues()
    {
        // mu 0.001, sigma 0.002, h 60 s, rv 1e-4 per sqrt(s), trend 1e-6 per s
        var state = Write(0.001, 0.002, 60, 1e-4, 1e-6);
        Tolerance.AssertClose(0.5, state[0], Float32Rounding, "mu/sigma");
        Tolerance.AssertClose(0.9485599924429406, state[1], Float32Rounding, "ln(sigma/(sqrt(h) 1e-4))");
        Tolerance.AssertClose(0.03, state[2], Float32Rounding, "trend h/sigma");
        Tolerance.AssertClose(0.3872983346207417, state[3], Float32Rounding, "rv sqrt(h)/sigma");

        state = Write(0.002, 0.001, 60, 2e-4, 5e-6);
        Tolerance.AssertAllClose([2.0, 0.2554128118829953, 0.30000000000000004, 1.5491933384829668], [.. state.Select(v => (double)v)], Float32Rounding);
    }

    [Fact]
    public void NoiseAtTheReferenceGivesZeroInColumnOne()
    {
        // sigma = sqrt(h) * 1e-4 exactly: ln 1 = 0
        var state = Write(0, Math.Sqrt(100) * PolicyState.ReferenceVolatilityPerRootSecond, 100, 0, 0);
        Assert.Equal(0f, state[1]);
        Assert.Equal(0f, state[0]);
        Assert.Equal(0f, state[3]);
    }

    [Fact]
    public void EveryColumnIsClipped()
    {
        var high = Write(1.0, 1e-3, 60, 1.0, 1.0); // mu/sigma 1000, trend h/sigma 60,000, rv sqrt(h)/sigma 7,746
        Assert.Equal(5f, high[0]);
        Assert.Equal(5f, high[2]);
        Assert.Equal(5f, high[3]);
        Assert.Equal((float)Math.Log(1e-3 / (Math.Sqrt(60) * 1e-4)), high[1]); // 0.2554: inside the range, not clipped

        var low = Write(-1.0, 1e-9, 60, 0, -1.0);
        Assert.Equal(-5f, low[0]);
        Assert.Equal(-5f, low[1]); // ln(1e-9 / 7.7e-4) = -13.6
        Assert.Equal(-5f, low[2]);
        Assert.Equal(0f, low[3]);

        var bigNoise = Write(0, 10.0, 1, 0, 0); // ln(10 / 1e-4) = 11.5
        Assert.Equal(5f, bigNoise[1]);
    }

    [Theory]
    [InlineData(double.NaN, 0.01, 60, 0.0, 0.0, "expectedLogReturn")]
    [InlineData(double.PositiveInfinity, 0.01, 60, 0.0, 0.0, "expectedLogReturn")]
    [InlineData(0.001, 0.0, 60, 0.0, 0.0, "noiseStandardDeviation")]
    [InlineData(0.001, -0.01, 60, 0.0, 0.0, "noiseStandardDeviation")]
    [InlineData(0.001, double.NaN, 60, 0.0, 0.0, "noiseStandardDeviation")]
    [InlineData(0.001, double.PositiveInfinity, 60, 0.0, 0.0, "noiseStandardDeviation")]
    [InlineData(0.001, 0.01, 0, 0.0, 0.0, "horizon")]
    [InlineData(0.001, 0.01, -5, 0.0, 0.0, "horizon")]
    [InlineData(0.001, 0.01, 60, double.NaN, 0.0, "realisedVolatility")]
    [InlineData(0.001, 0.01, 60, -1e-4, 0.0, "realisedVolatility")]
    [InlineData(0.001, 0.01, 60, double.PositiveInfinity, 0.0, "realisedVolatility")]
    [InlineData(0.001, 0.01, 60, 0.0, double.NaN, "trend")]
    [InlineData(0.001, 0.01, 60, 0.0, double.NegativeInfinity, "trend")]
    public void NonFiniteOrOutOfRangeInputIsRefusedNamingTheField(double mu, double sigma, double horizonSeconds, double rv, double trend, string field)
    {
        var horizon = TimeSpan.FromSeconds(horizonSeconds);
        var refusal = PolicyState.Refusal(mu, sigma, horizon, rv, trend);
        Assert.NotNull(refusal);
        Assert.Equal(field, refusal.Value.Field);
        var state = new float[PolicyState.Width];
        var e = Assert.Throws<ArgumentException>(() => PolicyState.Write(mu, sigma, horizon, rv, trend, state));
        Assert.Equal(field, e.ParamName);
        Assert.Equal(new float[PolicyState.Width], state); // nothing written
    }

    [Fact]
    public void AStateOfAnotherWidthIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => PolicyState.Write(0, 0.01, TimeSpan.FromSeconds(60), 0, 0, new float[3]));
        Assert.Equal("state", e.ParamName);
        Assert.Null(PolicyState.Refusal(0, 0.01, TimeSpan.FromSeconds(60), 0, 0));
    }

    [Fact]
    public void TheSchemaListsOneNamePerColumn()
    {
        Assert.Equal(PolicyState.Width, PolicyState.Columns.Count);
        Assert.Equal(PolicyState.Columns.Count, PolicyState.Columns.Distinct(StringComparer.Ordinal).Count());
    }
}
