using Quant.Orleans.Core;
using Quant.Orleans.Trading.Sizing;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Sizing;

/// <summary><see cref="PolicySizer"/>: target = trunc(p × min(MaxFractionOfEquity × equity, MaxNotional) / price).</summary>
public sealed class PolicySizerTests
{
    private static KellySizingOptions Caps(double maxFraction = 0.10, decimal maxNotional = 100_000m, bool allowShort = true)
        => new(0.25, maxFraction, maxNotional, allowShort);

    [Fact]
    public void TargetIsPTimesTheBudgetRoundedTowardZero()
    {
        // budget = min(0.10 x 1,000,000, 100,000) = 100,000; 0.5 x 100,000 / 33 = 1,515.15...
        Assert.Equal(Qty(1_515), PolicySizer.TargetPosition(0.5, Caps(), 1_000_000m, 33m));
        Assert.Equal(Qty(-1_515), PolicySizer.TargetPosition(-0.5, Caps(), 1_000_000m, 33m));
        Assert.Equal(Qty(3_030), PolicySizer.TargetPosition(1.0, Caps(), 1_000_000m, 33m));
        Assert.Equal(Quantity.Zero, PolicySizer.TargetPosition(0.0, Caps(), 1_000_000m, 33m));
    }

    [Fact]
    public void TheBudgetIsTheSmallerOfTheTwoCaps()
    {
        // equity cap binds: min(0.10 x 200,000, 100,000) = 20,000; 0.75 x 20,000 / 50 = 300
        Assert.Equal(Qty(300), PolicySizer.TargetPosition(0.75, Caps(), 200_000m, 50m));

        // notional cap binds: min(0.5 x 1,000,000, 40,000) = 40,000; 0.75 x 40,000 / 50 = 600 (p scales the budget,
        // it is not clipped to it: a p of 0.75 never reaches the cap)
        Assert.Equal(Qty(600), PolicySizer.TargetPosition(0.75, Caps(0.5, 40_000m), 1_000_000m, 50m));
    }

    [Fact]
    public void ShortsAreFlatWhenNotAllowedAndNoEquityIsFlat()
    {
        Assert.Equal(Quantity.Zero, PolicySizer.TargetPosition(-0.9, Caps(allowShort: false), 1_000_000m, 33m));
        Assert.Equal(Qty(2_727), PolicySizer.TargetPosition(0.9, Caps(allowShort: false), 1_000_000m, 33m));
        Assert.Equal(Quantity.Zero, PolicySizer.TargetPosition(0.9, Caps(), 0m, 33m));
        Assert.Equal(Quantity.Zero, PolicySizer.TargetPosition(0.9, Caps(), -10m, 33m));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.0000001)]
    [InlineData(-1.5)]
    [InlineData(double.PositiveInfinity)]
    public void APositionOutsideMinusOneToOneIsRefused(double p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PolicySizer.TargetPosition(p, Caps(), 1_000_000m, 33m));
        Assert.Equal("position", e.ParamName);
    }

    [Fact]
    public void ANonPositivePriceIsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PolicySizer.TargetPosition(0.5, Caps(), 1_000_000m, 0m));
        Assert.Equal("price", e.ParamName);
    }

    [Fact]
    public void APolicyVersionThatWouldBreakTheCsvIsRefused()
    {
        Assert.Equal("policy@beta-1", new PolicySizing("beta-1", () => throw new InvalidOperationException()).Method);
        Assert.Throws<ArgumentException>(() => new PolicySizing("a,b", () => throw new InvalidOperationException()));
        Assert.Throws<ArgumentException>(() => new PolicySizing(" ", () => throw new InvalidOperationException()));
    }
}
