using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Trading.Tests.Sizing;

public sealed class KellyCriterionTests
{
    [Theory]
    [InlineData(0.6, 1.0, 0.2)] // even money, 60 % wins: 0.6 - 0.4 = 0.2
    [InlineData(0.55, 2.0, 0.325)] // 0.55 - 0.45 / 2
    [InlineData(0.5, 1.0, 0.0)] // fair coin: no edge
    [InlineData(0.4, 1.0, -0.2)] // negative edge
    [InlineData(1.0, 3.0, 1.0)] // sure win: stake everything
    public void BinaryFormMatchesHandComputedValues(double p, double b, double expected)
        => Tolerance.AssertClose(expected, KellyCriterion.BinaryFraction(p, b), Tolerance.SameFormulaDouble);

    [Theory]
    [InlineData(0.08, 0.04, 2.0)] // 8 % excess return, 20 % volatility
    [InlineData(0.0005, 0.0001, 5.0)] // daily
    [InlineData(-0.01, 0.04, -0.25)] // short
    public void GaussianFormMatchesHandComputedValues(double mu, double variance, double expected)
        => Tolerance.AssertClose(expected, KellyCriterion.GaussianFraction(mu, variance), Tolerance.SameFormulaDouble);

    [Theory]
    [InlineData(-0.1, 1.0)]
    [InlineData(1.1, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, double.PositiveInfinity)]
    public void BinaryFormRejectsOutOfRangeInputs(double p, double b)
        => Assert.Throws<ArgumentOutOfRangeException>(() => KellyCriterion.BinaryFraction(p, b));

    [Fact]
    public void GaussianFormRejectsNonPositiveVarianceAndNaN()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KellyCriterion.GaussianFraction(0.1, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KellyCriterion.GaussianFraction(double.NaN, 0.1));
    }
}
