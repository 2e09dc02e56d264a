using Quant.Orleans.Research.Labels;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Labels;

public sealed class SampleWeightsTests
{
    // Three labels over 6 observations: [0,2], [1,3], [4,5]. Concurrency 1,2,2,1,1,1.
    private static readonly int[] Starts = [0, 1, 4];
    private static readonly int[] Ends = [2, 3, 5];

    [Fact]
    public void ConcurrencyAndAverageUniquenessByHand()
    {
        Assert.Equal([1, 2, 2, 1, 1, 1], SampleWeights.Concurrency(Starts, Ends, 6));
        var u = SampleWeights.AverageUniqueness(Starts, Ends, 6);
        Tolerance.AssertAllClose([(1 + 0.5 + 0.5) / 3, (0.5 + 0.5 + 1) / 3, 1.0], u, Tolerance.SameFormulaDouble, "uniqueness");
    }

    [Fact]
    public void ReturnAttributionSumsToCountAndSharesOverlaps()
    {
        double[] p = [100, 101, 102, 101, 103, 104];
        var w = SampleWeights.ReturnAttribution(Starts, Ends, p);
        var r = Enumerable.Range(0, 6).Select(t => t == 0 ? 0 : Math.Log(p[t] / p[t - 1])).ToArray();
        var raw = new[] { Math.Abs(r[0] + (r[1] / 2) + (r[2] / 2)), Math.Abs((r[1] / 2) + (r[2] / 2) + r[3]), Math.Abs(r[4] + r[5]) };
        var scale = 3 / raw.Sum();
        Tolerance.AssertAllClose(raw.Select(x => x * scale).ToArray(), w, Tolerance.SameFormulaDouble, "weights");
    }

    [Fact]
    public void TimeDecayIsLinearInCumulativeUniqueness()
    {
        double[] u = [1, 1, 1, 1];
        Tolerance.AssertAllClose([1, 1, 1, 1], SampleWeights.TimeDecay(u, 1), Tolerance.SameFormulaDouble, "none");
        // c = 0.5: slope 0.5/4, const 0.5 → 0.625, 0.75, 0.875, 1.
        Tolerance.AssertAllClose([0.625, 0.75, 0.875, 1], SampleWeights.TimeDecay(u, 0.5), Tolerance.SameFormulaDouble, "c=0.5");
        // c = -0.5: slope 1/(0.5·4) = 0.5, const -1 → 0 (clipped), 0, 0.5, 1.
        Tolerance.AssertAllClose([0, 0, 0.5, 1], SampleWeights.TimeDecay(u, -0.5), Tolerance.SameFormulaDouble, "c=-0.5");
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleWeights.TimeDecay(u, -1));
    }
}
