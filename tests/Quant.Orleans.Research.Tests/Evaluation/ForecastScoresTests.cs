using Quant.Orleans.Core;
using Quant.Orleans.Research.Evaluation;

namespace Quant.Orleans.Research.Tests.Evaluation;

public sealed class ForecastScoresTests
{
    private static readonly double[] Levels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    private static int[] All(int n) => Enumerable.Range(0, n).ToArray();

    [Fact]
    public void TheZeroForecastScoresExactlyOneWithSymmetricLevels()
    {
        var random = new DeterministicRandom(7);
        var y = Enumerable.Range(0, 200).Select(_ => random.NextGaussian() * 3e-4).ToArray();
        var zero = new double[y.Length * Levels.Length];
        Assert.Equal(1.0, ForecastScores.WeightedQuantileLoss(zero, y, Levels, All(y.Length)), 12);
    }

    [Fact]
    public void WeightedQuantileLossMatchesAHandComputedCase()
    {
        // Two rows, levels 0.1 and 0.9: row 0 y = 1, forecasts (0, 2); row 1 y = −2, forecasts (−1, 0).
        // Pinball: row 0: 0.1·1 + (0.9 − 1)·(1 − 2) = 0.1 + 0.1; row 1: (0.1 − 1)·(−2 + 1) + (0.9 − 1)·(−2) = 0.9 + 0.2.
        // WQL = (1/2) · 2 · 1.3 / 3.
        double[] levels = [0.1, 0.9];
        double[] predictions = [0, 2, -1, 0];
        double[] y = [1, -2];
        Assert.Equal(1.3 / 3, ForecastScores.WeightedQuantileLoss(predictions, y, levels, All(2)), 12);
    }

    [Fact]
    public void APerfectPointForecastHasNoErrorAndTheNaiveForecastHasMaseOneOnItsOwnData()
    {
        double[] y = [0.002, -0.001, 0.0005, -0.003];
        Assert.Equal(0, ForecastScores.Mase(y, y, 1e-3, All(4)));
        var zero = new double[4];
        Assert.Equal(1.0, ForecastScores.Mase(zero, y, ForecastScores.NaiveScale(y), All(4)), 12);
    }

    [Fact]
    public void HitRateCountsOnlyRowsWithADirection()
    {
        double[] forecast = [1, -1, 1, 0, 1];
        double[] y = [2, 3, -1, 5, 0];
        // Rows 0..2 count (row 3 has no forecast, row 4 no outcome): one hit of three.
        Assert.Equal(1.0 / 3, ForecastScores.HitRate(forecast, y, All(5)), 12);
    }

    [Fact]
    public void StrategyReturnsPayTheFeeAndHalfSpreadOnEveryChangeIncludingTheEntry()
    {
        double[] p = [1, 1, -1, 0];
        double[] y = [0.01, -0.02, 0.01, 0.5];
        double[] half = [0.001, 0.001, 0.002, 0.003];
        var r = new double[4];
        ForecastScores.StrategyReturns(p, y, half, 0.0005, r);
        Assert.Equal(0.01 - 0.0015, r[0], 15);
        Assert.Equal(-0.02, r[1], 15);
        Assert.Equal(-0.01 - (2 * 0.0025), r[2], 15);
        Assert.Equal(-0.0035, r[3], 15);
    }

    [Fact]
    public void SortinoIsTheMeanOverTheDownsideDeviation()
    {
        double[] r = [0.02, -0.01, 0.03, -0.02];
        var expected = 0.005 / Math.Sqrt((0.0001 + 0.0004) / 4);
        Assert.Equal(expected, ForecastScores.Sortino(r, All(4)), 12);
        Assert.True(double.IsNaN(ForecastScores.Sortino([0.01, 0.02], All(2))));
    }

    [Fact]
    public void ShapesThatDisagreeAreRefusedNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => ForecastScores.WeightedQuantileLoss(new double[5], new double[2], Levels, All(2)));
        Assert.Contains("2·9", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ForecastScores.Mase(new double[2], new double[2], 0, All(2)));
        Assert.Throws<ArgumentException>(() => ForecastScores.WeightedQuantileLoss(new double[2], new double[2], [1.0], All(2)));
    }
}
