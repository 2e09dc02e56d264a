using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Quant.Orleans.Silo.Tests.Gateway;

/// <summary>Hostile request bodies at the gateway's order, replace, kill and resume endpoints: every refusal is a 400
/// <c>{"error": ...}</c> that names the field, the rule and (capped) the value, and carries no exception text.</summary>
public sealed class GatewayInputTests
{
    private const string Orders = "/api/accounts/SIM-1/orders";

    private static async Task<string> ErrorOf(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} {response.StatusCode}: '{body}'");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Quant.Orleans", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        return error;
    }

    private static Task<HttpResponseMessage> Post(GatewayHost host, string path, string json) =>
        host.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1e21}""", "quantity", "1000000000")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1e30}""", "quantity", "1000000000")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1e400}""", "quantity", "1000000000")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":100,"limitPrice":1e21}""", "limitPrice", "1000000000")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":100,"limitPrice":1e12}""", "limitPrice", "1000000000")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":100,"stopPrice":92233720368.54775808}""", "stopPrice", "1000000000")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":100,"limitPrice":99.123456789}""", "limitPrice", "8 decimal")]
    public async Task ANewOrdersNumberOutOfRangeIsA400NamingTheFieldAndTheLimit(string body, string field, string rule)
    {
        await using var host = await GatewayHost.StartAsync();

        var error = await ErrorOf(await Post(host, Orders, body));

        Assert.StartsWith(field + " ", error, StringComparison.Ordinal);
        Assert.Contains(rule, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplacesNumberOutOfRangeIsA400NamingTheFieldAndTheLimit()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.QuoteAsync(0, 99.98m, 100.02m);
        await Ok(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "r1", symbol = "IBM", side = "buy", quantity = 100, limitPrice = 99.5m, timeInForce = "gtc" }));
        await host.QuoteAsync(2, 99.98m, 100.02m);

        Assert.StartsWith("quantity ", await ErrorOf(await Post(host, Orders + "/r1/replace", """{"quantity":1e21}""")), StringComparison.Ordinal);
        Assert.StartsWith("limitPrice ", await ErrorOf(await Post(host, Orders + "/r1/replace", """{"limitPrice":1e12}""")), StringComparison.Ordinal);
        Assert.StartsWith("stopPrice ", await ErrorOf(await Post(host, Orders + "/r1/replace", """{"stopPrice":1e30}""")), StringComparison.Ordinal);
        Assert.Contains("8 decimal", await ErrorOf(await Post(host, Orders + "/r1/replace", """{"quantity":100.000000001}""")), StringComparison.Ordinal);

        var order = Assert.Single((await Ok(await host.Http.GetAsync(Orders))).EnumerateArray());
        Assert.Equal(("New", 100m, 99.5m), (order.GetProperty("ordStatus").GetString(), order.GetProperty("quantity").GetDecimal(), order.GetProperty("limitPrice").GetDecimal()));
    }

    [Theory]
    [InlineData("""{"symbol":"I BM","side":"buy","quantity":1}""", "symbol ")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1,"clOrdId":"a b"}""", "clOrdId ")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1,"clOrdId":""}""", "clOrdId ")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1,"limitPrice":123456789012.5}""", "limitPrice ")]
    public async Task AnErrorNamesTheRightFieldAndCarriesNoExceptionText(string body, string prefix)
    {
        await using var host = await GatewayHost.StartAsync();

        Assert.StartsWith(prefix, await ErrorOf(await Post(host, Orders, body)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltFieldIsRefusedByItsNameAndTheOrderIsNotPlaced()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.QuoteAsync(0, 99.98m, 100.02m);

        var error = await ErrorOf(await Post(host, Orders, """{"symbol":"IBM","side":"buy","quantity":100,"limit":180}"""));

        Assert.Contains("unknown field 'limit'", error, StringComparison.Ordinal);
        Assert.Contains("limitPrice", error, StringComparison.Ordinal); // the known fields are listed
        Assert.Empty((await Ok(await host.Http.GetAsync(Orders))).EnumerateArray());
        Assert.Contains("unknown field 'qty'", await ErrorOf(await Post(host, Orders + "/x/replace", """{"qty":5}""")), StringComparison.Ordinal);
        Assert.Contains("unknown field 'acount'", await ErrorOf(await Post(host, "/api/risk/kill", """{"acount":"SIM-1"}""")), StringComparison.Ordinal);
        Assert.Contains("unknown field 'sate'", await ErrorOf(await Post(host, "/api/risk/resume", """{"sate":"reducing"}""")), StringComparison.Ordinal);
        Assert.Equal("Active", (await Ok(await host.Http.GetAsync("/api/risk/SIM-1"))).GetProperty("state").GetString()); // the misspelt kill halted nothing
    }

    [Theory]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":"abc"}""", "quantity must be a JSON number, got a string")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":"100"}""", "quantity must be a JSON number, got a string")]
    [InlineData("""{"symbol":42,"side":"buy","quantity":1}""", "symbol must be a JSON string, got a number")]
    [InlineData("""{"symbol":"IBM","side":["buy"],"quantity":1}""", "side must be a JSON string, got an array")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1,"limitPrice":true}""", "limitPrice must be a JSON number, got true")]
    [InlineData("""{"symbol":"IBM","side":"buy","quantity":1,"quantity":2}""", "quantity appears twice")]
    [InlineData("""[1,2]""", "must be a JSON object, got an array")]
    [InlineData("""{"symbol": """, "Malformed JSON at line 1, byte 12")]
    public async Task AWrongJsonTypeIsA400NamingTheField(string body, string expected)
    {
        await using var host = await GatewayHost.StartAsync();

        Assert.Contains(expected, await ErrorOf(await Post(host, Orders, body)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EchoedInputIsCappedInEveryError()
    {
        await using var host = await GatewayHost.StartAsync();
        var huge = new string('A', 100_000);

        var symbol = await ErrorOf(await Post(host, Orders, $$"""{"symbol":"{{huge}}","side":"buy","quantity":1}"""));
        var side = await ErrorOf(await Post(host, Orders, $$"""{"symbol":"IBM","side":"{{huge}}","quantity":1}"""));
        var number = await ErrorOf(await Post(host, Orders, $$"""{"symbol":"IBM","side":"buy","quantity":1{{new string('0', 100_000)}}}"""));
        var key = await ErrorOf(await Post(host, Orders, $$"""{"{{huge}}":1}"""));
        var reason = await ErrorOf(await Post(host, "/api/risk/kill", $$"""{"reason":"{{huge}}"}"""));
        var path = await ErrorOf(await host.Http.DeleteAsync(Orders + "/" + new string('c', 4_000)));

        Assert.All([symbol, side, number, key, reason, path], e => Assert.True(e.Length < 400, e));
        Assert.Contains(new string('A', 64) + "…(100000 characters)", symbol, StringComparison.Ordinal);
        Assert.StartsWith("symbol ", symbol, StringComparison.Ordinal);
        Assert.StartsWith("side ", side, StringComparison.Ordinal);
        Assert.StartsWith("quantity ", number, StringComparison.Ordinal);
        Assert.Contains("(100000 characters)", key, StringComparison.Ordinal);
        Assert.StartsWith("reason ", reason, StringComparison.Ordinal);
        Assert.StartsWith("clOrdId ", path, StringComparison.Ordinal);
        Assert.Equal("Active", (await Ok(await host.Http.GetAsync("/api/risk/SIM-1"))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task FractionalSharesOfAnEquityAreRefusedAndACurrencyPairMayTradeFractions()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.QuoteAsync(0, 99.98m, 100.02m);

        var fraction = await ErrorOf(await Post(host, Orders, """{"symbol":"IBM","side":"buy","quantity":0.5,"limitPrice":99.5}"""));
        Assert.Contains("quantity must be a whole number of shares for IBM (lot size 1), got 0.5", fraction, StringComparison.Ordinal);

        await Ok(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "w1", symbol = "IBM", side = "buy", quantity = 100, limitPrice = 99.5m, timeInForce = "gtc" }));
        await host.QuoteAsync(2, 99.98m, 100.02m);
        Assert.Contains("whole number of shares for IBM", await ErrorOf(await Post(host, Orders + "/w1/replace", """{"quantity":100.5}""")), StringComparison.Ordinal);

        var pair = await Ok(await Post(host, Orders, """{"symbol":"BTC/USD","side":"buy","quantity":0.5,"limitPrice":100}"""));
        Assert.Equal(0.5m, pair.GetProperty("order").GetProperty("quantity").GetDecimal()); // accepted (then NoQuote: the silo has no BTC/USD)
        Assert.Equal(["w1:100", "BTC-fraction:0.5"], (await Ok(await host.Http.GetAsync(Orders))).EnumerateArray()
            .Select(o => $"{(o.GetProperty("symbol").GetString() == "IBM" ? o.GetProperty("clOrdId").GetString() : "BTC-fraction")}:{o.GetProperty("quantity").GetDecimal()}"));
    }
}
