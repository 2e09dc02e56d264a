using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Research.Tests.Judge;

public sealed class JudgeMathTests
{
    [Fact]
    public void AucCountsPairsAndGivesTiesHalfCredit()
    {
        // Pairs (positive, negative): (0.8, 0.1) win, (0.8, 0.4) win, (0.4, 0.1) win, (0.4, 0.4) tie → 3.5 / 4.
        Assert.Equal(0.875, BinaryMetrics.Auc([0.1, 0.4, 0.4, 0.8], [0, 0, 1, 1]));
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.1, 0.2], [1, 1])));
    }

    [Fact]
    public void PlattScalingIsMonotoneAndMatchesTheClassRateWithoutSignal()
    {
        double[] scores = [-2, -1, -0.5, 0, 0.5, 1, 2, 3];
        byte[] labels = [0, 0, 1, 0, 1, 0, 1, 1];
        var platt = PlattScaling.Fit(scores, labels);
        Assert.True(platt.A < 0);
        Assert.True(platt.Probability(3) > platt.Probability(-2));

        // Constant scores: the probability is the smoothed class rate (N₊ + 1)/(N + 2) … close to 3/8 here.
        var flat = PlattScaling.Fit([0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0, 1, 0]);
        Assert.InRange(flat.Probability(0), 0.36, 0.40);
    }
}
