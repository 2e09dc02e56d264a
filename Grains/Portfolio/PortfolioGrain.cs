using System.Diagnostics;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Grid.Storage.Journal;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>An account (key: account name): a <see cref="PortfolioBook"/> (sizing, risk engine, order manager,
/// ledger) that sends orders to the strategy's venue and books what comes back; it publishes its execution reports,
/// fills and risk changes to the <see cref="TradingEventHub"/>. With a journal (<see cref="StrategyOptions.JournalDirectory"/>)
/// every order entry, cancel/replace, execution report and risk change of a turn is appended and flushed to disk
/// before the turn returns — before anything is acknowledged — and activation rebuilds the account from the journal
/// (<see cref="TradingJournalRecovery"/>), then reconnects to the venue.</summary>
public sealed partial class PortfolioGrain : Grain, IPortfolioGrain
{
    /// <summary>Market time between two points of the equity curve: one minute, in nanoseconds.</summary>
    private const long EquityInterval = 60L * UnixNanos.NanosPerSecond;

    private readonly PortfolioBook _book;
    private readonly string _account;
    private readonly string _venueName;
    private readonly TradingEventHub _hub;
    private readonly List<ExecutionReport> _booked = [];
    private readonly string? _journalDirectory;
    private readonly List<TradingJournalEntry> _unjournaled = [];
    private JsonJournal<TradingJournalEntry>? _journal;
    private ReplayCheckpoint? _checkpoint;
    private SignalsProcessed? _signalsProcessed;
    private IExecutionGrain? _venue;
    private long _nextEquityPoint = long.MinValue;
    private UnixNanos _marketTime;

    /// <summary>Creates the account with the strategy's sizing, limits and venue.</summary>
    public PortfolioGrain(StrategyOptions options, TradingEventHub hub)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        _account = GetPrimaryKeyString();
        _book = new PortfolioBook(_account, options.Portfolio);
        _venueName = options.Venue.Name;
        _hub = hub;
        _journalDirectory = options.JournalDirectory;
        hub.RegisterAccount(_account);
    }

    /// <summary>The journal's name for an account.</summary>
    public static string JournalName(string account) => "portfolio-" + account;

    /// <summary>Recovers the account from its journal (orders, reports and fills, risk state, ClOrdID sequence), then
    /// reconnects to the venue: its execution ids continue after the last booked, reports queued meanwhile are booked,
    /// and open orders the venue no longer works (it restarted) are cancelled (cancel on disconnect).</summary>
    /// <exception cref="JournalCorruptedException">The journal is damaged; the activation fails, naming file and offset.</exception>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_journalDirectory is null)
        {
            return;
        }

        var recovery = new TradingJournalRecovery(_book);
        _journal = JsonJournal<TradingJournalEntry>.Open(_journalDirectory, JournalName(_account), TradingJournalJson.Default.TradingJournalEntry, (_, entry) => recovery.Apply(entry));
        _checkpoint = recovery.Checkpoint;
        _signalsProcessed = recovery.SignalsProcessed;
        foreach (var order in _book.Orders)
        {
            Advance(order.Request.SentTime);
        }

        if (_checkpoint is { } checkpoint)
        {
            Advance(checkpoint.MarketTime);
        }

        var open = _book.Orders.Where(o => !o.IsTerminal).Select(o => o.ClOrdId).ToArray();
        var reconnect = await Venue.Reconnect(_account, recovery.LastExecSequence(_venueName), open);
        Book(reconnect.Reports);
        foreach (var report in recovery.CancelOrdersTheVenueLost(reconnect.Working.ToHashSet(), Now()))
        {
            Journal(new ExecutionReported(report));
            Publish(report);
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

    private IExecutionGrain Venue => _venue ??= GrainFactory.GetGrain<IExecutionGrain>(_venueName);

    /// <inheritdoc />
    public async ValueTask<ExecutionReport[]> OnSignals(Signal[] signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        List<OrderRequest>? orders = null;
        Signal? last = null;
        _booked.Clear();
        foreach (var signal in signals)
        {
            if (_signalsProcessed is { } done && done.Covers(signal.Time, signal.Symbol))
            {
                continue; // sized before a restart: its orders are in the journal
            }

            last = signal;
            _book.Mark(signal.Nbbo);
            Advance(signal.Time);
            if (_book.OnForecast(signal.Nbbo, signal.ExpectedLogReturn, signal.NoiseStandardDeviation) is { } sized)
            {
                var order = _book.Oms.Find(sized.Order.ClOrdId)!;
                JournalEntry(sized.Order, order, ClOrdIdUse.Fresh);
                PublishCreated(order, sized.Check);
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

        Commit(flushToDisk: false); // write-ahead: the orders reach the journal before the venue
        Book(await Venue.Submit(_account, orders.ToArray()));
        Commit(flushToDisk: true);
        return _booked.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask SyncWithVenue()
    {
        Book(await Venue.TakeReports(_account));
        Commit(flushToDisk: true);
    }

    /// <inheritdoc />
    public ValueTask Mark(Quote[] quotes, UnixNanos time)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        foreach (var quote in quotes)
        {
            _book.Mark(quote);
        }

        Advance(time);
        if (time.Value >= _nextEquityPoint)
        {
            _book.RecordEquity(time);
            _nextEquityPoint = (time.Value / EquityInterval * EquityInterval) + EquityInterval;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask EndOfDay(UnixNanos time)
    {
        await SyncWithVenue();
        Advance(time);
        _book.Oms.EndOfDay();
        Journal(new DayEnded(time));
        Commit(flushToDisk: true);
    }

    /// <inheritdoc />
    public async Task<OrderCommandResult> NewOrder(NewOrderCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var results = await NewOrders([command]);
        return results[0];
    }

    /// <inheritdoc />
    public async Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        await RefreshQuotes(commands);
        var results = new OrderCommandResult[commands.Length];
        var entries = new (Order? Order, ExecutionReport? Report)[commands.Length];
        List<OrderRequest>? toSend = null;
        for (var i = 0; i < commands.Length; i++)
        {
            var c = commands[i];
            OrderRequest request;
            try
            {
                var id = c.ClOrdId is null ? NextFreshClOrdId() : new ClOrdId(c.ClOrdId);
                request = new OrderRequest(id, _account, c.Symbol, c.Side, c.Quantity, c.OrdType, c.LimitPrice, c.TimeInForce, SentTime(c.Symbol), c.StopPrice);
            }
            catch (ArgumentException e)
            {
                results[i] = new OrderCommandResult(OrderCommandStatus.Invalid, null, [], e.Message);
                continue;
            }

            var entry = _book.Enter(request, "manual");
            JournalEntry(request, entry.Order, entry.ClOrdIdUse);
            entries[i] = (entry.Order, entry.Report);
            if (entry.Report is { } report)
            {
                Publish(report);
            }

            if (entry.Send)
            {
                (toSend ??= []).Add(request);
            }
        }

        _booked.Clear();
        if (toSend is not null)
        {
            Commit(flushToDisk: false);
            Book(await Venue.Submit(_account, toSend.ToArray()));
        }

        Commit(flushToDisk: true);

        // The venue's reports, grouped by order (one pass, so a batch costs O(reports)).
        Dictionary<ClOrdId, List<ExecutionReport>>? byOrder = null;
        if (_booked.Count > 0)
        {
            byOrder = [];
            foreach (var r in _booked)
            {
                if (!byOrder.TryGetValue(r.ClOrdId, out var list))
                {
                    byOrder.Add(r.ClOrdId, list = []);
                }

                list.Add(r);
            }
        }

        for (var i = 0; i < commands.Length; i++)
        {
            if (results[i] is not null)
            {
                continue;
            }

            var (order, report) = entries[i];
            List<ExecutionReport>? mine = null;
            byOrder?.TryGetValue(order!.ClOrdId, out mine);
            ExecutionReport[] reports = (report, mine) switch
            {
                (null, null) => [],
                (null, _) => [.. mine],
                (_, null) => [report],
                _ => [report, .. mine],
            };
            results[i] = new OrderCommandResult(OrderCommandStatus.Ok, order!.ToRecord(), reports, null);
        }

        return results;
    }

    /// <inheritdoc />
    public async Task<OrderCommandResult> CancelOrder(string clOrdId)
    {
        if (!TryParse(clOrdId, out var id, out var problem))
        {
            return new OrderCommandResult(OrderCommandStatus.Invalid, null, [], problem);
        }

        if (_book.Oms.Find(id) is not { } order)
        {
            return new OrderCommandResult(OrderCommandStatus.NotFound, null, [], $"No order {clOrdId} in account {_account}.");
        }

        if (!OrderStateMachine.CanCancel(order.Status))
        {
            return CancelReject(order);
        }

        _booked.Clear();
        Book(await Venue.Cancel(_account, id, Now(), $"Cancelled on request of {_account}."));
        Commit(flushToDisk: true);
        return _booked.Any(r => r.ExecType == ExecType.Canceled && r.ClOrdId == id)
            ? new OrderCommandResult(OrderCommandStatus.Ok, order.ToRecord(), [.. _booked], null)
            : CancelReject(order) with { Reports = [.. _booked] };
    }

    /// <inheritdoc />
    public async Task<OrderCommandResult> ReplaceOrder(string origClOrdId, ReplaceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!TryParse(origClOrdId, out var orig, out var problem))
        {
            return new OrderCommandResult(OrderCommandStatus.Invalid, null, [], problem);
        }

        ClOrdId newId;
        try
        {
            newId = command.ClOrdId is null ? NextFreshClOrdId() : new ClOrdId(command.ClOrdId);
        }
        catch (ArgumentException e)
        {
            return new OrderCommandResult(OrderCommandStatus.Invalid, null, [], $"clOrdId: {e.Message}");
        }

        if (_book.Oms.Find(orig) is { } existing)
        {
            await RefreshQuote(existing.Request.Symbol);
        }

        var entry = _book.PrepareReplace(orig, newId, command.Quantity, command.LimitPrice, command.StopPrice, SentTime(_book.Oms.Find(orig)?.Request.Symbol));
        switch (entry.Outcome)
        {
            case ReplaceOutcome.NotFound:
                return new OrderCommandResult(OrderCommandStatus.NotFound, null, [], entry.Problem);
            case ReplaceOutcome.Conflict:
                return new OrderCommandResult(OrderCommandStatus.Conflict, entry.Order!.ToRecord(), [], entry.Problem);
            case ReplaceOutcome.Invalid:
                return new OrderCommandResult(OrderCommandStatus.Invalid, entry.Order?.ToRecord(), [], entry.Problem);
            case ReplaceOutcome.RiskRejected:
                Journal(new ReplaceEntered(orig, entry.Replacement!, false, entry.Report!.RiskReason));
                Commit(flushToDisk: true);
                Publish(entry.Report!);
                return new OrderCommandResult(OrderCommandStatus.Ok, entry.Order!.ToRecord() with { OrigClOrdId = orig }, [entry.Report!], null);
        }

        Journal(new ReplaceEntered(orig, entry.Replacement!, true, null));
        Commit(flushToDisk: false);
        _booked.Clear();
        Book(await Venue.Replace(orig, entry.Replacement!));
        if (_book.Oms.Find(newId) is { } replacement && _booked.Any(r => r.ExecType == ExecType.Replaced && r.ClOrdId == newId))
        {
            Commit(flushToDisk: true);
            return new OrderCommandResult(OrderCommandStatus.Ok, replacement.ToRecord(), [.. _booked], null);
        }

        _book.Oms.AbandonReplace(newId);
        Journal(new ReplaceAbandoned(newId));
        Commit(flushToDisk: true);
        var now = _book.Oms.Find(orig)!;
        return new OrderCommandResult(OrderCommandStatus.Conflict, now.ToRecord(), [.. _booked], $"Order {orig} is {now.Status} at the venue: too late to replace (CxlRejReason 0).");
    }

    /// <inheritdoc />
    public Task<OrderRecord[]> GetOrders(bool workingOnly)
    {
        var orders = workingOnly ? _book.Orders.Where(o => !o.IsTerminal) : _book.Orders;
        return Task.FromResult(orders.Select(o => o.ToRecord()).ToArray());
    }

    /// <inheritdoc />
    public Task<Fill[]> GetFills() => Task.FromResult(_book.Ledger.Fills.ToArray());

    /// <inheritdoc />
    public Task<RiskSnapshot> GetRisk() => Task.FromResult(RiskView());

    /// <inheritdoc />
    public async Task<KillReport> Kill(string reason)
    {
        _book.Risk.SetState(RiskState.Halted, string.IsNullOrWhiteSpace(reason) ? "kill switch" : reason);
        var blocked = Stopwatch.GetTimestamp();
        Journal(new RiskStateChanged(RiskState.Halted, _book.Risk.StateReason));
        Commit(flushToDisk: false);
        _booked.Clear();
        Book(await Venue.CancelAll(_account, Now(), $"Kill switch: {_book.Risk.StateReason}"));
        Commit(flushToDisk: true);
        var canceled = Stopwatch.GetTimestamp();
        var count = _booked.Count(r => r.ExecType == ExecType.Canceled);
        var risk = RiskView();
        PublishRisk(risk);
        return new KillReport(_account, count, blocked, canceled, risk);
    }

    /// <inheritdoc />
    public Task<RiskSnapshot> Resume(RiskState state, string reason)
    {
        if (state == RiskState.Halted)
        {
            throw new ArgumentException("Resume moves to Active or Reducing; use Kill to halt.", nameof(state));
        }

        _book.Risk.SetState(state, string.IsNullOrWhiteSpace(reason) ? $"resumed {state}" : reason);
        Journal(new RiskStateChanged(state, _book.Risk.StateReason));
        Commit(flushToDisk: true);
        var risk = RiskView();
        PublishRisk(risk);
        return Task.FromResult(risk);
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
        Task.FromResult(new PortfolioRecord(_book.Orders.Select(o => o.ToRecord()).ToArray(), _book.Ledger.Fills.ToArray(), _book.EquityCurve.ToArray()));

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

    private RiskSnapshot RiskView()
    {
        var risk = _book.Risk;
        return new RiskSnapshot(
            _account, risk.State, risk.StateReason, risk.Limits, _book.Ledger.GrossMarketValue + _book.Oms.WorkingNotional, _book.Ledger.Equity,
            risk.OrdersInLastSecond(_marketTime), _book.Oms.WorkingCount, risk.RejectionCounts());
    }

    private static bool TryParse(string text, out ClOrdId id, out string problem)
    {
        try
        {
            id = new ClOrdId(text);
            problem = string.Empty;
            return true;
        }
        catch (ArgumentException e)
        {
            id = default;
            problem = $"clOrdId: {e.Message}";
            return false;
        }
    }

    private OrderCommandResult CancelReject(Order order) => new(
        OrderCommandStatus.Conflict, order.ToRecord(), [],
        order.IsTerminal
            ? $"Order {order.ClOrdId} is {order.Status}: too late to cancel (CxlRejReason 0)."
            : $"Order {order.ClOrdId} is {order.Status}: a cancel or replace is already pending (CxlRejReason 3).");

    private ClOrdId NextFreshClOrdId()
    {
        while (true)
        {
            var id = _book.NextClOrdId();
            if (_book.Oms.IsFresh(id))
            {
                return id;
            }
        }
    }

    /// <summary>Takes the venue's NBBO for the commands' symbols (the account may not be marked by a replay).</summary>
    private async ValueTask RefreshQuotes(NewOrderCommand[] commands)
    {
        Symbol previous = default;
        foreach (var c in commands)
        {
            if (c is not null && c.Symbol != previous && c.Symbol.Ticker is not null)
            {
                previous = c.Symbol;
                await RefreshQuote(c.Symbol);
            }
        }
    }

    private async ValueTask RefreshQuote(Symbol symbol)
    {
        if (await Venue.GetQuote(symbol) is { } quote && (_book.LastQuote(symbol) is not { } mine || mine.Time < quote.Time))
        {
            _book.Mark(quote);
            Advance(quote.Time);
        }
    }

    /// <summary>The time a manual order is stamped with: the account's view of market time (the NBBO of the symbol,
    /// else the latest market time seen), or the clock when it has seen no market data.</summary>
    private UnixNanos SentTime(Symbol? symbol)
    {
        if (symbol is { } s && _book.LastQuote(s) is { } q)
        {
            return q.Time;
        }

        return Now();
    }

    private UnixNanos Now() => _marketTime.Value != 0 ? _marketTime : UnixNanos.FromDateTime(TimeProvider.GetUtcNow().UtcDateTime);

    private void Advance(UnixNanos time)
    {
        if (time > _marketTime)
        {
            _marketTime = time;
        }
    }

    private void Book(ExecutionReport[] reports)
    {
        foreach (var report in reports)
        {
            if (_book.Apply(report) is { } stamped)
            {
                Journal(new ExecutionReported(report));
                _booked.Add(stamped);
                Publish(stamped);
            }
        }
    }
}
