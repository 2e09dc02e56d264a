using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Portfolio;
using Quant.Orleans.Grid.Storage.Journal;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
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
        JsonElement[] acknowledged;
        var manualIds = new List<string>();
        await using (var first = SiloProcess.Start(data, Symbols, From, To, Speed, storage, journal))
        {
            using var http = new HttpClient { BaseAddress = first.Gateway, Timeout = TimeSpan.FromSeconds(10) };
            await PollAsync(first, StartLimit, "IBM to have quotes", async () => (await GetJsonAsync(http, "/api/symbols/IBM")) is { } s && s.GetProperty("quotes").GetInt64() > 0 ? "ok" : null);
            foreach (var side in new[] { "buy", "buy", "sell" })
            {
                // Acknowledged when the gateway answers 200 (the grain journaled the order before returning).
                var response = await http.PostAsJsonAsync("/api/accounts/SIM-1/orders", new { symbol = "IBM", side, quantity = 100 });
                Assert.True(response.IsSuccessStatusCode, $"POST order: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{first.Log}");
                var reports = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.DoesNotContain(reports.EnumerateArray(), r => r.GetProperty("execType").GetString() == "Rejected");
            }

            var placed = (await GetJsonAsync(http, "/api/accounts/SIM-1/orders"))!.Value.EnumerateArray().Where(o => o.GetProperty("origin").GetString() == "manual").ToArray();
            Assert.Equal(3, placed.Length);
            manualIds.AddRange(placed.Select(ClOrdIdOf));
            acknowledged = await PollAsync(first, TradeLimit, "the manual orders to fill and a signal order to fill", async () =>
            {
                var orders = (await GetJsonAsync(http, "/api/accounts/SIM-1/orders"))!.Value.EnumerateArray().ToArray();
                var manualDone = manualIds.All(id => orders.Any(o => ClOrdIdOf(o) == id && o.GetProperty("status").GetString() == "Filled"));
                var signalFilled = orders.Any(o => o.GetProperty("origin").GetString() == "signal" && o.GetProperty("cumQty").GetDecimal() > 0);
                return manualDone && signalFilled ? orders : null;
            });

            Assert.DoesNotContain("replay finished", first.Log, StringComparison.Ordinal);
            await first.KillAsync();
        }

        // Second run on the same folders: it recovers the account and resumes the replay, which runs to its end.
        JsonElement[] recovered;
        JsonElement account;
        string finishedLine;
        await using (var second = SiloProcess.Start(data, Symbols, From, To, Speed, storage, journal))
        {
            using var http = new HttpClient { BaseAddress = second.Gateway, Timeout = TimeSpan.FromSeconds(10) };
            var finished = await PollAsync(second, TradeLimit, "the resumed replay to finish", () => Task.FromResult(FinishedLine().Match(second.Log) is { Success: true } m ? m : null));
            finishedLine = finished.Value;
            Assert.True(long.Parse(finished.Groups["reread"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, $"the replay did not resume from the journal:\n{second.Log}");
            recovered = (await GetJsonAsync(http, "/api/accounts/SIM-1/orders"))!.Value.EnumerateArray().ToArray();
            account = (await GetJsonAsync(http, "/api/accounts/SIM-1"))!.Value;
            await second.KillAsync();
        }

        // Every acknowledged order is there, unchanged; a terminal one with the same status, fills and average price.
        var byId = recovered.ToDictionary(ClOrdIdOf);
        foreach (var before in acknowledged)
        {
            var id = ClOrdIdOf(before);
            Assert.True(byId.TryGetValue(id, out var after), $"acknowledged order {id} is missing after the restart");
            Assert.Equal(before.GetProperty("order").GetRawText(), after.GetProperty("order").GetRawText());
            Assert.Equal(before.GetProperty("origin").GetString(), after.GetProperty("origin").GetString());
            if (before.GetProperty("isTerminal").GetBoolean())
            {
                Assert.Equal(before.GetRawText(), after.GetRawText());
            }
        }

        Assert.True(recovered.Length >= acknowledged.Length);
        Assert.Equal(recovered.Length, recovered.Select(ClOrdIdOf).Distinct().Count());

        // The journal, read back offline: every fill id once, and the books it adds up to equal the silo's.
        var entries = JsonJournal<TradingJournalEntry>.ReadAll(journal, PortfolioGrain.JournalName("SIM-1"), TradingJournalJson.Default.TradingJournalEntry);
        var fills = entries.Select(e => e.Entry).OfType<ExecutionReported>().Select(e => e.Report.Fill).OfType<Fill>().ToArray();
        Assert.Equal(fills.Length, fills.Select(f => f.FillId).Distinct().Count());
        Assert.Equal(fills.Length, account.GetProperty("fillCount").GetInt32());
        Assert.True(account.GetProperty("reconciled").GetBoolean());

        var book = new PortfolioBook("SIM-1", new PortfolioBookOptions { InitialCash = account.GetProperty("initialCash").GetDecimal() });
        var recovery = new TradingJournalRecovery(book);
        foreach (var (_, entry) in entries)
        {
            recovery.Apply(entry);
        }

        Assert.Equal(0, recovery.DuplicateFills);
        Assert.True(book.Ledger.Reconcile().IsBalanced);
        var cash = book.Ledger.InitialCash - fills.Sum(f => f.Side == Side.Buy ? f.Notional : -f.Notional) - fills.Sum(f => f.Fee);
        Assert.Equal(cash, account.GetProperty("cash").GetDecimal());
        Assert.Equal(book.Ledger.Cash, account.GetProperty("cash").GetDecimal());
        Assert.Equal(fills.Sum(f => f.Fee), account.GetProperty("fees").GetDecimal());
        var position = fills.Where(f => f.Symbol.Ticker == "IBM").Sum(f => f.SignedQuantity.ToDecimal());
        var ibm = account.GetProperty("positions").EnumerateArray().Single(p => p.GetProperty("symbol").GetString() == "IBM");
        Assert.Equal(position, ibm.GetProperty("quantity").GetDecimal());

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"acknowledged before the kill: {acknowledged.Length} orders, {acknowledged.Count(o => o.GetProperty("cumQty").GetDecimal() > 0)} with fills; " +
            $"after the restart: {recovered.Length} orders, {fills.Length} fills, {entries.Count} journal records; {finishedLine}");

        // Each acknowledged fill is in the journal with the same quantity and price.
        foreach (var before in acknowledged.Where(o => o.GetProperty("cumQty").GetDecimal() > 0))
        {
            var of = fills.Where(f => f.ClOrdId.Value == ClOrdIdOf(before)).ToArray();
            Assert.Equal(before.GetProperty("cumQty").GetDecimal(), of.Sum(f => f.LastQty.ToDecimal()));
            Assert.Equal(before.GetProperty("averagePrice").GetDecimal(), of.Sum(f => f.Notional) / of.Sum(f => f.LastQty.ToDecimal()));
        }
    }

    private static string ClOrdIdOf(JsonElement order) => order.GetProperty("order").GetProperty("clOrdId").GetString()!;

    private static async Task<JsonElement?> GetJsonAsync(HttpClient http, string path)
    {
        try
        {
            var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Calls <paramref name="probe"/> every 100 ms until it returns a value, the silo exits, or the limit passes.</summary>
    private static async Task<T> PollAsync<T>(SiloProcess silo, TimeSpan limit, string what, Func<Task<T?>> probe)
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
