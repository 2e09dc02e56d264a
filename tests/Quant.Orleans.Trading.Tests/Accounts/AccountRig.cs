using Quant.Orleans.Core;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>An account engine on a simulated venue (1 ms latency, $0.0035 per share, $0.35 minimum per order), with a
/// recording event sink, a manual wall clock (2013-10-07 13:30 UTC) and, when asked, a journal folder.</summary>
internal sealed class AccountRig : IDisposable
{
    public const string Account = "ACC1";
    public const string VenueName = "SIM";

    /// <summary>2013-10-07 13:30:00 UTC in milliseconds since the epoch: market times are offsets from it.</summary>
    public const long OpenMillis = 1_381_152_600_000L;

    public static readonly Symbol Ibm = new("IBM");
    public static readonly Symbol Msft = new("MSFT");

    private readonly TempFolder? _folder;

    public AccountRig(bool journal = false)
        : this(null, journal)
    {
    }

    /// <summary>A rig whose account journals to <paramref name="store"/> (when not null; otherwise to a temp folder
    /// when <paramref name="journal"/>).</summary>
    public AccountRig(IJournalStore? store, bool journal = false)
    {
        if (store is null && journal)
        {
            _folder = new TempFolder("qo-account");
            store = new FileJournalStore(_folder.Path);
        }

        JournalStore = store;
        Engine = NewEngine();
    }

    public static PortfolioBookOptions Options { get; } = new()
    {
        InitialCash = 1_000_000m,
        Sizing = new KellySizingOptions(0.25, 0.5, 200_000m, allowShort: true),
        Risk = new RiskLimits { Order = new PreTradeLimits(Quantity.FromUnits(5_000), 250_000m, 100m) },
    };

    public SimulatedVenueHost Host { get; } = new(new VenueOptions(VenueName, 1_000_000, new FeeSchedule(0.0035m, 0m, 0.35m)));

    public RecordingEventSink Events { get; } = new();

    public ManualTimeProvider Clock { get; } = new();

    public string? JournalDirectory => _folder?.Path;

    public IJournalStore? JournalStore { get; }

    public AccountEngine Engine { get; set; }

    public static UnixNanos At(long millis) => new((OpenMillis + millis) * UnixNanos.NanosPerMillisecond);

    public static Quote Nbbo(long millis, decimal bid, decimal ask, Symbol? symbol = null, long size = 5_000) =>
        new(symbol ?? Ibm, At(millis), Price.FromDecimal(bid), Quantity.FromUnits(size), Price.FromDecimal(ask), Quantity.FromUnits(size));

    public static NewOrderCommand Market(string? id, Side side, long units, Symbol? symbol = null) =>
        new(id, symbol ?? Ibm, side, Quantity.FromUnits(units), OrderType.Market, null, null, TimeInForce.Day);

    public static NewOrderCommand Limit(string? id, Side side, long units, decimal limit, TimeInForce tif = TimeInForce.Gtc, Symbol? symbol = null) =>
        new(id, symbol ?? Ibm, side, Quantity.FromUnits(units), OrderType.Limit, Price.FromDecimal(limit), null, tif);

    public static AccountForecast Forecast(Quote nbbo, double expectedLogReturn, double noise = 0.01) =>
        new(nbbo.Symbol, nbbo.Time, nbbo, expectedLogReturn, noise);

    /// <summary>A new engine for the same account, venue, sink, clock and journal folder (a restarted grain).</summary>
    public AccountEngine NewEngine(IVenueSession? venue = null) =>
        new(Account, Options, VenueName, venue ?? Host.Session(Account), Events, Clock, JournalStore);

    /// <summary>A quote as the grid delivers it: to the venue, then the account books what the venue queued and marks.</summary>
    public async Task Quote(Quote quote)
    {
        Host.OnQuotes(quote);
        await Engine.SyncWithVenueAsync();
        Engine.Mark([quote], quote.Time);
    }

    public Task Quote(long millis, decimal bid, decimal ask, Symbol? symbol = null, long size = 5_000) => Quote(Nbbo(millis, bid, ask, symbol, size));

    /// <summary>Disposes the engine (its journal is closed) and recovers a new one, from <paramref name="snapshot"/> and
    /// the journal; it becomes <see cref="Engine"/>.</summary>
    public async Task<AccountEngine> Restart(AccountSnapshot? snapshot = null, IVenueSession? venue = null)
    {
        Engine.Dispose();
        Engine = NewEngine(venue);
        await Engine.RecoverAsync(snapshot);
        return Engine;
    }

    /// <summary>Recovers, then trades: a forecast that fills, a resting limit that is replaced, a risk rejection, a
    /// short in a second symbol, a cancel, the kill switch and a resume, a forecast, a resting GTC order and a DAY order
    /// that expires at the end of the day.</summary>
    public async Task RecoverAndTradeADay()
    {
        await Engine.RecoverAsync();
        var ibm = Nbbo(0, 99.99m, 100.01m);
        await Quote(ibm);
        await Quote(0, 49.99m, 50.01m, Msft);
        await Engine.OnForecastsAsync([Forecast(ibm, 0.002)]);
        await Quote(5, 99.99m, 100.01m);
        await Engine.NewOrdersAsync([Limit("rest", Side.Buy, 100, 95m), Market("big", Side.Buy, 6_000), Market("m-1", Side.Sell, 500, Msft)]);
        await Quote(10, 99.98m, 100.02m);
        await Quote(10, 49.98m, 50.02m, Msft);
        await Engine.ReplaceOrderAsync("rest", new ReplaceCommand("rest-2", Quantity.FromUnits(200), Price.FromDecimal(96m), null));
        await Engine.NewOrderAsync(Limit("gone", Side.Sell, 100, 110m));
        await Quote(15, 99.98m, 100.02m);
        await Engine.CancelOrderAsync("gone");
        await Engine.KillAsync("lunch");
        await Engine.ResumeAsync(RiskState.Active, "afternoon");
        var msft = Nbbo(20_000, 49.00m, 49.02m, Msft);
        await Quote(msft);
        await Engine.OnForecastsAsync([Forecast(msft, -0.002)]);
        await Engine.NewOrdersAsync([Limit("evening", Side.Buy, 100, 90m), Limit("day", Side.Buy, 100, 91m, TimeInForce.Day)]);
        await Quote(25_000, 98.50m, 98.52m);
        await Quote(25_000, 48.90m, 48.92m, Msft);
        Host.EndOfDay(At(30_000));
        await Engine.EndOfDayAsync(At(30_000));
    }

    public OrderRecord Order(string clOrdId) => Engine.GetOrders(workingOnly: false).Last(o => o.Order.ClOrdId.Value == clOrdId);

    public void Dispose()
    {
        Engine.Dispose();
        _folder?.Dispose();
    }
}
