using Quant.Orleans.Core;
using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Tests.Labels;

public sealed class TripleBarrierLabelerTests
{
    private static long[] Times(int n) => Enumerable.Range(0, n).Select(i => i * 1_000_000_000L).ToArray();

    [Fact]
    public void UpperBarrierTouchedFirstGivesProfitTakingForALong()
    {
        // σ = 0.01 → upper at 100·e^0.02 = 102.02, lower at 100·e^-0.01 = 99.005.
        double[] p = [100, 101, 102.5, 98, 97];
        var vol = Enumerable.Repeat(0.01, p.Length).ToArray();
        var labels = TripleBarrierLabeler.Label(Times(p.Length), p, vol, [0], [], new TripleBarrierOptions { ProfitTakingMultiple = 2, StopLossMultiple = 1, MaxHoldingObservations = 10 });
        var l = Assert.Single(labels);
        Assert.Equal(BarrierKind.ProfitTaking, l.Barrier);
        Assert.Equal(2, l.TouchIndex);
        Assert.Equal(2_000_000_000L, l.TouchTime);
        Assert.Equal(1, l.Label);
        Assert.Equal(0.025, l.Return, 12);
    }

    [Fact]
    public void AsymmetricBarriersAndShortSide()
    {
        double[] p = [100, 100.5, 101.5, 99];
        var vol = Enumerable.Repeat(0.01, p.Length).ToArray();
        var options = new TripleBarrierOptions { ProfitTakingMultiple = 2, StopLossMultiple = 1, MaxHoldingObservations = 10 };
        // Long: stop at 99.005 is never beaten before the upper 102.02? 101.5 < 102.02, then 99 < 99.005 → stop-loss at 3.
        var longLabel = TripleBarrierLabeler.Label(Times(4), p, vol, [0], [1], options)[0];
        Assert.Equal((BarrierKind.StopLoss, 3, (sbyte)-1), (longLabel.Barrier, longLabel.TouchIndex, longLabel.Label));
        // Short: stop-loss above at 100·e^0.01 = 101.005 → touched at index 2 (101.5); return = -(1.5%).
        var shortLabel = TripleBarrierLabeler.Label(Times(4), p, vol, [0], [-1], options)[0];
        Assert.Equal((BarrierKind.StopLoss, 2, (sbyte)-1), (shortLabel.Barrier, shortLabel.TouchIndex, shortLabel.Label));
        Assert.Equal(-0.015, shortLabel.Return, 12);
    }

    [Fact]
    public void VerticalBarrierByCountAndByTime()
    {
        double[] p = [100, 100.1, 100.2, 100.3, 100.4, 100.5];
        var vol = Enumerable.Repeat(0.05, p.Length).ToArray();
        var byCount = TripleBarrierLabeler.Label(Times(6), p, vol, [0], [], new TripleBarrierOptions { MaxHoldingObservations = 3 })[0];
        Assert.Equal((BarrierKind.Vertical, 3, (sbyte)1), (byCount.Barrier, byCount.TouchIndex, byCount.Label));
        var byTime = TripleBarrierLabeler.Label(Times(6), p, vol, [0], [], new TripleBarrierOptions { MaxHoldingObservations = 100, MaxHoldingNanos = 2_500_000_000L, ZeroLabelAtVertical = true })[0];
        Assert.Equal((BarrierKind.Vertical, 2, (sbyte)0), (byTime.Barrier, byTime.TouchIndex, byTime.Label));
        var atEnd = TripleBarrierLabeler.Label(Times(6), p, vol, [5], [], new TripleBarrierOptions())[0];
        Assert.Equal((5, 0.0), (atEnd.TouchIndex, atEnd.Return));
    }

    [Fact]
    public void DisabledBarrierIsIgnored()
    {
        double[] p = [100, 90, 80, 120];
        var vol = Enumerable.Repeat(0.01, p.Length).ToArray();
        var l = TripleBarrierLabeler.Label(Times(4), p, vol, [0], [], new TripleBarrierOptions { StopLossMultiple = 0, MaxHoldingObservations = 10 })[0];
        Assert.Equal((BarrierKind.ProfitTaking, 3), (l.Barrier, l.TouchIndex));
    }

    [Fact]
    public void MatchesABruteForceReferenceOnARandomWalk()
    {
        var rng = new DeterministicRandom(7);
        var n = 5_000;
        var p = new double[n];
        p[0] = 100;
        for (var i = 1; i < n; i++)
        {
            p[i] = p[i - 1] * Math.Exp(0.001 * rng.NextGaussian());
        }

        var vol = new double[n];
        EwmaVolatility.Compute(p, 50, vol);
        var events = Enumerable.Range(1, n - 1).Where(i => i % 7 == 0).ToArray(); // index 0 has no volatility (no return yet)
        var options = new TripleBarrierOptions { ProfitTakingMultiple = 1.5, StopLossMultiple = 0.75, MaxHoldingObservations = 40 };
        var labels = TripleBarrierLabeler.Label(Times(n), p, vol, events, [], options);
        for (var e = 0; e < events.Length; e++)
        {
            var s = events[e];
            var touch = Math.Min(s + 40, n - 1);
            var kind = BarrierKind.Vertical;
            for (var j = s + 1; j <= Math.Min(s + 40, n - 1); j++)
            {
                var r = Math.Log(p[j] / p[s]);
                if (r > 1.5 * vol[s]) { touch = j; kind = BarrierKind.ProfitTaking; break; }
                if (r < -0.75 * vol[s]) { touch = j; kind = BarrierKind.StopLoss; break; }
            }

            Assert.Equal((touch, kind), (labels[e].TouchIndex, labels[e].Barrier));
        }
    }

    [Fact]
    public void RejectsBadInput()
    {
        double[] p = [100, 101];
        double[] vol = [0.01, 0.01];
        Assert.Throws<ArgumentException>(() => TripleBarrierLabeler.Label(Times(2), p, vol, [2], [], new TripleBarrierOptions()));
        Assert.Throws<ArgumentException>(() => TripleBarrierLabeler.Label(Times(2), p, vol, [0], [0], new TripleBarrierOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => TripleBarrierLabeler.Label(Times(2), p, vol, [0], [], new TripleBarrierOptions { StopLossMultiple = -1 }));
    }
}
