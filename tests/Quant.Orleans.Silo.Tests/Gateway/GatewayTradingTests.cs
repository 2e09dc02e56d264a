using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quant.Orleans.Silo.Gateway;

namespace Quant.Orleans.Silo.Tests.Gateway;

public sealed class GatewayTradingTests
{
    private const string Orders = "/api/accounts/SIM-1/orders";

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] ExecTypes(JsonElement response) => [.. response.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("execType").GetString()!)];

    [Fact]
    public async Task AnOrderRestsIsReplacedCancelledAndItsClOrdIdIsResentOrRejectedAsADuplicate()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.QuoteAsync(0, 99.98m, 100.02m);

        var created = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "c1", symbol = "ibm", side = "buy", quantity = 100, limitPrice = 99.50m, timeInForce = "gtc" }));
        var order = created.GetProperty("order");
        Assert.Equal("PendingNew", order.GetProperty("ordStatus").GetString());
        Assert.Equal(["PendingNew"], ExecTypes(created));
        Assert.Equal(("c1", "IBM", "Buy", "Limit", "Gtc"), (order.GetProperty("clOrdId").GetString(), order.GetProperty("symbol").GetString(), order.GetProperty("side").GetString(), order.GetProperty("ordType").GetString(), order.GetProperty("timeInForce").GetString()));
        Assert.Equal((100m, 99.50m, 0m, 100m), (order.GetProperty("quantity").GetDecimal(), order.GetProperty("limitPrice").GetDecimal(), order.GetProperty("cumQty").GetDecimal(), order.GetProperty("leavesQty").GetDecimal()));
        Assert.EndsWith("Z", order.GetProperty("createdTime").GetString());
        Assert.StartsWith("SIM-1-O", order.GetProperty("orderId").GetString());
        Assert.False(order.TryGetProperty("stopPrice", out _)); // absent, not null

        await host.QuoteAsync(2, 99.98m, 100.02m); // the order arrives after the 1 ms latency and rests
        var working = await JsonOf(await host.Http.GetAsync(Orders + "?status=working"));
        Assert.Equal("New", Assert.Single(working.EnumerateArray()).GetProperty("ordStatus").GetString());

        var replaced = await JsonOf(await host.Http.PostAsJsonAsync(Orders + "/c1/replace", new { clOrdId = "c2", limitPrice = 99.60m }));
        Assert.Equal(["PendingReplace", "Replaced"], ExecTypes(replaced));
        Assert.Equal(("c2", "c1", "New", 99.60m), (replaced.GetProperty("order").GetProperty("clOrdId").GetString(), replaced.GetProperty("order").GetProperty("origClOrdId").GetString(), replaced.GetProperty("order").GetProperty("ordStatus").GetString(), replaced.GetProperty("order").GetProperty("limitPrice").GetDecimal()));
        Assert.Equal(order.GetProperty("orderId").GetString(), replaced.GetProperty("order").GetProperty("orderId").GetString());

        var all = await JsonOf(await host.Http.GetAsync(Orders));
        Assert.Equal(["c1:Replaced", "c2:New"], all.EnumerateArray().Select(o => $"{o.GetProperty("clOrdId").GetString()}:{o.GetProperty("ordStatus").GetString()}"));

        var canceled = await JsonOf(await host.Http.DeleteAsync(Orders + "/c2"));
        Assert.Equal(["PendingCancel", "Canceled"], ExecTypes(canceled));
        Assert.Equal("Canceled", canceled.GetProperty("order").GetProperty("ordStatus").GetString());
        Assert.Contains("too late", (await JsonOf(await host.Http.DeleteAsync(Orders + "/c2"), HttpStatusCode.Conflict)).GetProperty("error").GetString());
        await JsonOf(await host.Http.DeleteAsync(Orders + "/nope"), HttpStatusCode.NotFound);
        await JsonOf(await host.Http.DeleteAsync("/api/accounts/NOBODY/orders/c2"), HttpStatusCode.NotFound);
        await JsonOf(await host.Http.PostAsJsonAsync(Orders + "/c2/replace", new { limitPrice = 99.7m }), HttpStatusCode.Conflict);

        // A resend of c1 with the same content answers with the order as it is; other content is a duplicate.
        var resend = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "c1", symbol = "IBM", side = "Buy", quantity = 100, limitPrice = 99.50m, timeInForce = "GTC" }));
        Assert.Equal("Replaced", resend.GetProperty("order").GetProperty("ordStatus").GetString());
        Assert.Empty(ExecTypes(resend));
        var duplicate = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "c1", symbol = "IBM", side = "buy", quantity = 200, limitPrice = 99.50m }));
        Assert.Equal("DuplicateOrder", duplicate.GetProperty("reports")[0].GetProperty("ordRejReason").GetString());
        Assert.False(duplicate.GetProperty("order").TryGetProperty("orderId", out _)); // absent (not logged), not ""
        Assert.False(duplicate.GetProperty("reports")[0].TryGetProperty("orderId", out _));
        Assert.Equal(2, (await JsonOf(await host.Http.GetAsync(Orders))).GetArrayLength());
    }

    [Fact]
    public async Task ARestingLimitFillsWhenTheNbboTouchesItAndTheFillIsTracedToThatQuote()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.QuoteAsync(0, 99.98m, 100.02m);
        await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "r1", symbol = "IBM", side = "buy", quantity = 100, ordType = "limit", limitPrice = 100.00m }));
        await host.QuoteAsync(2, 99.98m, 100.02m);
        await host.QuoteAsync(4, 99.97m, 99.99m, askSize: 60);

        var fill = Assert.Single((await JsonOf(await host.Http.GetAsync("/api/accounts/SIM-1/fills"))).EnumerateArray());
        Assert.Equal(("r1", 60m, 100.00m), (fill.GetProperty("clOrdId").GetString(), fill.GetProperty("lastQty").GetDecimal(), fill.GetProperty("lastPx").GetDecimal()));
        Assert.Equal(GatewayHost.T0.AddNanos(4_000_000).ToString(), fill.GetProperty("quoteTime").GetString());
        Assert.True(fill.GetProperty("fee").GetDecimal() > 0);
        var order = Assert.Single((await JsonOf(await host.Http.GetAsync(Orders + "?status=working"))).EnumerateArray());
        Assert.Equal(("PartiallyFilled", 60m, 40m, 100.00m), (order.GetProperty("ordStatus").GetString(), order.GetProperty("cumQty").GetDecimal(), order.GetProperty("leavesQty").GetDecimal(), order.GetProperty("avgPx").GetDecimal()));
        var account = await JsonOf(await host.Http.GetAsync("/api/accounts/SIM-1"));
        Assert.Equal(60m, account.GetProperty("positions")[0].GetProperty("quantity").GetDecimal());
        Assert.True(account.GetProperty("reconciled").GetBoolean());
    }

    [Fact]
    public async Task InvalidInputIsA400NamingTheFieldAndValue()
    {
        await using var host = await GatewayHost.StartAsync();
        async Task<string> Bad(object body) => (await JsonOf(await host.Http.PostAsJsonAsync(Orders, body), HttpStatusCode.BadRequest)).GetProperty("error").GetString()!;

        Assert.Contains("side must be 'buy' or 'sell', got 'hold'", await Bad(new { symbol = "IBM", side = "hold", quantity = 1 }));
        Assert.Contains("ordType must be", await Bad(new { symbol = "IBM", side = "buy", quantity = 1, ordType = "iceberg" }));
        Assert.Contains("stopPrice is required for ordType Stop", await Bad(new { symbol = "IBM", side = "buy", quantity = 1, ordType = "stop" }));
        Assert.Contains("timeInForce must be", await Bad(new { symbol = "IBM", side = "buy", quantity = 1, timeInForce = "forever" }));
        Assert.Contains("quantity must be positive, got -5", await Bad(new { symbol = "IBM", side = "buy", quantity = -5 }));
        var malformed = await host.Http.PostAsync(Orders, new StringContent("{\"symbol\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains("Malformed JSON", (await JsonOf(malformed, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        await JsonOf(await host.Http.GetAsync(Orders + "?status=open"), HttpStatusCode.BadRequest);
        await JsonOf(await host.Http.PostAsJsonAsync("/api/accounts/bad name/orders", new { symbol = "IBM", side = "buy", quantity = 1 }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheKillSwitchBlocksNewOrdersCancelsEveryWorkingOrderAndResumeRestoresTrading()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.QuoteAsync(0, 99.98m, 100.02m);
        foreach (var (id, side, price) in new[] { ("k1", "buy", 99.0m), ("k2", "buy", 98.0m), ("k3", "sell", 101.0m) })
        {
            await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = id, symbol = "IBM", side, quantity = 10, limitPrice = price, timeInForce = "gtc" }));
        }

        await host.QuoteAsync(2, 99.98m, 100.02m);
        var fatFinger = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "ff", symbol = "IBM", side = "buy", quantity = 10, limitPrice = 150m }));
        Assert.Equal("Rejected", fatFinger.GetProperty("order").GetProperty("ordStatus").GetString());
        Assert.Equal(("OrderExceedsLimit", "PriceCollarBreached"), (fatFinger.GetProperty("reports")[0].GetProperty("ordRejReason").GetString(), fatFinger.GetProperty("reports")[0].GetProperty("riskReason").GetString()));

        var risk = Assert.Single((await JsonOf(await host.Http.GetAsync("/api/risk"))).EnumerateArray());
        Assert.Equal(("SIM-1", "Active", 3), (risk.GetProperty("account").GetString(), risk.GetProperty("state").GetString(), risk.GetProperty("usage").GetProperty("workingOrders").GetInt32()));
        Assert.Equal(5000m, risk.GetProperty("limits").GetProperty("maxOrderQuantity").GetDecimal());
        Assert.Equal(1, risk.GetProperty("rejections").GetProperty("PriceCollarBreached").GetInt64());

        var kill = await JsonOf(await host.Http.PostAsJsonAsync("/api/risk/kill", new { reason = "test kill" }));
        Assert.Equal(["SIM-1"], kill.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(3, kill.GetProperty("ordersCanceled").GetInt32());
        Assert.Equal("Halted", kill.GetProperty("state").GetString());
        var blocked = kill.GetProperty("blockedMicros").GetDouble();
        Assert.InRange(blocked, double.Epsilon, kill.GetProperty("canceledMicros").GetDouble());
        Assert.Empty((await JsonOf(await host.Http.GetAsync(Orders + "?status=working"))).EnumerateArray());

        var blockedOrder = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99m }));
        Assert.Equal("Halted", blockedOrder.GetProperty("reports")[0].GetProperty("riskReason").GetString());
        Assert.Contains("test kill", blockedOrder.GetProperty("reports")[0].GetProperty("text").GetString());
        Assert.Equal("Halted", (await JsonOf(await host.Http.GetAsync("/api/risk/SIM-1"))).GetProperty("state").GetString());

        await JsonOf(await host.Http.PostAsJsonAsync("/api/risk/kill", new { account = "NOBODY" }), HttpStatusCode.NotFound);
        await JsonOf(await host.Http.PostAsJsonAsync("/api/risk/resume", new { state = "halted" }), HttpStatusCode.BadRequest);
        var resumed = Assert.Single((await JsonOf(await host.Http.PostAsJsonAsync("/api/risk/resume", new { account = "SIM-1", state = "reducing" }))).EnumerateArray());
        Assert.Equal("Reducing", resumed.GetProperty("state").GetString());
        var reducing = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99m }));
        Assert.Equal("ReducingOnly", reducing.GetProperty("reports")[0].GetProperty("riskReason").GetString());
        var active = Assert.Single((await JsonOf(await host.Http.PostAsync("/api/risk/resume", null))).EnumerateArray());
        Assert.Equal("Active", active.GetProperty("state").GetString());
        var duplicate = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99m }));
        Assert.Equal("DuplicateOrderWindow", duplicate.GetProperty("reports")[0].GetProperty("riskReason").GetString()); // same as k1, same market second
        var accepted = await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99.1m }));
        Assert.Equal("PendingNew", accepted.GetProperty("order").GetProperty("ordStatus").GetString());
    }

    [Fact]
    public async Task TheEventStreamCarriesOrderAndRiskEventsAndKeepAlives()
    {
        await using var host = await GatewayHost.StartAsync(keepAlive: TimeSpan.FromMilliseconds(200));
        await host.QuoteAsync(0, 99.98m, 100.02m);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events?account=SIM-1");
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(": connected", await reader.ReadLineAsync(timeout.Token));

        await JsonOf(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "e1", symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99m }));
        await JsonOf(await host.Http.PostAsJsonAsync("/api/risk/kill", new { account = "SIM-1" }));

        var events = new List<(string Name, JsonElement Data)>();
        var keepAlives = 0;
        string? name = null;
        while (keepAlives == 0 || !events.Any(e => e.Name == "risk"))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line == ": keep-alive")
            {
                keepAlives++;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
            }
        }

        var orderEvents = events.Where(e => e.Name == "order").Select(e => e.Data).ToArray();
        Assert.Equal(["PendingNew", "PendingCancel", "Canceled"], orderEvents.Select(e => e.GetProperty("execType").GetString()));
        Assert.All(orderEvents, e => Assert.Equal("e1", e.GetProperty("clOrdId").GetString()));
        Assert.Equal("Halted", events.Single(e => e.Name == "risk").Data.GetProperty("state").GetString());
        Assert.True(keepAlives >= 1);
    }

    [Theory]
    [InlineData("GET", "203.0.113.9", null, null, true)]
    [InlineData("POST", "127.0.0.1", null, null, true)]
    [InlineData("DELETE", "::1", null, null, true)]
    [InlineData("POST", "::ffff:127.0.0.1", null, null, true)]
    [InlineData("POST", "203.0.113.9", null, "0123456789abcdef", false)]
    [InlineData("POST", "203.0.113.9", "Bearer wrong-token-000000", "0123456789abcdef", false)]
    [InlineData("DELETE", "203.0.113.9", "Bearer 0123456789abcdef", "0123456789abcdef", true)]
    [InlineData("POST", "203.0.113.9", "Bearer 0123456789abcdef", null, false)]
    public void MutatingRequestsFromOtherHostsNeedTheBearerToken(string method, string remote, string? authorization, string? token, bool allowed)
        => Assert.Equal(allowed, GatewayEndpoints.Allows(method, IPAddress.Parse(remote), authorization, token));
}
