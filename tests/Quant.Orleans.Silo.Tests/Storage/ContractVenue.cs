using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>
/// A simulated venue (1 ms latency, $0.0035 per share, $0.35 minimum) that queues every report for one account, as the
/// execution grain does, behind an <see cref="IVenueSession"/>, for the journal store contract's account test.
/// <see cref="Restart"/> replaces it by an empty one, as a new silo does.
/// </summary>
internal sealed class ContractVenue : IVenueSession
{
    public const string Account = "ACC1";

    private static readonly VenueOptions VenueOptions = new("SIM", 1_000_000, new FeeSchedule(0.0035m, 0m, 0.35m));
    private static readonly Symbol Ibm = new("IBM");
    private readonly List<ExecutionReport> _reports = [];
    private readonly List<ExecutionReport> _queue = [];
    private SimulatedVenue _venue = new(VenueOptions);

    /// <summary>A new engine for the account, journaling to <paramref name="store"/>.</summary>
    public static AccountEngine NewEngine(IJournalStore store, IVenueSession venue) => new(
        Account,
        new PortfolioBookOptions { InitialCash = 1_000_000m, Risk = new RiskLimits { Order = new PreTradeLimits(Quantity.FromUnits(5_000), 250_000m, 100m) } },
        VenueOptions.Name, venue, NullAccountEventSink.Instance, TimeProvider.System, store);

    /// <summary>Recovers a new account over <paramref name="store"/> and trades: market orders that fill, a resting limit
    /// that is replaced and then cancelled, a risk rejection, the kill switch and a resume, and replay progress.</summary>
    public static async Task<AccountEngine> TradeAsync(IJournalStore store, ContractVenue venue)
    {
        var engine = NewEngine(store, venue);
        await engine.RecoverAsync();
        await venue.QuoteAsync(engine, 0, 184.99m, 185.01m);
        await engine.NewOrdersAsync([Market("m-1", Side.Buy, 300), Limit("rest", Side.Buy, 100, 180m)]);
        await venue.QuoteAsync(engine, 5, 185.00m, 185.02m);
        await engine.NewOrderAsync(Market("m-2", Side.Sell, 100));
        await engine.NewOrderAsync(Market("too-big", Side.Buy, 6_000)); // over the 5,000-share limit: rejected
        await engine.ReplaceOrderAsync("rest", new ReplaceCommand("rest-2", Quantity.FromUnits(200), Price.FromDecimal(181m), null));
        engine.RecordReplayProgress(new ReplayCheckpoint("contract", 10, At(8)));
        await venue.QuoteAsync(engine, 10, 185.05m, 185.07m);
        await engine.CancelOrderAsync("rest-2");
        await engine.KillAsync("contract");
        await engine.ResumeAsync(RiskState.Active, "contract resumed");
        await engine.NewOrderAsync(Market("m-3", Side.Buy, 50));
        await venue.QuoteAsync(engine, 15, 185.10m, 185.12m);
        return engine;
    }

    /// <summary>Forgets every order, quote and queued report.</summary>
    public void Restart()
    {
        _venue = new SimulatedVenue(VenueOptions);
        _queue.Clear();
    }

    public ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders)
    {
        _reports.Clear();
        foreach (var order in orders)
        {
            _venue.Submit(order, _reports);
        }

        return Take();
    }

    public ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, UnixNanos time, string reason)
    {
        _reports.Clear();
        _venue.Cancel(Account, clOrdId, time, reason, _reports);
        return Take();
    }

    public ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement)
    {
        _reports.Clear();
        _venue.Replace(origClOrdId, replacement, _reports);
        return Take();
    }

    public ValueTask<ExecutionReport[]> CancelAll(UnixNanos time, string reason)
    {
        _reports.Clear();
        _venue.CancelAll(Account, time, reason, _reports);
        return Take();
    }

    public ValueTask<ExecutionReport[]> TakeReports()
    {
        _reports.Clear();
        return Take();
    }

    public ValueTask<Quote?> GetQuote(Symbol symbol) => new(_venue.TryGetLastQuote(symbol, out var quote) ? quote : null);

    public ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders)
    {
        _venue.ResumeAfter(lastExecSequence);
        var reports = _queue.ToArray();
        _queue.Clear();
        return new(new VenueReconnect(reports, openOrders.Where(id => _venue.IsWorking(Account, id)).ToArray()));
    }

    private static UnixNanos At(long millis) => new((1_381_152_600_000L + millis) * UnixNanos.NanosPerMillisecond);

    private static NewOrderCommand Market(string id, Side side, long units) =>
        new(id, Ibm, side, Quantity.FromUnits(units), OrderType.Market, null, null, TimeInForce.Day);

    private static NewOrderCommand Limit(string id, Side side, long units, decimal limit) =>
        new(id, Ibm, side, Quantity.FromUnits(units), OrderType.Limit, Price.FromDecimal(limit), null, TimeInForce.Gtc);

    /// <summary>A quote as the grid delivers it: to the venue, then the account books what the venue queued and marks.</summary>
    private async Task QuoteAsync(AccountEngine engine, long millis, decimal bid, decimal ask)
    {
        var quote = new Quote(Ibm, At(millis), Price.FromDecimal(bid), Quantity.FromUnits(500), Price.FromDecimal(ask), Quantity.FromUnits(500));
        _reports.Clear();
        _venue.OnQuote(quote, _reports);
        _queue.AddRange(_reports);
        await engine.SyncWithVenueAsync();
        engine.Mark([quote], quote.Time);
    }

    private ValueTask<ExecutionReport[]> Take()
    {
        _queue.AddRange(_reports);
        var reports = _queue.ToArray();
        _queue.Clear();
        return new(reports);
    }
}
