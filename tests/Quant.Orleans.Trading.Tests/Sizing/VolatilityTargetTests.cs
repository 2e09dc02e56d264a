using Quant.Orleans.Core;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Trading.Tests.Sizing;

public sealed class VolatilityTargetTests
{
    [Fact]
    public void TheFractionIsTargetOverForecastVolatilityCappedAtTheMaxLeverage()
    {
        Assert.Equal(0.5, VolatilityTarget.Fraction(0.10, 0.20, 2.0), 15);
        Assert.Equal(2.0, VolatilityTarget.Fraction(0.10, 0.02, 2.0), 15); // 5x would be the raw ratio
        Assert.Throws<ArgumentOutOfRangeException>(() => VolatilityTarget.Fraction(0.10, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolatilityTarget.Fraction(double.NaN, 0.2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolatilityTarget.Fraction(0.1, 0.2, 0));
    }

    [Fact]
    public void SizingByVolatilityTargetKeepsTheForecastRiskAndHonoursThePerSymbolCaps()
    {
        var sizer = new KellySizer(new KellySizingOptions(0.25, 0.50, 400_000m, allowShort: true));

        // 10% target, 40% forecast vol: a quarter of 1,000,000 at 50 = 5,000 units long (the Kelly fraction is not applied).
        var change = sizer.SizeVolatilityTarget(+1, 0.10, 0.40, 1_000_000m, 50m, Quantity.FromUnits(1_000));
        Assert.Equal(Quantity.FromUnits(5_000), change.Target);
        Assert.Equal(Quantity.FromUnits(4_000), change.Delta);
        Assert.Equal(0.10, 0.40 * change.Target.ToDouble() * 50 / 1_000_000, 12); // position volatility = target

        // A low forecast volatility asks for 2x equity: capped at 50% of equity, then at 400,000 notional.
        Assert.Equal(Quantity.FromUnits(-8_000), sizer.SizeVolatilityTarget(-3, 0.10, 0.05, 1_000_000m, 50m, Quantity.Zero).Target);
        Assert.Equal(Quantity.Zero, sizer.SizeVolatilityTarget(0, 0.10, 0.40, 1_000_000m, 50m, Quantity.Zero).Target);
        var longOnly = new KellySizer(new KellySizingOptions(0.25, 0.50, 400_000m, allowShort: false));
        Assert.Equal(Quantity.Zero, longOnly.SizeVolatilityTarget(-1, 0.10, 0.40, 1_000_000m, 50m, Quantity.Zero).Target);
    }
}
