using Quant.Orleans.Core;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>
/// An account journaled in Azure Blob storage (Azurite) moves to another silo: two in-process silos of separate
/// clusters, with grain state in memory (so the journal alone carries the account), share one blob journal store. The
/// account trades on the first; the first silo is then treated as dead without deactivating anything — its activation
/// stays, as on a silo that has not noticed it lost the account — and the account activates on the second, which
/// recovers every order and fill the first acknowledged. The stale activation's next journaled change is refused and
/// reaches neither the journal nor the new activation, which trades on.
/// </summary>
public sealed class AzureBlobJournalFailoverTests : IAsyncDisposable
{
    private const string Account = "ACC";
    private static readonly Symbol Ibm = new("IBM");
    private readonly string _container = "qo-failover-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<GridHost> _hosts = [];
    private Azurite? _azurite;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnotherSiloRecoversEveryAcknowledgedOrderAndFillAndTheStaleActivationWritesNothing()
    {
        _azurite = await Azurite.StartAsync();
        var first = await StartSiloAsync();
        var portfolio = first.Grains.GetGrain<IPortfolioGrain>(Account);
        var venue = first.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        await Quote(portfolio, venue, 0, 184.99m, 185.01m);
        Assert.Equal(OrderCommandStatus.Ok, (await portfolio.NewOrder(Market("m-1", Side.Buy, 300))).Status);
        Assert.Equal(OrderCommandStatus.Ok, (await portfolio.NewOrders([Market("m-2", Side.Sell, 100), Limit("rest-1", Side.Buy, 100, 180m)]))[1].Status);
        await Quote(portfolio, venue, 5, 185.00m, 185.02m);
        Assert.Equal(OrderCommandStatus.Ok, (await portfolio.CancelOrder("rest-1")).Status);
        await portfolio.Kill("failover test");
        var ordersBefore = await portfolio.GetOrders(workingOnly: false);
        var fillsBefore = await portfolio.GetFills();
        var before = await portfolio.GetSnapshot();
        Assert.Equal(2, fillsBefore.Length);
        Assert.All(ordersBefore, o => Assert.True(o.IsTerminal, $"{o.Order.ClOrdId} is {o.Status}"));

        // The first silo is taken for dead; the account activates on the second, from the shared journal only.
        var second = await StartSiloAsync();
        var recovered = second.Grains.GetGrain<IPortfolioGrain>(Account);
        Assert.Equal(ordersBefore, await recovered.GetOrders(workingOnly: false));
        Assert.Equal(fillsBefore, await recovered.GetFills());
        var after = await recovered.GetSnapshot();
        Assert.Equal((before.Cash, before.Fees, before.RealizedPnl, before.OrderCount, before.FillCount), (after.Cash, after.Fees, after.RealizedPnl, after.OrderCount, after.FillCount));
        Assert.Equal((RiskState.Halted, "failover test"), ((await recovered.GetRisk()).State, (await recovered.GetRisk()).StateReason));

        // The stale activation on the first silo is refused and writes nothing.
        var journaled = await JournalAsync();
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await portfolio.Resume(RiskState.Active, "stale silo"));
        Assert.Contains("another writer", Flatten(refused), StringComparison.Ordinal);
        Assert.Equal(journaled, await JournalAsync());
        Assert.Equal(RiskState.Halted, (await recovered.GetRisk()).State);

        // The new activation trades on: the journal continues after what the first silo acknowledged.
        var newVenue = second.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        await recovered.Resume(RiskState.Active, "after failover");
        await Quote(recovered, newVenue, 10, 185.10m, 185.12m);
        Assert.Equal(OrderCommandStatus.Ok, (await recovered.NewOrder(Market("m-3", Side.Buy, 100))).Status);
        await Quote(recovered, newVenue, 15, 185.11m, 185.13m);
        var fills = await recovered.GetFills();
        Assert.Equal(3, fills.Length);
        Assert.True((await recovered.GetSnapshot()).Reconciled);
        var entries = await JournalAsync();
        Assert.Equal(journaled, entries[..journaled.Length]);
        Assert.Equal(fills.Select(f => f.FillId), (await JsonJournal<TradingJournalEntry>.ReadAllAsync(Store(), AccountEngine.JournalName(Account), TradingJournalJson.Default.TradingJournalEntry, Token))
            .Select(e => e.Entry).OfType<ExecutionReported>().Where(r => r.Report.Fill is not null).Select(r => r.Report.Fill!.FillId));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private static NewOrderCommand Market(string id, Side side, long units) =>
        new(id, Ibm, side, Quantity.FromUnits(units), OrderType.Market, null, null, TimeInForce.Day);

    private static NewOrderCommand Limit(string id, Side side, long units, decimal limit) =>
        new(id, Ibm, side, Quantity.FromUnits(units), OrderType.Limit, Price.FromDecimal(limit), null, TimeInForce.Gtc);

    private static async Task Quote(IPortfolioGrain portfolio, IExecutionGrain venue, long millis, decimal bid, decimal ask)
    {
        var quote = new Quote(
            Ibm, new UnixNanos((1_381_152_600_000L + millis) * UnixNanos.NanosPerMillisecond),
            Price.FromDecimal(bid), Quantity.FromUnits(500), Price.FromDecimal(ask), Quantity.FromUnits(500));
        await venue.OnQuotes(new QuoteBatch([quote]));
        await portfolio.SyncWithVenue();
        await portfolio.Mark(new QuoteBatch([quote]), quote.Time);
    }

    /// <summary>A new store instance on the shared container, as each silo builds its own.</summary>
    private AzureBlobJournalStore Store() => new(_azurite!.ConnectionString, _container);

    /// <summary>The journal's records as (sequence, hex payload), read as a third party.</summary>
    private async Task<(long, string)[]> JournalAsync()
    {
        var records = new List<(long, string)>();
        await Store().ReadAsync(AccountEngine.JournalName(Account), r => records.Add((r.Sequence, Convert.ToHexString(r.Payload.Span))), Token);
        return [.. records];
    }

    private async Task<GridHost> StartSiloAsync()
    {
        var host = GridHost.Create(new SiloSettings(), new GridSiloOptions { Private = true, MemoryStorage = true, Strategy = new StrategyOptions { JournalStore = Store() } });
        _hosts.Add(host);
        await host.StartAsync(Token);
        return host;
    }
}
