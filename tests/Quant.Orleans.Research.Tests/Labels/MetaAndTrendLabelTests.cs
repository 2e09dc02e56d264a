using Quant.Orleans.Research.Labels;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Labels;

public sealed class MetaAndTrendLabelTests
{
    [Fact]
    public void MetaLabelIsOneOnlyWhenTheSidedTradeBeatsItsCost()
    {
        double[] p = [100, 100.3, 100.6, 100.9];
        long[] t = [0, 1, 2, 3];
        var vol = Enumerable.Repeat(0.1, 4).ToArray();
        var options = new TripleBarrierOptions { MaxHoldingObservations = 3 };
        // Long earns 0.9% at the vertical barrier; short loses it.
        var meta = MetaLabeler.Label(t, p, vol, [0, 0], [1, -1], options, roundTripCost: 0.002);
        Assert.Equal((byte)1, meta[0].Label);
        Assert.Equal(0.009 - 0.002, meta[0].NetReturn, 12);
        Assert.Equal((byte)0, meta[1].Label);
        // A cost above the gain flips the long to 0.
        Assert.Equal((byte)0, MetaLabeler.Label(t, p, vol, [0], [1], options, roundTripCost: 0.01)[0].Label);
        Assert.Throws<ArgumentException>(() => MetaLabeler.Label(t, p, vol, [0], [], options, 0));
    }

    [Fact]
    public void TrendScanningPicksTheCleanestTrendAndItsSign()
    {
        // Rises for 10 observations, then falls steeply: from 0 the best window is the rise (a perfect line).
        var y = Enumerable.Range(0, 10).Select(i => 100.0 + i).Concat(Enumerable.Range(1, 10).Select(i => 109.0 - (3.0 * i))).ToArray();
        var labels = TrendScanningLabeler.Label(y, [0, 10, 18], minHorizon: 3, maxHorizon: 10);
        Assert.Equal((1, 3), (labels[0].Label, labels[0].Horizon)); // a perfect line: first maximal |t| (clipped)
        Assert.Equal(TrendScanningLabeler.MaxAbsTStatistic, labels[0].Weight);
        Assert.Equal(-1, labels[1].Label);
        Assert.Equal(0, labels[2].Horizon); // two observations left < 3
        Assert.True(double.IsNaN(labels[2].TStatistic));
    }

    [Fact]
    public void TrendScanningTStatisticMatchesClosedFormOls()
    {
        double[] y = [1.0, 2.5, 2.0, 4.0, 3.5, 5.5];
        var label = TrendScanningLabeler.Label(y, [0], 6, 6)[0];
        // Closed form: x = 0..5, x̄ = 2.5, Sxx = 17.5.
        var xbar = 2.5;
        var ybar = y.Average();
        var sxy = y.Select((v, i) => (i - xbar) * (v - ybar)).Sum();
        var b = sxy / 17.5;
        var a = ybar - (b * xbar);
        var ssr = y.Select((v, i) => Math.Pow(v - a - (b * i), 2)).Sum();
        var t = b / Math.Sqrt(ssr / 4 / 17.5);
        Tolerance.AssertClose(t, label.TStatistic, Tolerance.DifferentAlgorithmDouble, "t");
        Assert.Equal(5, label.EndIndex);
    }
}
