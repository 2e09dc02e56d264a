using Quant.Orleans.Core;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Sizing;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Sizing;

public sealed class KellySizerTests
{
    private static KellySizer Sizer(bool allowShort = true, decimal maxNotional = 1_000_000m)
        => new(new KellySizingOptions(kellyFraction: 0.25, maxFractionOfEquity: 0.5, maxNotional, allowShort));

    [Fact]
    public void TargetFractionScalesByTheKellyFractionAndCaps()
    {
        var sizer = Sizer();
        Tolerance.AssertClose(0.25, sizer.TargetFraction(1.0), Tolerance.SameFormulaDouble);
        Tolerance.AssertClose(0.5, sizer.TargetFraction(2.0), Tolerance.SameFormulaDouble);
        Tolerance.AssertClose(0.5, sizer.TargetFraction(10.0), Tolerance.SameFormulaDouble);
        Tolerance.AssertClose(-0.5, sizer.TargetFraction(double.NegativeInfinity), Tolerance.SameFormulaDouble);
        Assert.Equal(0.0, Sizer(allowShort: false).TargetFraction(-1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sizer.TargetFraction(double.NaN));
    }

    [Fact]
    public void TargetPositionRoundsTowardZero()
    {
        var sizer = Sizer();
        Assert.Equal(Qty(757), sizer.TargetPosition(0.25, 100_000m, 33m)); // 25,000 / 33 = 757.57...
        Assert.Equal(Qty(-757), sizer.TargetPosition(-0.25, 100_000m, 33m));
        Assert.Equal(Quantity.Zero, sizer.TargetPosition(0.25, -5m, 33m));
    }

    [Fact]
    public void TargetPositionIsCappedByMaxNotional()
    {
        var sizer = Sizer(maxNotional: 10_000m);
        Assert.Equal(Qty(303), sizer.TargetPosition(0.25, 100_000m, 33m)); // 10,000 / 33 = 303.03...
        Assert.Equal(Qty(-303), sizer.TargetPosition(-0.25, 100_000m, 33m));
    }

    [Fact]
    public void TargetPositionRejectsBadInputs()
    {
        var sizer = Sizer();
        Assert.Throws<ArgumentOutOfRangeException>(() => sizer.TargetPosition(0.6, 1m, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => sizer.TargetPosition(0.1, 1m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KellySizingOptions(0.0, 1.0, 1m, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KellySizingOptions(0.5, 0.0, 1m, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KellySizingOptions(0.5, 1.0, 0m, true));
    }

    [Fact]
    public void GaussianSignalBecomesAnOrderFromTheCurrentPosition()
    {
        // f* = 0.01 / 0.04 = 0.25; x 0.25 = 0.0625; 0.0625 x 100,000 / 50 = 125 shares; hold 100: buy 25.
        var change = Sizer().SizeGaussian(0.01, 0.04, 100_000m, 50m, Qty(100));
        Assert.Equal(Qty(125), change.Target);
        Assert.Equal(Side.Buy, change.OrderSide);
        Assert.Equal(Qty(25), change.OrderQuantity);
    }

    [Fact]
    public void BinarySignalBecomesAnOrderFromTheCurrentPosition()
    {
        // f* = 0.6 - 0.4 = 0.2; x 0.25 = 0.05; 0.05 x 100,000 / 20 = 250; hold 400: sell 150.
        var change = Sizer().SizeBinary(0.6, 1.0, 100_000m, 20m, Qty(400));
        Assert.Equal(Qty(250), change.Target);
        Assert.Equal(Side.Sell, change.OrderSide);
        Assert.Equal(Qty(150), change.OrderQuantity);
    }

    [Fact]
    public void NoChangeMeansNoOrder()
    {
        var change = KellySizer.Change(Qty(5), Qty(5));
        Assert.True(change.IsNoOp);
        Assert.Throws<InvalidOperationException>(() => change.OrderSide);
    }
}
