using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Silo.Tests.Journal;

/// <summary>
/// Crash recovery with real processes: a silo replays IBM 2013-10-07..09 at 20,000× real time with its journal on;
/// the test places manual orders through the gateway, waits until the strategy has traded too, records every order
/// the gateway acknowledged, kills the process tree (SIGKILL) in the middle of the replay, starts a new silo on the
/// same folders and lets the replay finish. Nothing acknowledged may be missing or different, no fill may be
/// booked twice, and cash and positions must equal what the journaled fills add up to.
/// </summary>
public sealed partial class JournalRecoveryProcessTests : IDisposable
{
    private const string Symbols = "IBM";
    private const string From = "2013-10-07";
    private const string To = "2013-10-09";
    private const int Speed = 20_000;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TradeLimit = TimeSpan.FromSeconds(120);
    private readonly string _root = Directory.CreateTempSubdirectory("qo-journal-e2e-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AKilledSiloLosesNothingAcknowledgedAndBooksNoFillTwice()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        var storage = Path.Combine(_root, "state");
        var journal = Path.Combine(_root, "journal");

        // First run: manual orders, then wait until the strategy has a fill too (it trades from the second day).
        JsonElement[] ordersBefore, fillsBefore;
        var acknowledged = new List<JsonElement>();
        await using (var first = StartSilo(data, storage, journal))
        {
            using var http = new HttpClient { BaseAddress = first.Url, Timeout = TimeSpan.FromSeconds(30) };
            await PollAsync(first, StartLimit, "IBM to have quotes", async () => (await GetJsonAsync(http, "/api/symbols/IBM")) is { } s && s.GetProperty("quotes").GetInt64() > 0 ? "ok" : null);
            // Acknowledged when the gateway answers 200: the grain journaled the order before returning. Different
            // sizes keep them clear of the duplicate-order window; a rejection (e.g. no NBBO at the venue yet on a
            // loaded machine) is acknowledged too, and the order is tried again under a new ClOrdID.
            var attempt = 0;
            foreach (var (side, quantity) in new[] { ("buy", 100), ("buy", 200), ("sell", 300) })
            {
                while (true)
                {
                    Assert.True(++attempt <= 100, $"manual orders kept being rejected:\n{first.Log}");
                    var response = await http.PostAsJsonAsync("/api/accounts/SIM-1/orders", new { clOrdId = $"manual-{attempt}", symbol = "IBM", side, quantity, ordType = "market" });
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.IsSuccessStatusCode, $"POST order: {(int)response.StatusCode} {body}\n{first.Log}");
                    var order = JsonDocument.Parse(body).RootElement.GetProperty("order").Clone();
                    acknowledged.Add(order);
                    if (order.GetProperty("ordStatus").GetString() != "Rejected")
                    {
                        break;
                    }

                    await Task.Delay(100);
                }
            }

            // A second account, known to the first silo only through this order.
            var other = await http.PostAsJsonAsync("/api/accounts/SIM-2/orders", new { clOrdId = "other-1", symbol = "IBM", side = "buy", quantity = 10, ordType = "market" });
            Assert.True(other.IsSuccessStatusCode, $"POST SIM-2 order: {(int)other.StatusCode} {await other.Content.ReadAsStringAsync()}");

            var seen = await PollAsync(first, TradeLimit, "the manual orders to fill and a strategy order to fill", async () =>
            {
                if (await GetJsonAsync(http, "/api/accounts/SIM-1/orders") is not { } ordersJson || await GetJsonAsync(http, "/api/accounts/SIM-1/fills") is not { } fillsJson)
                {
                    return null;
                }

                var orders = ordersJson.EnumerateArray().ToArray();
                var fills = fillsJson.EnumerateArray().ToArray();
                var manualDone = acknowledged.Where(a => a.GetProperty("ordStatus").GetString() != "Rejected")
                    .All(a => orders.Any(o => ClOrdIdOf(o) == ClOrdIdOf(a) && IsTerminal(o)));
                var strategyFilled = orders.Any(o => ClOrdIdOf(o).StartsWith("SIM-1-", StringComparison.Ordinal) && o.GetProperty("cumQty").GetDecimal() > 0);
                return manualDone && strategyFilled ? new Seen(orders, fills) : null;
            });
            (ordersBefore, fillsBefore) = (seen.Orders, seen.Fills);

            Assert.DoesNotContain("replay finished", first.Log, StringComparison.Ordinal);
            await first.KillAsync();
        }

        // Second run on the same folders: it recovers the account and resumes the replay, which runs to its end.
        JsonElement[] ordersAfter, fillsAfter;
        JsonElement account;
        string finishedLine;
        await using (var second = StartSilo(data, storage, journal))
        {
            using var http = new HttpClient { BaseAddress = second.Url, Timeout = TimeSpan.FromSeconds(30) };
            var finished = await PollAsync(second, TradeLimit, "the resumed replay to finish", () => Task.FromResult(FinishedLine().Match(second.Log) is { Success: true } m ? m : null));
            finishedLine = finished.Value;
            Assert.True(long.Parse(finished.Groups["reread"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, $"the replay did not resume from the journal:\n{second.Log}");
            ordersAfter = (await GetRequiredAsync(second, http, "/api/accounts/SIM-1/orders")).EnumerateArray().ToArray();
            fillsAfter = (await GetRequiredAsync(second, http, "/api/accounts/SIM-1/fills")).EnumerateArray().ToArray();
            account = await GetRequiredAsync(second, http, "/api/accounts/SIM-1");

            // Every account survives the crash, and the kill switch without a body reaches all of them.
            Assert.Equal("SIM-2", (await GetRequiredAsync(second, http, "/api/accounts/SIM-2")).GetProperty("account").GetString());
            var kill = await http.PostAsync("/api/risk/kill", null);
            var halted = JsonDocument.Parse(await kill.Content.ReadAsStringAsync()).RootElement.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()!).ToArray();
            Assert.Equal(["SIM-1", "SIM-2"], halted);
            var blocked = await http.PostAsJsonAsync("/api/accounts/SIM-2/orders", new { clOrdId = "other-2", symbol = "IBM", side = "buy", quantity = 11, ordType = "market" });
            Assert.Equal("Halted", JsonDocument.Parse(await blocked.Content.ReadAsStringAsync()).RootElement.GetProperty("order").GetProperty("riskReason").GetString());
            await second.KillAsync();
        }

        // Every order the gateway showed is there; a terminal one unchanged byte for byte, an open one with the same terms.
        var byId = ordersAfter.ToDictionary(ClOrdIdOf);
        Assert.Equal(ordersAfter.Length, byId.Count);
        foreach (var before in ordersBefore.Concat(acknowledged))
        {
            var id = ClOrdIdOf(before);
            Assert.True(byId.TryGetValue(id, out var after), $"acknowledged order {id} is missing after the restart");
            foreach (var field in new[] { "symbol", "side", "ordType", "timeInForce", "quantity", "limitPrice", "createdTime" })
            {
                Assert.Equal(Field(before, field), Field(after, field));
            }

            if (IsTerminal(before))
            {
                Assert.Equal(before.GetRawText(), after.GetRawText());
            }
        }

        // Every acknowledged fill is there unchanged, and no fill is booked twice.
        var fillsById = fillsAfter.ToDictionary(f => f.GetProperty("execId").GetString()!);
        Assert.Equal(fillsAfter.Length, fillsById.Count);
        foreach (var before in fillsBefore)
        {
            Assert.True(fillsById.TryGetValue(before.GetProperty("execId").GetString()!, out var after), $"acknowledged fill {before} is missing after the restart");
            Assert.Equal(before.GetRawText(), after.GetRawText());
        }

        // Cash, fees and the position are exactly what the fills add up to, and the ledger reconciles.
        var initial = account.GetProperty("initialCash").GetDecimal();
        var notional = fillsAfter.Sum(f => (f.GetProperty("side").GetString() == "Buy" ? 1 : -1) * f.GetProperty("lastQty").GetDecimal() * f.GetProperty("lastPx").GetDecimal());
        var fees = fillsAfter.Sum(f => f.GetProperty("fee").GetDecimal());
        Assert.Equal(initial - notional - fees, account.GetProperty("cash").GetDecimal());
        Assert.Equal(fees, account.GetProperty("fees").GetDecimal());
        var position = fillsAfter.Sum(f => (f.GetProperty("side").GetString() == "Buy" ? 1 : -1) * f.GetProperty("lastQty").GetDecimal());
        var ibm = account.GetProperty("positions").EnumerateArray().Single(p => p.GetProperty("symbol").GetString() == "IBM");
        Assert.Equal(position, ibm.GetProperty("quantity").GetDecimal());
        Assert.Equal(fillsAfter.Length, account.GetProperty("fillCount").GetInt32());
        Assert.True(account.GetProperty("reconciled").GetBoolean());

        // The journal, read back offline, rebuilds the same books with no fill applied twice.
        var entries = JsonJournal<TradingJournalEntry>.ReadAll(journal, AccountEngine.JournalName("SIM-1"), TradingJournalJson.Default.TradingJournalEntry);
        var book = new PortfolioBook("SIM-1", new PortfolioBookOptions { InitialCash = initial });
        var recovery = new TradingJournalRecovery(book);
        foreach (var (_, entry) in entries)
        {
            recovery.Apply(entry);
        }

        Assert.Equal(0, recovery.DuplicateFills);
        Assert.Equal(fillsAfter.Length, book.Ledger.Fills.Count);
        Assert.Equal(account.GetProperty("cash").GetDecimal(), book.Ledger.Cash);
        Assert.True(book.Ledger.Reconcile().IsBalanced);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"acknowledged before the kill: {ordersBefore.Length} orders, {fillsBefore.Length} fills; after the restart: {ordersAfter.Length} orders, " +
            $"{fillsAfter.Length} fills, {entries.Count} journal records; {finishedLine}");
    }

    private sealed record Seen(JsonElement[] Orders, JsonElement[] Fills);

    private static bool IsTerminal(JsonElement order) => order.GetProperty("ordStatus").GetString() is "Filled" or "Canceled" or "Rejected" or "Expired" or "Replaced";

    private static string Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetRawText() : "<absent>";

    private static string ClOrdIdOf(JsonElement order) => order.GetProperty("clOrdId").GetString()!;

    private static async Task<JsonElement?> GetJsonAsync(HttpClient http, string path)
    {
        try
        {
            var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // not up yet, or too slow on a loaded machine: the caller polls again
        }
    }

    private static ServingSilo StartSilo(string data, string storage, string journal) =>
        ServingSilo.Start(typeof(JournalRecoveryProcessTests).Assembly, data, Symbols, From, To, Speed, new Dictionary<string, string> { ["Storage:Path"] = storage, ["Journal:Path"] = journal });

    private static async Task<JsonElement> GetRequiredAsync(ServingSilo silo, HttpClient http, string path) =>
        (await PollAsync(silo, TradeLimit, $"GET {path}", async () => await GetJsonAsync(http, path) is { } json ? new[] { json } : null))[0];

    /// <summary>Calls <paramref name="probe"/> every 100 ms until it returns a value, the silo exits, or the limit passes.</summary>
    private static async Task<T> PollAsync<T>(ServingSilo silo, TimeSpan limit, string what, Func<Task<T?>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            Assert.False(silo.HasExited, $"The silo exited while waiting for {what}.\n{silo.Log}");
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}.\nSilo output:\n{silo.Log}");
        throw new UnreachableException();
    }

    [GeneratedRegex(@"replay finished: (?<events>\d+) events \((?<reread>\d+) re-read after a restart\)")]
    private static partial Regex FinishedLine();
}
