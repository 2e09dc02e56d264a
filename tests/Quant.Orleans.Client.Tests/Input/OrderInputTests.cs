using Quant.Orleans.Client.Input;

namespace Quant.Orleans.Client.Tests.Input;

public sealed class OrderInputTests
{
    [Fact]
    public void LimitOrderIsParsedExactly()
    {
        var ticket = OrderInput.Parse("BUY", "ibm", "100", "185.10");

        Assert.Equal("IBM", ticket.Symbol);
        Assert.Equal("buy", ticket.Side);
        Assert.Equal(100m, ticket.Quantity);
        Assert.Equal(185.10m, ticket.LimitPrice);
    }

    [Fact]
    public void MarketOrderHasNoLimitPrice()
    {
        var ticket = OrderInput.Parse("sell", "IBM", "0.5", null);

        Assert.Equal("sell", ticket.Side);
        Assert.Equal(0.5m, ticket.Quantity);
        Assert.Null(ticket.LimitPrice);
    }

    [Theory]
    [InlineData("hold")]
    [InlineData("")]
    [InlineData("b")]
    public void UnknownSideIsRefused(string side)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.Parse(side, "IBM", "100", null));
        Assert.Contains($"Unknown side '{side}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'buy' or 'sell'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("-0.01")]
    public void NonPositiveQuantityIsRefused(string quantity)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.Parse("buy", "IBM", quantity, null));
        Assert.Contains($"Invalid quantity {quantity}", e.Message, StringComparison.Ordinal);
        Assert.Contains("must be positive", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("")]
    public void MalformedQuantityIsRefused(string quantity)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.Parse("buy", "IBM", quantity, null));
        Assert.Contains($"Malformed quantity '{quantity}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("185,10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1.2.3")]
    public void MalformedPriceIsRefused(string price)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.Parse("buy", "IBM", "100", price));
        Assert.Contains($"Malformed limit price '{price}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-185.10")]
    public void NonPositivePriceIsRefused(string price)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.Parse("buy", "IBM", "100", price));
        Assert.Contains($"Invalid limit price {price}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I BM", "' '")]
    [InlineData("IBM$", "'$'")]
    [InlineData("", "1..32 characters")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", "1..32 characters")]
    public void MalformedSymbolIsRefused(string symbol, string rule)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.Parse("buy", symbol, "100", null));
        Assert.Contains($"Malformed symbol '{symbol}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BRK.B")]
    [InlineData("EUR/USD")]
    [InlineData("es_f")]
    public void SymbolsOfTheGridRuleAreAccepted(string symbol) =>
        Assert.Equal(symbol.ToUpperInvariant(), OrderInput.ParseSymbol(symbol));

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void MalformedGatewayIsRefused(string gateway)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseGateway(gateway));
        Assert.Contains($"Malformed gateway '{gateway}'", e.Message, StringComparison.Ordinal);
    }
}
