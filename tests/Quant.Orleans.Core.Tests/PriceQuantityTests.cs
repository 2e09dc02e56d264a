namespace Quant.Orleans.Core.Tests;

public sealed class PriceQuantityTests
{
    [Fact]
    public void DeciCentsAreExact()
    {
        Assert.Equal(181.52m, Price.FromDeciCents(1_815_200).ToDecimal());
        Assert.Equal(Price.FromDecimal(0.0001m), Price.FromDeciCents(1));
        Assert.Equal("181.52", Price.FromDeciCents(1_815_200).ToString());
    }

    [Fact]
    public void SumsAreExactWhereDoublesAreNot()
    {
        var tenth = Price.FromDecimal(0.1m);
        var sum = Price.Zero;
        for (var i = 0; i < 10; i++)
        {
            sum += tenth;
        }

        Assert.Equal(Price.FromDecimal(1m), sum);
        Assert.Equal(Quantity.FromUnits(3), Quantity.FromDecimal(1.5m) + Quantity.FromDecimal(1.5m));
        Assert.Equal(272.28m, Money.Notional(Price.FromDecimal(181.52m), Quantity.FromDecimal(1.5m)));
    }

    [Theory]
    [InlineData("1.38945", 138_945_000L)]
    [InlineData("-2", -200_000_000L)]
    [InlineData("0.00000001", 1L)]
    public void ParsesInvariantDecimals(string text, long raw) => Assert.Equal(new Price(raw), Price.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.000000001")]
    [InlineData("1,5.3.")]
    public void ParseErrorsAreFormatExceptions(string text) => Assert.Throws<FormatException>(() => Price.Parse(text));

    [Fact]
    public void RangeAndPrecisionAreChecked()
    {
        Assert.Throws<ArgumentException>(() => Price.FromDecimal(0.000000001m));
        Assert.Throws<ArgumentException>(() => Price.FromDecimal(100_000_000_000m));
        Assert.Throws<ArgumentException>(() => Quantity.FromDecimal(0.123456789m));
        Assert.Throws<OverflowException>(() => Price.FromDeciCents(long.MaxValue));
        Assert.Throws<OverflowException>(() => Quantity.FromUnits(long.MaxValue / 10));
    }

    [Fact]
    public void QuantityHelpers()
    {
        Assert.Equal(Quantity.FromUnits(5), Quantity.FromUnits(-5).Abs());
        Assert.Equal(Quantity.FromUnits(-5), -Quantity.FromUnits(5));
        Assert.Equal(Quantity.FromUnits(2), Quantity.Min(Quantity.FromUnits(2), Quantity.FromUnits(3)));
        Assert.True(Quantity.FromUnits(1).IsPositive);
        Assert.False(Quantity.Zero.IsPositive);
    }
}
