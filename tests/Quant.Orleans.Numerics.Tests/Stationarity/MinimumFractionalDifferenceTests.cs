using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Stationarity;

namespace Quant.Orleans.Numerics.Tests.Stationarity;

public sealed class MinimumFractionalDifferenceTests
{
    [Fact]
    public void RandomWalkNeedsAPositiveOrder()
    {
        var random = new DeterministicRandom(2026);
        var x = new double[1000];
        x[0] = Math.Log(100.0);
        for (var i = 1; i < x.Length; i++)
        {
            x[i] = x[i - 1] + (0.01 * random.NextGaussian());
        }

        var result = MinimumFractionalDifference.Search(x);
        Assert.Equal(21, result.Rows.Count);
        Assert.Equal(0.0, result.Rows[0].Order);
        Assert.Equal(1.0, result.Rows[^1].Order);
        Assert.True(result.MinimumOrder > 0.0 && result.MinimumOrder <= 1.0, $"d* = {result.MinimumOrder}");
        Assert.True(result.Rows[0].Adf.Statistic > result.Rows[0].Adf.CriticalFivePercent);
        Assert.Equal(1.0, result.Rows[0].Correlation, 12);
        Assert.True(result.Rows[^1].Adf.Statistic < result.Rows[^1].Adf.CriticalFivePercent);
        var chosen = result.Rows.First(r => r.Order == result.MinimumOrder);
        Assert.True(chosen.Adf.PValue < 0.05 + 1e-3);
        Assert.True(result.Rows.TakeWhile(r => r.Order < result.MinimumOrder).All(r => r.Adf.Statistic >= r.Adf.CriticalFivePercent));
    }

    [Fact]
    public void WhiteNoiseIsAlreadyStationary()
    {
        var random = new DeterministicRandom(7);
        var x = new double[500];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextGaussian();
        }

        var result = MinimumFractionalDifference.Search(x);
        Assert.Equal(0.0, result.MinimumOrder);
    }
}
