using System.Text;
using System.Text.Json.Nodes;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using static Quant.Orleans.Trading.Tests.Accounts.AccountRig;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>Account snapshots: a deep copy, an exact JSON round trip, a restore that gives back the same state, a
/// snapshot plus the journal's tail that equals the whole journal, and refusals that name the field.</summary>
public sealed class AccountSnapshotTests : IDisposable
{
    private readonly AccountRig _rig = new(journal: true);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task CaptureIsADeepCopyThatLaterTradingDoesNotChange()
    {
        await _rig.RecoverAndTradeADay();
        var snapshot = _rig.Engine.Capture();
        var json = Json(snapshot);

        await _rig.Quote(40_000, 97.00m, 97.02m);
        await _rig.Engine.NewOrderAsync(Market("later", Side.Sell, 300));
        await _rig.Quote(41_000, 97.00m, 97.02m);
        await _rig.Engine.CancelOrderAsync("evening");
        await _rig.Engine.KillAsync("late");
        _rig.Engine.Mark([Nbbo(200_000, 96m, 96.02m)], At(200_000));

        Assert.Equal(json, Json(snapshot));
        Assert.NotEqual(json, Json(_rig.Engine.Capture()));
    }

    [Fact]
    public async Task ASnapshotRoundTripsThroughJsonByteForByteWithExactDecimalsAndFixedPointValues()
    {
        await _rig.RecoverAndTradeADay();
        _rig.Engine.Mark([Nbbo(45_000, 0m, 97.02m)], At(45_000)); // a one-sided quote is kept as the last quote
        var snapshot = _rig.Engine.Capture();
        var bytes = AccountSnapshotJson.Serialize(snapshot);
        var decoded = AccountSnapshotJson.Deserialize(bytes);

        Assert.Equal(bytes, AccountSnapshotJson.Serialize(decoded));
        Assert.Equal(snapshot.Book.Ledger.Fills, decoded.Book.Ledger.Fills);
        Assert.Equal(snapshot.Book.Ledger.Positions, decoded.Book.Ledger.Positions);
        Assert.Equal(snapshot.Book.LastQuotes, decoded.Book.LastQuotes);
        Assert.Equal(snapshot.Book.Ledger.Cash.ToString(System.Globalization.CultureInfo.InvariantCulture), decoded.Book.Ledger.Cash.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(snapshot.Book.Orders.Orders.Select(o => o.Request), decoded.Book.Orders.Orders.Select(o => o.Request));
    }

    [Fact]
    public async Task AnEngineRestoredFromASnapshotHoldsExactlyTheCapturedState()
    {
        await _rig.RecoverAndTradeADay();
        var snapshot = _rig.Engine.Capture();
        var restored = await _rig.Restart(AccountSnapshotJson.Deserialize(AccountSnapshotJson.Serialize(snapshot)));

        Assert.Equal(Json(snapshot), Json(restored.Capture()));
        Assert.Equal(snapshot.MarketTime, restored.MarketTime);
        Assert.True(restored.Reconcile().IsBalanced);
    }

    [Fact]
    public async Task ASnapshotPlusTheJournalTailRecoversTheSameAccountAsTheWholeJournal()
    {
        await _rig.RecoverAndTradeADay();
        var snapshot = _rig.Engine.Capture();
        await _rig.Quote(40_000, 97.00m, 97.02m);
        await _rig.Engine.NewOrdersAsync([Market("later", Side.Sell, 300), Limit("rest-3", Side.Buy, 50, 90m)]);
        await _rig.Quote(41_000, 97.00m, 97.02m);
        await _rig.Engine.ReplaceOrderAsync("evening", new ReplaceCommand(null, Quantity.FromUnits(150), null, null));
        await _rig.Engine.KillAsync("late");
        var live = _rig.Engine.Capture();
        Assert.True(live.JournalEntries > snapshot.JournalEntries);

        var fromJournal = (await _rig.Restart()).Capture();
        var fromSnapshot = (await _rig.Restart(snapshot)).Capture();
        Assert.Equal(AccountStates.Journaled(live), AccountStates.Journaled(fromJournal));
        Assert.Equal(AccountStates.Journaled(fromJournal), AccountStates.Journaled(fromSnapshot));
        Assert.Equal(live.Book.LastClOrdIdSequence, fromSnapshot.Book.LastClOrdIdSequence);
    }

    [Fact]
    public async Task ASnapshotThatCoversMoreEntriesThanTheJournalIsRefused()
    {
        await _rig.RecoverAndTradeADay();
        var snapshot = _rig.Engine.Capture() with { JournalEntries = _rig.Engine.JournalEntries + 1 };
        var e = await Assert.ThrowsAsync<AccountSnapshotException>(() => _rig.Restart(snapshot));
        Assert.Equal("journalEntries", e.Field);
        Assert.Contains($"holds {snapshot.JournalEntries - 1}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schemaVersion", "2", "schemaVersion", "schema version 2")]
    [InlineData("book.ledger.cash", "\"lots\"", "book.ledger.cash", "")]
    [InlineData("book.ledger.fills[0].lastQty", "\"1\"", "book.ledger.fills[0].lastQty", "")]
    [InlineData("book.risk.state", "\"Sleeping\"", "book.risk.state", "")]
    [InlineData("book.orders.orders[0].request", "null", "book.orders.orders[0].request", "")]
    public async Task ASnapshotWithAFieldOfTheWrongFormIsRefusedNamingIt(string path, string json, string field, string message)
    {
        var bytes = await Tampered(n => Set(n, path, JsonNode.Parse(json)));
        var e = Assert.Throws<AccountSnapshotException>(() => AccountSnapshotJson.Deserialize(bytes));
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Account snapshot refused: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnapshotWithAMissingOrUnknownFieldIsRefusedNamingIt()
    {
        var withoutCash = await Tampered(n => ((JsonObject)n["book"]!["ledger"]!).Remove("cash"));
        var missing = Assert.Throws<AccountSnapshotException>(() => AccountSnapshotJson.Deserialize(withoutCash));
        Assert.Equal("book.ledger", missing.Field);
        Assert.Contains("'cash'", missing.Message, StringComparison.Ordinal);

        var withBonus = await Tampered(n => n["book"]!["ledger"]!["bonus"] = 1);
        var unknown = Assert.Throws<AccountSnapshotException>(() => AccountSnapshotJson.Deserialize(withBonus));
        Assert.Contains("bonus", unknown.Message, StringComparison.Ordinal);

        var withoutVersion = await Tampered(n => ((JsonObject)n).Remove("schemaVersion"));
        Assert.Equal("schemaVersion", Assert.Throws<AccountSnapshotException>(() => AccountSnapshotJson.Deserialize(withoutVersion)).Field);

        Assert.Equal("$", Assert.Throws<AccountSnapshotException>(() => AccountSnapshotJson.Deserialize("not json"u8)).Field);
        Assert.Equal("$", Assert.Throws<AccountSnapshotException>(() => AccountSnapshotJson.Deserialize("[1]"u8)).Field);
    }

    [Theory]
    [InlineData("account", "other")]
    [InlineData("book.ledger.initialCash", "other")]
    [InlineData("book.ledger", "cash")]
    [InlineData("book.ledger.fills[1].fillId", "duplicate fill")]
    [InlineData("book.orders.workingCount", "working")]
    [InlineData("book.orders.orders[0].request.account", "other order")]
    [InlineData("book.risk.duplicateWindowNext", "window")]
    [InlineData("execSequences[0].lastSequence", "negative")]
    public async Task ASnapshotThatContradictsTheAccountOrItselfIsRefusedNamingTheField(string field, string change)
    {
        await _rig.RecoverAndTradeADay();
        var s = _rig.Engine.Capture();
        var book = s.Book;
        var tampered = (field, change) switch
        {
            ("account", _) => s with { Account = "ACC2" },
            ("book.ledger.initialCash", _) => s with { Book = book with { Ledger = book.Ledger with { InitialCash = 2_000_000m } } },
            ("book.ledger", _) => s with { Book = book with { Ledger = book.Ledger with { Cash = book.Ledger.Cash + 0.01m } } },
            ("book.ledger.fills[1].fillId", _) => s with { Book = book with { Ledger = book.Ledger with { Fills = book.Ledger.Fills.SetItem(1, book.Ledger.Fills[0]) } } },
            ("book.orders.workingCount", _) => s with { Book = book with { Orders = book.Orders with { WorkingCount = book.Orders.WorkingCount + 1 } } },
            ("book.orders.orders[0].request.account", _) => s with { Book = book with { Orders = book.Orders with { Orders = book.Orders.Orders.SetItem(0, book.Orders.Orders[0] with { Request = OtherAccount(book.Orders.Orders[0].Request) }) } } },
            ("book.risk.duplicateWindowNext", _) => s with { Book = book with { Risk = book.Risk with { DuplicateWindowNext = book.Risk.DuplicateWindowNext + 1 } } },
            _ => s with { ExecSequences = [new VenueExecSequence(VenueName, -1)] },
        };

        var e = await Assert.ThrowsAsync<AccountSnapshotException>(() => _rig.Restart(tampered));
        Assert.Equal(field, e.Field);
    }

    private static OrderRequest OtherAccount(OrderRequest r) =>
        new(r.ClOrdId, "ACC2", r.Symbol, r.Side, r.Quantity, r.Type, r.LimitPrice, r.TimeInForce, r.SentTime, r.StopPrice);

    private static string Json(AccountSnapshot snapshot) => Encoding.UTF8.GetString(AccountSnapshotJson.Serialize(snapshot));

    private async Task<byte[]> Tampered(Action<JsonNode> change)
    {
        if (_rig.Engine.GetOrders(false).Length == 0)
        {
            await _rig.RecoverAndTradeADay();
        }

        var node = JsonNode.Parse(AccountSnapshotJson.Serialize(_rig.Engine.Capture()))!;
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Sets the value at a path such as <c>book.ledger.fills[0].lastQty</c>.</summary>
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            var last = i == parts.Length - 1;
            if (bracket < 0 && last)
            {
                node[name] = value;
                return;
            }

            node = node[name]!;
            if (bracket >= 0)
            {
                var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    node[index] = value;
                    return;
                }

                node = node[index]!;
            }
        }
    }
}
