using Quant.Orleans.Core;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using static Quant.Orleans.Trading.Tests.Accounts.AccountRig;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>The engine over a journal store: each call's entries are one batch; orders are appended (surviving a
/// process kill) before the venue sees them and the call's batch is flushed before it returns; marks and replay
/// progress are appended unflushed, without waiting; a snapshot flushes first and confirms the engine still holds the
/// journal; closing releases the journal.</summary>
public sealed class AccountEngineJournalStoreTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-engine-store");
    private readonly List<string> _log = [];

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OrdersAreAppendedBeforeTheVenueSeesThemAndEveryCallIsFlushedBeforeItReturns()
    {
        var store = new RecordingStore(new FileJournalStore(_folder.Path), _log);
        using var rig = new AccountRig(store);
        rig.Engine.Dispose();
        rig.Engine = rig.NewEngine(new RecordingVenue(rig.Host.Session(Account), _log));
        await rig.Engine.RecoverAsync();
        Assert.Equal(["open portfolio-ACC1", "reconnect"], _log);

        _log.Clear();
        await rig.Quote(0, 99.99m, 100.01m);
        Assert.Equal(["take", "unflushed 1"], _log); // nothing booked; the minute's equity point waits for a flush

        _log.Clear();
        await rig.Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        Assert.Equal(["quote", "append 1 flush=False", "submit 1", "flush"], _log); // the venue answers after its latency

        _log.Clear();
        await rig.Quote(5, 99.99m, 100.01m);
        Assert.Equal(["take", "append 2 flush=True"], _log); // the acknowledgement and the fill, then no new minute

        _log.Clear();
        rig.Engine.RecordReplayProgress(new ReplayCheckpoint("r", 10, At(1)));
        await rig.Engine.ResumeAsync(RiskState.Active, "again");
        Assert.Equal(["unflushed 1", "append 1 flush=True"], _log);

        _log.Clear();
        var snapshot = await rig.Engine.CaptureAsync();
        Assert.Equal(["flush", "confirm"], _log);
        Assert.Equal(store.Last!.LastSequence, snapshot.JournalEntries);

        _log.Clear();
        await rig.Engine.CloseAsync();
        await rig.Engine.CloseAsync(); // idempotent
        Assert.Equal(["dispose"], _log);
        Assert.Equal(snapshot.JournalEntries, rig.Engine.JournalEntries);
    }

    /// <summary>Logs the journal calls of the store's journals.</summary>
    private sealed class RecordingStore(IJournalStore inner, List<string> log) : IJournalStore
    {
        public IRecordJournal? Last { get; private set; }

        public string Describe(string name) => inner.Describe(name);

        public async ValueTask<IRecordJournal> OpenAsync(string name, Action<JournalRecord>? onRecord, CancellationToken cancellationToken = default)
        {
            log.Add($"open {name}");
            return Last = new RecordingJournal(await inner.OpenAsync(name, onRecord, cancellationToken), log);
        }

        public ValueTask<JournalScan> ReadAsync(string name, Action<JournalRecord> onRecord, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(name, onRecord, cancellationToken);
    }

    private sealed class RecordingJournal(IRecordJournal inner, List<string> log) : IRecordJournal
    {
        public string Location => inner.Location;

        public long LastSequence => inner.LastSequence;

        public JournalScan Recovery => inner.Recovery;

        public long AppendUnflushed(ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
        {
            log.Add($"unflushed {payloads.Length}");
            return inner.AppendUnflushed(payloads);
        }

        public ValueTask<long> AppendAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> payloads, bool flush, CancellationToken cancellationToken = default)
        {
            log.Add($"append {payloads.Length} flush={flush}");
            return inner.AppendAsync(payloads, flush, cancellationToken);
        }

        public void Flush()
        {
            log.Add("flush");
            inner.Flush();
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            log.Add("flush");
            return inner.FlushAsync(cancellationToken);
        }

        public ValueTask ConfirmWriterAsync(CancellationToken cancellationToken = default)
        {
            log.Add("confirm");
            return inner.ConfirmWriterAsync(cancellationToken);
        }

        public void Dispose()
        {
            log.Add("dispose");
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            log.Add("dispose");
            return inner.DisposeAsync();
        }
    }

    /// <summary>Logs the venue calls that matter for the write-ahead order.</summary>
    private sealed class RecordingVenue(IVenueSession inner, List<string> log) : IVenueSession
    {
        public ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders)
        {
            log.Add($"submit {orders.Length}");
            return inner.Submit(orders);
        }

        public ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, UnixNanos time, string reason) => inner.Cancel(clOrdId, time, reason);

        public ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement) => inner.Replace(origClOrdId, replacement);

        public ValueTask<ExecutionReport[]> CancelAll(UnixNanos time, string reason) => inner.CancelAll(time, reason);

        public ValueTask<ExecutionReport[]> TakeReports()
        {
            log.Add("take");
            return inner.TakeReports();
        }

        public ValueTask<Quote?> GetQuote(Symbol symbol)
        {
            log.Add("quote");
            return inner.GetQuote(symbol);
        }

        public ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders)
        {
            log.Add("reconnect");
            return inner.Reconnect(lastExecSequence, openOrders);
        }
    }
}
