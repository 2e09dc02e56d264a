using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Forecasting;

public sealed class MicrostructureFeaturesTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromSeconds(30);

    private static UnixNanos Seconds(double s) => new((long)(s * UnixNanos.NanosPerSecond));

    [Fact]
    public void RelativeSpreadIsSpreadOverMidAndIgnoresOneSidedQuotes()
    {
        var f = new MicrostructureFeatures(HalfLife);
        Assert.Equal(0.0, f.RelativeSpread);
        Assert.False(f.HasQuote);
        f.OnQuote(Seconds(0), 99.99, 100.01);

        // (100.01 − 99.99) / 100 = 2e-4.
        Tolerance.AssertClose(2e-4, f.RelativeSpread, Tolerance.SameFormulaDouble);
        f.OnQuote(Seconds(1), 0.0, 100.05); // one-sided: the prevailing quote stays
        f.OnQuote(Seconds(2), 100.02, 100.02); // locked: likewise
        Tolerance.AssertClose(2e-4, f.RelativeSpread, Tolerance.SameFormulaDouble);
        Assert.Equal(3, f.QuoteCount);
    }

    [Fact]
    public void QuoteRuleSignsTradesAboveAndBelowTheMid()
    {
        var f = new MicrostructureFeatures(HalfLife);
        f.OnQuote(Seconds(0), 10.00, 10.02);
        Assert.Equal(1, f.OnTrade(Seconds(1), 10.02, 300));
        Assert.Equal(1.0, f.TradeFlowImbalance);

        // Same instant, no decay: B = 300, S = 100 → (300 − 100) / 400 = 0.5.
        Assert.Equal(-1, f.OnTrade(Seconds(1), 10.00, 100));
        Assert.Equal(0.5, f.TradeFlowImbalance);
    }

    [Fact]
    public void VolumesDecayByHalfOverOneHalfLife()
    {
        var f = new MicrostructureFeatures(HalfLife);
        f.OnQuote(Seconds(0), 10.00, 10.02);
        f.OnTrade(Seconds(0), 10.02, 100); // buy
        f.OnTrade(Seconds(30), 10.00, 100); // sell one half-life later: B = 50, S = 100
        Tolerance.AssertClose(50.0, f.BuyVolume, Tolerance.SameFormulaDouble);
        Assert.Equal(100.0, f.SellVolume);
        Tolerance.AssertClose(-1.0 / 3.0, f.TradeFlowImbalance, Tolerance.SameFormulaDouble);

        // A quote in between decays nothing: the ratio only changes at a trade.
        var before = f.TradeFlowImbalance;
        f.OnQuote(Seconds(90), 10.00, 10.02);
        Assert.Equal(before, f.TradeFlowImbalance);
    }

    [Fact]
    public void TickRuleSignsTradesAtTheMidOrWithoutAQuote()
    {
        var f = new MicrostructureFeatures(HalfLife);
        Assert.Equal(0, f.OnTrade(Seconds(0), 20.00, 100)); // no quote, no earlier price: unsigned
        Assert.Equal(0.0, f.TradeFlowImbalance);
        Assert.Equal(1, f.OnTrade(Seconds(0), 20.01, 100)); // uptick
        Assert.Equal(1, f.OnTrade(Seconds(0), 20.01, 100)); // zero-uptick
        Assert.Equal(-1, f.OnTrade(Seconds(0), 20.00, 100)); // downtick
        Assert.Equal(-1, f.OnTrade(Seconds(0), 20.00, 100)); // zero-downtick
        f.OnQuote(Seconds(0), 19.99, 20.01); // mid 20.00
        Assert.Equal(-1, f.OnTrade(Seconds(0), 20.00, 100)); // at the mid: tick rule (zero-downtick)
        Assert.Equal(1, f.OnTrade(Seconds(0), 20.01, 100)); // above the mid: quote rule
        Assert.Equal(-1, f.OnTrade(Seconds(0), 20.00, 100)); // at the mid after the uptick to 20.01: downtick → sell
        // B = 100 + 100 + 100 = 300, S = 100 × 4 = 400 at one instant: (300 − 400) / 700.
        Tolerance.AssertClose(-1.0 / 7.0, f.TradeFlowImbalance, Tolerance.SameFormulaDouble);
        Assert.Equal(8, f.TradeCount);
    }

    [Fact]
    public void RefusesBackwardTimesAndBadTrades()
    {
        var f = new MicrostructureFeatures(HalfLife);
        f.OnQuote(Seconds(10), 10.00, 10.02);
        Assert.False(f.OnQuote(Seconds(9), 10.00, 10.04));
        Assert.Equal(0, f.OnTrade(Seconds(9), 10.02, 100));
        Assert.Equal(0, f.OnTrade(Seconds(11), double.NaN, 100));
        Assert.Equal(0, f.OnTrade(Seconds(11), 10.02, 0));
        Assert.Equal(4, f.RejectedCount);
        Assert.Equal(0, f.TradeCount);
        Assert.Equal(0.0, f.TradeFlowImbalance);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MicrostructureFeatures(TimeSpan.Zero));
    }

    [Fact]
    public void RestoredStateContinuesBitForBit()
    {
        var a = new MicrostructureFeatures(HalfLife);
        var rng = new DeterministicRandom(7);
        var t = 0.0;
        for (var k = 0; k < 200; k++)
        {
            t += rng.NextDouble();
            var mid = 50 + (rng.NextInt(11) - 5) * 0.01;
            if (rng.NextInt(3) == 0)
            {
                a.OnQuote(Seconds(t), mid - 0.01, mid + 0.01);
            }
            else
            {
                a.OnTrade(Seconds(t), mid + (rng.NextInt(3) - 1) * 0.01, (1 + rng.NextInt(9)) * 100);
            }
        }

        var b = new MicrostructureFeatures(HalfLife);
        b.Restore(a.Capture());
        for (var k = 0; k < 50; k++)
        {
            t += 0.5;
            Assert.Equal(a.OnTrade(Seconds(t), 50 + k % 3 * 0.01, 100), b.OnTrade(Seconds(t), 50 + k % 3 * 0.01, 100));
            Assert.Equal(a.TradeFlowImbalance, b.TradeFlowImbalance);
        }

        Assert.Equal(a.Capture(), b.Capture());
        b.Reset();
        Assert.Equal(0.0, b.TradeFlowImbalance);
        Assert.False(b.HasQuote);
    }

    [Fact]
    public void RestoreRefusesAnInvalidState()
    {
        var f = new MicrostructureFeatures(HalfLife);
        var good = f.Capture();
        var e = Assert.Throws<ArgumentException>(() => f.Restore(good with { BuyVolume = -1 }));
        Assert.Contains("BuyVolume", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => f.Restore(good with { Bid = 10, Ask = 9 }));
        Assert.Throws<ArgumentException>(() => f.Restore(good with { LastTickSign = 2 }));
        Assert.Throws<ArgumentNullException>(() => f.Restore(null!));
    }
}
