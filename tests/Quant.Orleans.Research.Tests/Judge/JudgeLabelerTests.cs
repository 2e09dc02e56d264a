using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Tests.Judge;

public sealed class JudgeLabelerTests
{
    // Barriers disabled (multiples 0): the trade is closed at the vertical barrier, 3 steps after entry.
    private static readonly TripleBarrierOptions Vertical3 = new() { ProfitTakingMultiple = 0, StopLossMultiple = 0, MaxHoldingObservations = 3 };

    private static JudgeMarketData Market(double[] mid, double halfSpread)
    {
        var n = mid.Length;
        return new JudgeMarketData(
            [.. Enumerable.Range(1, n).Select(i => i * SyntheticJudgeMarket.Second)],
            mid,
            [.. Enumerable.Repeat(halfSpread, n)],
            new double[n],
            new double[n],
            new double[n],
            [],
            0);
    }

    [Fact]
    public void FeeAndSpreadPushAMarginalWinToZero()
    {
        // A long from 100 to 100.03 gains 3 bp gross.
        double[] mid = [100, 100.01, 100.02, 100.03, 100.03];
        var candidate = new List<JudgeCandidate> { new(0, Mu: 0.001, Sigma: 0.001) };

        var free = JudgeLabeler.Label(Market(mid, 0), candidate, new JudgeLabelOptions { Barriers = Vertical3, FeeRate = 0 })[0];
        Assert.Equal(3, free.TouchIndex);
        Assert.Equal(0.0003, free.GrossReturn, 12);
        Assert.Equal((byte)1, free.Label);

        // Costs 2 · 0.5 bp fee + 1 bp half-spread in + 1 bp out = 3 bp: net exactly 0, which is not a win.
        var costly = JudgeLabeler.Label(Market(mid, 0.0001), candidate, new JudgeLabelOptions { Barriers = Vertical3, FeeRate = 0.00005 })[0];
        Assert.Equal(0.0003, costly.Cost, 15);
        Assert.Equal(0.0, costly.NetReturn, 12);
        Assert.Equal((byte)0, costly.Label);

        // Fee alone (1 bp round trip) leaves 2 bp: still a win.
        var feeOnly = JudgeLabeler.Label(Market(mid, 0), candidate, new JudgeLabelOptions { Barriers = Vertical3, FeeRate = 0.00005 })[0];
        Assert.Equal((byte)1, feeOnly.Label);
        Assert.Equal(0.0002, feeOnly.NetReturn, 12);
    }

    [Fact]
    public void TheSideComesFromTheForecastSignAndTheExitSpreadIsTheTouchStepsSpread()
    {
        double[] mid = [100, 99.9, 99.8, 99.7, 99.7];
        var market = Market(mid, 0.0001) with { HalfSpread = [0.0001, 0.0001, 0.0001, 0.0004, 0.0001] };
        var labels = JudgeLabeler.Label(market, [new(0, Mu: -0.002, Sigma: 0.001), new(0, Mu: 0.002, Sigma: 0.001)], new JudgeLabelOptions { Barriers = Vertical3, FeeRate = 0 });
        Assert.Equal(-1, labels[0].Side);
        Assert.Equal(0.003, labels[0].GrossReturn, 12);
        Assert.Equal(0.0005, labels[0].Cost, 15); // entry 1 bp + exit at step 3: 4 bp
        Assert.Equal((byte)1, labels[0].Label);
        Assert.Equal((byte)0, labels[1].Label); // the long loses
    }

    [Fact]
    public void AHorizontalBarrierScaledByEwmaVolatilityEndsTheTrade()
    {
        // Steps of +1 bp, then a jump of +1 %: σ₁ ≈ 1 bp per step, barrier ≈ 1 bp · √V = 3 bp for V = 9.
        double[] mid = [100, 100.01, 100.02, 100.03, 101.05, 101.06, 101.07, 101.08, 101.09, 101.1, 101.11];
        var options = new JudgeLabelOptions { Barriers = new TripleBarrierOptions { MaxHoldingObservations = 9 }, VolatilitySpan = 3, FeeRate = 0 };
        var label = JudgeLabeler.Label(Market(mid, 0), [new(3, Mu: 0.001, Sigma: 0.001)], options)[0];
        Assert.Equal(4, label.TouchIndex);
        Assert.Equal(BarrierKind.ProfitTaking, label.Barrier);
    }

    [Fact]
    public void UnsortedOrInvalidCandidatesAreRefused()
    {
        var market = Market([100, 100, 100, 100], 0);
        var options = new JudgeLabelOptions { Barriers = Vertical3 };
        Assert.Throws<ArgumentException>(() => JudgeLabeler.Label(market, [new(2, 0.001, 0.001), new(1, 0.001, 0.001)], options));
        Assert.Throws<ArgumentException>(() => JudgeLabeler.Label(market, [new(1, 0, 0.001)], options));
        Assert.Throws<ArgumentException>(() => JudgeLabeler.Label(market, [new(9, 0.001, 0.001)], options));
    }
}
