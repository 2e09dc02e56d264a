using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Grains.Tests.Portfolio;

/// <summary>A journal write that fails (a storage outage) fails its call and ends the account's activation; once the
/// storage is back, the next call recovers the account from its journal — without the order whose entry was never
/// written, which the venue never saw either — and it trades on, without a silo restart.</summary>
public sealed class PortfolioGrainJournalFailureTests : IDisposable
{
    private static readonly Symbol Ibm = new("IBM");
    private readonly TempFolder _folder = new("qo-grain-outage");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AFailedJournalWriteFailsTheCallAndTheNextCallRecoversTheAccountFromItsJournal()
    {
        var store = new OutageStore(new FileJournalStore(_folder.Path));
        await using var cluster = await GrainsCluster.StartAsync(new StrategyOptions { JournalStore = store });
        var portfolio = cluster.Grains.GetGrain<IPortfolioGrain>("ACC");
        var venue = cluster.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        await Quote(portfolio, venue, 0, 184.99m, 185.01m);
        Assert.Equal(OrderCommandStatus.Ok, (await portfolio.NewOrder(Market("m-1", Side.Buy, 300))).Status);
        await Quote(portfolio, venue, 5, 185.00m, 185.02m);
        Assert.Single(await portfolio.GetFills());
        Assert.Equal(1, store.Opens);

        store.Down = true;
        var failed = await Assert.ThrowsAnyAsync<Exception>(async () => await portfolio.NewOrder(Market("m-2", Side.Buy, 200)));
        Assert.Contains("simulated storage outage", failed.ToString(), StringComparison.Ordinal);
        store.Down = false;

        var orders = await portfolio.GetOrders(workingOnly: false);
        Assert.Equal(2, store.Opens); // a new activation, recovered from the journal
        Assert.Equal(["m-1"], orders.Select(o => o.Order.ClOrdId.Value));
        Assert.Single(await portfolio.GetFills());

        Assert.Equal(OrderCommandStatus.Ok, (await portfolio.NewOrder(Market("m-3", Side.Sell, 100))).Status);
        await Quote(portfolio, venue, 10, 185.05m, 185.07m);
        Assert.Equal(2, (await portfolio.GetFills()).Length);
        Assert.True((await portfolio.GetSnapshot()).Reconciled);
        var journaled = await JsonJournal<TradingJournalEntry>.ReadAllAsync(store, AccountEngine.JournalName("ACC"), TradingJournalJson.Default.TradingJournalEntry, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(journaled, e => e.Entry is OrderEntered { Order.ClOrdId.Value: "m-2" });
    }

    private static NewOrderCommand Market(string id, Side side, long units) =>
        new(id, Ibm, side, Quantity.FromUnits(units), OrderType.Market, null, null, TimeInForce.Day);

    private static async Task Quote(IPortfolioGrain portfolio, IExecutionGrain venue, long millis, decimal bid, decimal ask)
    {
        var quote = new Quote(
            Ibm, new UnixNanos((1_381_152_600_000L + millis) * UnixNanos.NanosPerMillisecond),
            Price.FromDecimal(bid), Quantity.FromUnits(500), Price.FromDecimal(ask), Quantity.FromUnits(500));
        await venue.OnQuotes(new QuoteBatch([quote]));
        await portfolio.SyncWithVenue();
        await portfolio.Mark(new QuoteBatch([quote]), quote.Time);
    }

    /// <summary>A store whose writes fail, writing nothing, while <see cref="Down"/>.</summary>
    private sealed class OutageStore(IJournalStore inner) : IJournalStore
    {
        private int _opens;

        public volatile bool Down;

        public int Opens => _opens;

        public string Describe(string name) => inner.Describe(name);

        public async ValueTask<IRecordJournal> OpenAsync(string name, Action<JournalRecord>? onRecord, CancellationToken cancellationToken = default)
        {
            Fail();
            Interlocked.Increment(ref _opens);
            return new OutageJournal(await inner.OpenAsync(name, onRecord, cancellationToken), this);
        }

        public ValueTask<JournalScan> ReadAsync(string name, Action<JournalRecord> onRecord, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(name, onRecord, cancellationToken);

        public void Fail()
        {
            if (Down)
            {
                throw new IOException("simulated storage outage");
            }
        }
    }

    private sealed class OutageJournal(IRecordJournal inner, OutageStore store) : IRecordJournal
    {
        public string Location => inner.Location;

        public long LastSequence => inner.LastSequence;

        public JournalScan Recovery => inner.Recovery;

        public long AppendUnflushed(ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
        {
            store.Fail();
            return inner.AppendUnflushed(payloads);
        }

        public ValueTask<long> AppendAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> payloads, bool flush, CancellationToken cancellationToken = default)
        {
            store.Fail();
            return inner.AppendAsync(payloads, flush, cancellationToken);
        }

        public void Flush()
        {
            store.Fail();
            inner.Flush();
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            store.Fail();
            return inner.FlushAsync(cancellationToken);
        }

        public ValueTask ConfirmWriterAsync(CancellationToken cancellationToken = default)
        {
            store.Fail();
            return inner.ConfirmWriterAsync(cancellationToken);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
