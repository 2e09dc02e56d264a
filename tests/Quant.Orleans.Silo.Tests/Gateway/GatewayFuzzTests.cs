using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Quant.Orleans.Silo.Tests.Gateway;

/// <summary>
/// Fuzzing of the gateway's JSON doors through real HTTP (the in-process Kestrel of <see cref="GatewayHost"/>): 10,000
/// seeded mutations (<see cref="GatewayFuzzer"/>) of order, replace, kill and resume bodies. Every answer is below 500
/// and is JSON; every refusal is <c>{"error": ...}</c> without exception text, of bounded length, and a 400 names a
/// field or the position; the orders and fills the account had before are unchanged, and every order it has now that
/// it did not have is one the fuzz was answered 200 for.
/// </summary>
public sealed class GatewayFuzzTests
{
    private const string Orders = "/api/accounts/SIM-1/orders";

    private const int Cases = 10_000;

    /// <summary>Field names of the four request types, and words that name the position of a body-level error.</summary>
    private static readonly string[] Names =
    [
        "clOrdId", "symbol", "side", "quantity", "ordType", "limitPrice", "stopPrice", "timeInForce", "account", "reason", "state",
        "field", "price", "line ", "body",
    ];

    [Fact]
    public async Task TenThousandMutatedBodiesAreAnsweredWithJsonAndChangeNothingAlreadyAccepted()
    {
        await using var host = await GatewayHost.StartAsync();
        var before = await SetUpAsync(host);
        var resting = await Ok(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "fz-w", symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99.5m, timeInForce = "gtc" }));
        await host.QuoteAsync(4, 99.98m, 100.02m); // fz-w rests (New), so that a replace of it can pass

        var fuzzer = new GatewayFuzzer(20_131_007, Orders, ["fz-w", "p-filled", "p-canceled", "p-rejected", "nope"]);
        var answered = new SortedDictionary<int, int>();
        var placed = new Dictionary<string, string>(StringComparer.Ordinal) { ["fz-w"] = Terms(resting.GetProperty("order")) };
        var failures = new List<string>();
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            var fuzz = fuzzer.Next(i);
            using var content = new ByteArrayContent(fuzz.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await host.Http.PostAsync(fuzz.Path, content);
            var status = (int)response.StatusCode;
            answered[status] = answered.GetValueOrDefault(status) + 1;
            if (Check(fuzz, status, await response.Content.ReadAsStringAsync(), placed) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var summary = string.Join(", ", answered.Select(a => $"{a.Key}: {a.Value}"));
        Assert.True(answered.GetValueOrDefault(200) > 500 && answered.GetValueOrDefault(400) > 5_000, summary); // the fuzz reached both sides of the checks
        Assert.True(placed.Count > 100, $"{placed.Count} orders placed; {summary}");

        var after = await SnapshotAsync(host);
        Assert.Equal(before.Fills, after.Fills); // no quote came during the fuzz: nothing filled
        foreach (var (id, order) in before.Orders)
        {
            Assert.Equal(order, after.Orders.GetValueOrDefault(id));
        }

        // Every order the account has now and did not have is one the fuzz was answered 200 for, with the terms of that
        // answer (its state may have moved on: a valid kill of the fuzz cancels it).
        var added = after.Orders.Keys.Except(before.Orders.Keys).ToHashSet();
        Assert.Empty(added.Except(placed.Keys));
        Assert.Equal(before.Orders.Count + added.Count, after.Orders.Count);
        Assert.Equal(placed.OrderBy(p => p.Key, StringComparer.Ordinal), added.Order(StringComparer.Ordinal).Select(id => KeyValuePair.Create(id, Terms(JsonDocument.Parse(after.Orders[id]).RootElement))));
    }

    /// <summary>Null when the answer keeps the rules; else what is wrong with it.</summary>
    private static string? Check(FuzzCase fuzz, int status, string body, Dictionary<string, string> placed)
    {
        if (status >= 500 || body.Length == 0)
        {
            return $"{status} '{Cap(body)}' for {fuzz}";
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return $"{status}: not JSON '{Cap(body)}' for {fuzz}";
        }

        if (status == 200)
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("order", out var order) && order.TryGetProperty("orderId", out _))
            {
                placed[order.GetProperty("clOrdId").GetString()!] = Terms(order);
            }

            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String
            || error.GetString() is not { Length: > 0 } message)
        {
            return $"{status}: no error '{Cap(body)}' for {fuzz}";
        }

        if (message.Contains("(Parameter", StringComparison.Ordinal) || message.Contains("Exception", StringComparison.Ordinal)
            || message.Contains("System.", StringComparison.Ordinal) || message.Length > 400)
        {
            return $"{status}: error with exception text or too long '{Cap(message)}' for {fuzz}";
        }

        return status is 400 or 413 && !Names.Any(n => message.Contains(n, StringComparison.OrdinalIgnoreCase))
            ? $"{status}: error names no field or position '{message}' for {fuzz}"
            : null;
    }

    /// <summary>What an order is, as opposed to its state: id, symbol, side, type, time in force, quantity and prices.</summary>
    private static string Terms(JsonElement order) => string.Join(
        "|",
        new[] { "orderId", "origClOrdId", "symbol", "side", "ordType", "timeInForce", "quantity", "limitPrice", "stopPrice", "createdTime" }
            .Select(p => order.TryGetProperty(p, out var v) ? v.GetRawText() : "-"));

    private static string Cap(string text) => text.Length <= 300 ? text : $"{text[..300]}…({text.Length} characters)";

    /// <summary>Orders that are terminal before the fuzz (a fill, a cancel, a risk rejection), so that no valid kill,
    /// resume or replace of the fuzz can move them.</summary>
    private static async Task<(Dictionary<string, string> Orders, string Fills)> SetUpAsync(GatewayHost host)
    {
        await host.QuoteAsync(0, 99.98m, 100.02m);
        await Ok(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "p-filled", symbol = "IBM", side = "buy", quantity = 100, limitPrice = 100.02m }));
        await Ok(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "p-canceled", symbol = "IBM", side = "buy", quantity = 10, limitPrice = 99m, timeInForce = "gtc" }));
        await Ok(await host.Http.PostAsJsonAsync(Orders, new { clOrdId = "p-rejected", symbol = "IBM", side = "sell", quantity = 10, limitPrice = 50m }));
        await host.QuoteAsync(2, 99.98m, 100.02m);
        await Ok(await host.Http.DeleteAsync(Orders + "/p-canceled"));
        var before = await SnapshotAsync(host);
        Assert.Equal(["Canceled", "Filled", "Rejected"], before.Orders.Values.Select(o => JsonDocument.Parse(o).RootElement.GetProperty("ordStatus").GetString()).Order());
        Assert.Single(JsonDocument.Parse(before.Fills).RootElement.EnumerateArray());
        return before;
    }

    private static async Task<(Dictionary<string, string> Orders, string Fills)> SnapshotAsync(GatewayHost host)
    {
        var orders = (await Ok(await host.Http.GetAsync(Orders))).EnumerateArray()
            .ToDictionary(o => o.GetProperty("clOrdId").GetString()!, o => o.GetRawText(), StringComparer.Ordinal);
        return (orders, (await Ok(await host.Http.GetAsync("/api/accounts/SIM-1/fills"))).GetRawText());
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
