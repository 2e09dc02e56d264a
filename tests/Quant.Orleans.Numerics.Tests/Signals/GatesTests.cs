using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Numerics.Tests.Signals;

public sealed class GatesTests
{
    [Fact]
    public void VolatilityGatePassesNothingBeforeAFitAndUsesThePreviousDaysPercentiles()
    {
        var gate = new VolatilityPercentileGate(10, 90);
        Assert.False(gate.Passes(1.0, out var before));
        Assert.True(double.IsNaN(before));

        var sample = Enumerable.Range(1, 100).Select(i => (double)i).ToArray(); // CDF(x) = x / 100
        Assert.True(gate.Fit(new DateOnly(2013, 10, 7), sample));

        Assert.False(gate.Passes(5, out var low));
        Assert.Equal(5, low, 12);
        Assert.True(gate.Passes(10, out _));
        Assert.True(gate.Passes(50, out var mid));
        Assert.Equal(50, mid, 12);
        Assert.True(gate.Passes(90, out _));
        Assert.False(gate.Passes(91, out _));
    }

    [Fact]
    public void VolatilityGateKeepsItsFitWhenADayHasTooFewFiniteValues()
    {
        var gate = new VolatilityPercentileGate();
        gate.Fit(new DateOnly(2013, 10, 7), Enumerable.Range(1, 100).Select(i => (double)i).ToArray());

        Assert.False(gate.Fit(new DateOnly(2013, 10, 8), [1, 2, double.NaN, double.PositiveInfinity]));
        Assert.Equal(new DateOnly(2013, 10, 7), gate.FittedDay);
        Assert.Throws<ArgumentOutOfRangeException>(() => new VolatilityPercentileGate(50, 50));
    }

    [Theory]
    [InlineData(0.0005, 0.001, true, 0.5)]
    [InlineData(-0.0005, 0.001, true, 0.5)]
    [InlineData(0.0002, 0.001, false, 0.2)]
    [InlineData(0.0025, 0.01, true, 0.25)]
    public void JudgeComparesTheForecastToNoiseRatioWithTheThreshold(double forecast, double noise, bool passes, double ratio)
    {
        var gate = new ForecastToNoiseGate(0.25);

        Assert.Equal(passes, gate.Passes(forecast, noise, out var actual));
        Assert.Equal(ratio, actual, 12);
    }

    [Fact]
    public void JudgeNeverPassesWithoutNoise()
    {
        var gate = new ForecastToNoiseGate(0);

        Assert.False(gate.Passes(0.01, 0, out var ratio));
        Assert.True(double.IsNaN(ratio));
    }
}
