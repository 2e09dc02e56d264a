using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Tests.Orders;

public sealed class QuantityRulesTests
{
    [Theory]
    [InlineData("IBM", "100")]
    [InlineData("IBM", "1")]
    [InlineData("BRK.A", "3")]
    [InlineData("BTC/USD", "0.5")]
    [InlineData("EUR/USD", "0.00000001")]
    [InlineData("IBM", "-5")] // the sign is the pre-trade checks' (NonPositiveQuantity)
    public void WholeSharesOfAnEquityAndFractionsOfAPairPass(string symbol, string quantity)
    {
        var q = Quantity.FromDecimal(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Null(QuantityRules.Problem(new Symbol(symbol), q));
        QuantityRules.Validate(new Symbol(symbol), q);
    }

    [Theory]
    [InlineData("IBM", "0.5")]
    [InlineData("IBM", "100.00000001")]
    [InlineData("AAPL", "1.25")]
    public void AFractionOfAShareIsRefusedNamingTheSymbolAndTheLot(string symbol, string quantity)
    {
        var q = Quantity.FromDecimal(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<ArgumentException>(() => QuantityRules.Validate(new Symbol(symbol), q));

        Assert.Equal($"quantity must be a whole number of shares for {symbol} (lot size 1), got {quantity}.", error.Message);
        Assert.Equal(error.Message, QuantityRules.Problem(new Symbol(symbol), q));
    }

    [Fact]
    public void AnEquityTradesInLotsOfOneShareAndAPairInTheQuantityPrecision()
    {
        Assert.Equal((Quantity.FromUnits(1), false), (QuantityRules.LotSize(new Symbol("IBM")), QuantityRules.AllowsFractions(new Symbol("IBM"))));
        Assert.Equal((new Quantity(1), true), (QuantityRules.LotSize(new Symbol("BTC/USD")), QuantityRules.AllowsFractions(new Symbol("BTC/USD"))));
    }
}
