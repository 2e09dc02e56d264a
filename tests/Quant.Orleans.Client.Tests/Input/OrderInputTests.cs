using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Client.Input;

namespace Quant.Orleans.Client.Tests.Input;

public sealed class OrderInputTests
{
    [Fact]
    public void LimitOrderIsParsedExactly()
    {
        var order = OrderInput.ParseOrder("BUY", "ibm", "100", "185.10", timeInForce: "DAY", clOrdId: "abc-1");

        Assert.Equal(new NewOrderRequest("IBM", "buy", 100m, "limit", 185.10m, null, "day", "abc-1"), order);
    }

    [Theory]
    [InlineData(null, null, "market")]
    [InlineData("185.10", null, "limit")]
    [InlineData(null, "184", "stop")]
    [InlineData("185.10", "184", "stopLimit")]
    public void OrderTypeFollowsFromThePrices(string? limit, string? stop, string ordType)
    {
        var order = OrderInput.ParseOrder("sell", "IBM", "0.5", limit, stop);

        Assert.Equal(ordType, order.OrdType);
        Assert.Equal(limit is null ? null : decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), order.LimitPrice);
        Assert.Equal(stop is null ? null : decimal.Parse(stop, System.Globalization.CultureInfo.InvariantCulture), order.StopPrice);
        Assert.Null(order.TimeInForce);
        Assert.Null(order.ClOrdId);
    }

    [Theory]
    [InlineData("hold")]
    [InlineData("")]
    [InlineData("b")]
    public void UnknownSideIsRefused(string side)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder(side, "IBM", "100"));
        Assert.Equal($"unknown side '{side}': the side must be 'buy' or 'sell'.", e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("-0.01")]
    public void NonPositiveQuantityIsRefusedNamingTheValue(string quantity)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", quantity));
        Assert.Equal($"quantity must be positive, got {quantity}.", e.Message);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("")]
    public void MalformedQuantityIsRefused(string quantity)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", quantity));
        Assert.StartsWith($"malformed quantity '{quantity}' for quantity", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("18x.1")]
    [InlineData("185,10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1.2.3")]
    public void MalformedPriceIsRefusedNamingTheOption(string price)
    {
        var limit = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", "100", price));
        Assert.StartsWith($"malformed price '{price}' for --limit", limit.Message, StringComparison.Ordinal);
        var stop = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", "100", stopPrice: price));
        Assert.StartsWith($"malformed price '{price}' for --stop", stop.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-185.10")]
    public void NonPositivePriceIsRefused(string price)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", "100", price));
        Assert.Equal($"price for --limit must be positive, got {price}.", e.Message);
    }

    [Theory]
    [InlineData("1000000001", "quantity must be at most 1000000000, got 1000000001.")]
    [InlineData("1000000000000000000000", "quantity must be at most 1000000000, got 1000000000000000000000.")]
    [InlineData("100000000000000000000000000000000000", "quantity must be at most 1000000000, got 100000000000000000000000000000000000.")]
    [InlineData("0.123456789", "quantity must have at most 8 decimal places, got 0.123456789.")]
    public void AQuantityOutOfTheGatewaysRangeIsRefusedBeforeSending(string quantity, string message)
    {
        Assert.Equal(message, Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", quantity)).Message);
        Assert.Equal(message.Replace("quantity ", "quantity for --qty ", StringComparison.Ordinal), Assert.Throws<ClientInputException>(() => OrderInput.ParseReplace(quantity, null, null, null)).Message);
    }

    [Theory]
    [InlineData("1000000000.5", "must be at most 1000000000")]
    [InlineData("99999999999999999999999999999999999", "must be at most 1000000000")]
    [InlineData("185.123456789", "must have at most 8 decimal places")]
    public void APriceOutOfTheGatewaysRangeIsRefusedBeforeSending(string price, string rule)
    {
        Assert.Equal($"price for --limit {rule}, got {price}.", Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", "100", price)).Message);
        Assert.Equal($"price for --stop {rule}, got {price}.", Assert.Throws<ClientInputException>(() => OrderInput.ParseReplace(null, null, price, null)).Message);
    }

    [Theory]
    [InlineData("I BM", "' '")]
    [InlineData("IBM$", "'$'")]
    [InlineData("", "1..32 characters")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", "1..32 characters")]
    public void MalformedSymbolIsRefused(string symbol, string rule)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", symbol, "100"));
        Assert.StartsWith($"malformed symbol '{symbol}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BRK.B")]
    [InlineData("EUR/USD")]
    [InlineData("es_f")]
    public void SymbolsOfTheGridRuleAreAccepted(string symbol) =>
        Assert.Equal(symbol.ToUpperInvariant(), OrderInput.ParseSymbol(symbol));

    [Theory]
    [InlineData("day", "day")]
    [InlineData("GTC", "gtc")]
    [InlineData("Ioc", "ioc")]
    [InlineData("fok", "fok")]
    public void TimeInForceIsOneOfTheFourFixValues(string text, string expected) =>
        Assert.Equal(expected, OrderInput.ParseTimeInForce(text));

    [Theory]
    [InlineData("week")]
    [InlineData("gtd")]
    [InlineData("")]
    public void UnknownTimeInForceIsRefused(string text)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", "100", timeInForce: text));
        Assert.Equal($"unknown time in force '{text}' for --tif: expected day, gtc, ioc or fok.", e.Message);
    }

    [Theory]
    [InlineData("a b", "' '")]
    [InlineData("a/b", "'/'")]
    [InlineData("", "1..64 characters")]
    public void MalformedClOrdIdIsRefused(string id, string rule)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseOrder("buy", "IBM", "100", clOrdId: id));
        Assert.StartsWith($"malformed ClOrdID '{id}' for --id", e.Message, StringComparison.Ordinal);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplaceCarriesOnlyTheChanges()
    {
        Assert.Equal(new ReplaceRequest(null, 200m, null, null), OrderInput.ParseReplace("200", null, null, null));
        Assert.Equal(new ReplaceRequest("T-1b", null, 149.5m, 148m), OrderInput.ParseReplace(null, "149.5", "148", "T-1b"));
    }

    [Fact]
    public void ReplaceWithoutAChangeOrWithABadValueIsRefused()
    {
        Assert.Equal("replace needs at least one of --qty, --limit or --stop.", Assert.Throws<ClientInputException>(() => OrderInput.ParseReplace(null, null, null, "X")).Message);
        Assert.Equal("quantity for --qty must be positive, got -5.", Assert.Throws<ClientInputException>(() => OrderInput.ParseReplace("-5", null, null, null)).Message);
        Assert.StartsWith("malformed price 'abc' for --stop", Assert.Throws<ClientInputException>(() => OrderInput.ParseReplace(null, null, "abc", null)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void MalformedGatewayIsRefused(string gateway)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseGateway(gateway));
        Assert.StartsWith($"malformed gateway '{gateway}' for --gateway", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SIM 1")]
    [InlineData("SIM/1")]
    [InlineData("")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG")]
    [InlineData("SIM:1")]
    public void MalformedAccountIsRefused(string account)
    {
        var e = Assert.Throws<ClientInputException>(() => OrderInput.ParseAccount(account));
        Assert.StartsWith($"malformed account '{account}' for --account: an account has 1..32 of", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SIM-1")]
    [InlineData("desk_2.a")]
    public void AccountsOfTheGatewayRuleAreAccepted(string account) =>
        Assert.Equal(account, OrderInput.ParseAccount(account));
}
