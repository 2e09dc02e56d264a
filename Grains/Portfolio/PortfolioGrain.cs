using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Grid.Storage.Journal;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>An account (key: account name): a <see cref="PortfolioBook"/> that sizes, checks and sends orders to the
/// strategy's venue, and books what comes back. With a journal (<see cref="StrategyOptions.JournalDirectory"/>),
/// every order and execution report of a turn is appended and flushed to disk before the turn returns (before
/// anything is acknowledged), and activation rebuilds the book from the journal (see <see cref="TradingJournalRecovery"/>).</summary>
public sealed class PortfolioGrain : Grain, IPortfolioGrain
{
    /// <summary>Market time between two points of the equity curve: one minute, in nanoseconds.</summary>
    private const long EquityInterval = 60L * UnixNanos.NanosPerSecond;

    private readonly PortfolioBook _book;
    private readonly string _venue;
    private readonly string? _journalDirectory;
    private readonly List<TradingJournalEntry> _unjournaled = [];
    private JsonJournal<TradingJournalEntry>? _journal;
    private ReplayCheckpoint? _checkpoint;
    private SignalsProcessed? _signalsProcessed;
    private long _nextEquityPoint = long.MinValue;

    /// <summary>Creates the account with the strategy's sizing, limits, venue and journal folder.</summary>
    public PortfolioGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _book = new PortfolioBook(GetPrimaryKeyString(), options.Portfolio);
        _venue = options.Venue.Name;
        _journalDirectory = options.JournalDirectory;
    }

    /// <summary>The journal's name for an account.</summary>
    public static string JournalName(string account) => "portfolio-" + account;

    /// <summary>Recovers the account from its journal: orders, reports and fills in order, then the orders that were
    /// still working are cancelled (cancel on disconnect) and the venue's execution ids resume after the last booked.</summary>
    /// <exception cref="JournalCorruptedException">The journal is damaged (the activation fails, naming file and offset).</exception>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_journalDirectory is null)
        {
            return;
        }

        var recovery = new TradingJournalRecovery(_book);
        _journal = JsonJournal<TradingJournalEntry>.Open(_journalDirectory, JournalName(_book.Ledger.Account), TradingJournalJson.Default.TradingJournalEntry, (_, entry) => recovery.Apply(entry));
        _checkpoint = recovery.Checkpoint;
        _signalsProcessed = recovery.SignalsProcessed;
        if (recovery.HighestExecId is { } execId)
        {
            await GrainFactory.GetGrain<IExecutionGrain>(_venue).ResumeExecIdsAfter(execId);
        }

        var time = _checkpoint?.MarketTime ?? _book.Orders.Select(o => o.Order.SentTime).DefaultIfEmpty(UnixNanos.FromDateTime(TimeProvider.GetUtcNow().UtcDateTime)).Max();
        foreach (var report in recovery.CancelOpenOrders(time))
        {
            _unjournaled.Add(new ExecutionReported(report));
        }

        Commit(flushToDisk: true);
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _journal?.Dispose();
        _journal = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionReport[]> OnSignals(Signal[] signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        List<OrderRequest>? orders = null;
        Signal? last = null;
        foreach (var signal in signals)
        {
            if (_signalsProcessed is { } done && done.Covers(signal.Time, signal.Symbol))
            {
                continue; // sized before a restart; its orders are in the journal
            }

            last = signal;
            _book.Mark(signal.Nbbo);
            if (_book.OnForecast(signal.Nbbo, signal.ExpectedLogReturn, signal.NoiseStandardDeviation) is { } sized)
            {
                Journal(new OrderEntered(sized.Order, "signal", sized.Check.IsAccepted, sized.Check.IsAccepted ? string.Empty : sized.Check.Text ?? sized.Check.Reason.ToString()));
                if (sized.Check.IsAccepted)
                {
                    (orders ??= []).Add(sized.Order);
                }
            }
        }

        if (last is not null && _journal is not null && _unjournaled.Count > 0)
        {
            _signalsProcessed = new SignalsProcessed(last.Time, last.Symbol);
            Journal(_signalsProcessed);
        }

        if (orders is null)
        {
            Commit(flushToDisk: true);
            return [];
        }

        return await SendAsync(orders.ToArray());
    }

    /// <inheritdoc />
    public ValueTask OnExecutionReports(ExecutionReport[] reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            if (_book.Apply(report))
            {
                Journal(new ExecutionReported(report));
            }
        }

        Commit(flushToDisk: true);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask Mark(Quote[] quotes, UnixNanos time)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        foreach (var quote in quotes)
        {
            _book.Mark(quote);
        }

        if (time.Value >= _nextEquityPoint)
        {
            _book.RecordEquity(time);
            _nextEquityPoint = (time.Value / EquityInterval * EquityInterval) + EquityInterval;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ExecutionReport[]> SubmitOrder(Symbol symbol, Side side, Quantity quantity, Price? limitPrice)
    {
        var nbbo = _book.LastQuote(symbol);
        var time = nbbo?.Time ?? UnixNanos.FromDateTime(TimeProvider.GetUtcNow().UtcDateTime);
        var id = _book.NextClOrdId();
        var order = limitPrice is { } limit
            ? OrderRequest.Limit(id, _book.Ledger.Account, symbol, side, quantity, limit, time)
            : OrderRequest.Market(id, _book.Ledger.Account, symbol, side, quantity, time);
        var check = _book.SubmitManual(order, nbbo);
        Journal(new OrderEntered(order, "manual", check.IsAccepted, check.IsAccepted ? string.Empty : check.Text ?? check.Reason.ToString()));
        if (!check.IsAccepted)
        {
            Commit(flushToDisk: true);
            var rejected = new ExecutionReport(
                $"{id}-risk", id, order.Account, symbol, side, ExecType.Rejected, OrdStatus.Rejected, quantity, Quantity.Zero, Quantity.Zero, time, null,
                check.Reason.ToOrdRejReason(), check.Text ?? check.Reason.ToString());
            return [rejected];
        }

        return await SendAsync([order]);
    }

    /// <inheritdoc />
    public Task<PortfolioSnapshot> GetSnapshot()
    {
        var ledger = _book.Ledger;
        return Task.FromResult(new PortfolioSnapshot(
            ledger.Account, ledger.InitialCash, ledger.Cash, ledger.Equity, ledger.RealizedPnl, ledger.UnrealizedPnl, ledger.Fees,
            ledger.GetPositions().ToArray(), _book.Orders.Count, ledger.Fills.Count, _book.RiskRejections, ledger.Reconcile().IsBalanced));
    }

    /// <inheritdoc />
    public Task<PortfolioRecord> GetRecord() =>
        Task.FromResult(new PortfolioRecord(_book.Orders.ToArray(), _book.Ledger.Fills.ToArray(), _book.EquityCurve.ToArray()));

    /// <inheritdoc />
    public ValueTask RecordReplayProgress(ReplayCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (_journal is not null)
        {
            _checkpoint = checkpoint;
            Journal(checkpoint);
            Commit(flushToDisk: false);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ReplayCheckpoint?> GetReplayProgress() => Task.FromResult(_checkpoint);

    /// <summary>Sends accepted orders: their entries reach the journal file first (write-ahead, without a flush),
    /// then the venue's reports are booked and everything is flushed to disk before the reports are returned.</summary>
    private async Task<ExecutionReport[]> SendAsync(OrderRequest[] orders)
    {
        Commit(flushToDisk: false);
        var reports = await GrainFactory.GetGrain<IExecutionGrain>(_venue).Submit(orders);
        foreach (var report in reports)
        {
            if (_book.Apply(report))
            {
                Journal(new ExecutionReported(report));
            }
        }

        Commit(flushToDisk: true);
        return reports;
    }

    private void Journal(TradingJournalEntry entry)
    {
        if (_journal is not null)
        {
            _unjournaled.Add(entry);
        }
    }

    /// <summary>Appends this turn's entries as one batch (group commit), flushed to disk when asked.</summary>
    private void Commit(bool flushToDisk)
    {
        if (_journal is null || _unjournaled.Count == 0)
        {
            return;
        }

        _journal.Append(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_unjournaled), flushToDisk);
        _unjournaled.Clear();
    }
}
