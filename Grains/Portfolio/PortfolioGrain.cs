using Microsoft.Extensions.Logging;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>An account (key: account name): a thin Orleans adapter over <see cref="AccountEngine"/> (sizing, the 15c3-5
/// risk engine, the FIX order manager, the ledger, the write-ahead journal in the silo's <see cref="IJournalStore"/>:
/// files on its disk, or Azure blobs any silo recovers from — see <see cref="StrategyOptions.ResolveJournalStore"/>).
/// The engine talks to the strategy's <see cref="IExecutionGrain"/>
/// through <see cref="ExecutionGrainSession"/> and publishes to the silo's <see cref="TradingEventHub"/> through
/// <see cref="HubAccountEventSink"/>. Activation restores the account's snapshot (<see cref="PortfolioGrainState"/>),
/// replays the journal after it, reconnects to the venue and registers the account in the
/// <see cref="IAccountDirectoryGrain"/>. A journal write that fails (a storage outage, or another activation that took
/// the journal over) fails its call (<see cref="JournalUnavailableException"/>) and ends the activation: the engine's state may be ahead of its journal, which
/// refuses further appends, so no snapshot is written and the next call recovers the account afresh from its snapshot
/// and journal — what failed was never acknowledged.</summary>
public sealed class PortfolioGrain : Grain, IPortfolioGrain
{
    private readonly StrategyOptions _options;
    private readonly TradingEventHub _hub;
    private readonly IPersistentState<PortfolioGrainState> _state;
    private readonly ILogger<PortfolioGrain> _logger;
    private readonly TimeProvider _time;
    private readonly IJournalStore? _journal;
    private readonly string _account;
    private AccountEngine _engine = null!;
    private bool _recovered;
    private bool _journalFailed;

    /// <summary>Creates the account grain.</summary>
    /// <param name="options">The strategy.</param>
    /// <param name="hub">The silo's live event hub.</param>
    /// <param name="state">The account's snapshot.</param>
    /// <param name="time">The wall clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="journal">The silo's journal store (registered by <c>AddTradingGrid</c>); null: no journal.</param>
    public PortfolioGrain(
        StrategyOptions options,
        TradingEventHub hub,
        [PersistentState("account", GridStorage.Name)] IPersistentState<PortfolioGrainState> state,
        TimeProvider time,
        ILogger<PortfolioGrain> logger,
        IJournalStore? journal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(state);
        _options = options;
        _hub = hub;
        _state = state;
        _logger = logger;
        _time = time;
        _journal = journal;
        _account = this.GetPrimaryKeyString();
    }

    /// <summary>Recovers the account (snapshot, then journal tail, then venue reconnect) and registers it.</summary>
    /// <exception cref="AccountSnapshotException">The snapshot is damaged or not this account's; the activation fails.</exception>
    /// <exception cref="JournalCorruptedException">The journal is damaged; the activation fails, naming file and offset,
    /// and the account is quarantined in the directory (also for a damaged snapshot or a self-contradicting journal).</exception>
    /// <exception cref="JournalConflictException">Another activation changed the journal while this one read it; the
    /// activation fails (not quarantined) and the next call activates the account again.</exception>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var venue = GrainFactory.GetGrain<IExecutionGrain>(_options.Venue.Name);
        _engine = new AccountEngine(
            _account, _options.Portfolio, _options.Venue.Name, new ExecutionGrainSession(venue, _account), new HubAccountEventSink(_hub, _account),
            _time, _journal);
        var directory = GrainFactory.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key);
        AccountSnapshot? snapshot;
        try
        {
            snapshot = _state.RecordExists && _state.State.Snapshot is { } bytes ? AccountSnapshotJson.Deserialize(bytes) : null;
            await _engine.RecoverAsync(snapshot);
        }
        catch (Exception e) when (e is JournalCorruptedException or AccountSnapshotException or InvalidOrderTransitionException)
        {
            // Damaged records are never repaired or skipped: the account stays out of service, and says why, until an
            // operator restores its journal or snapshot; the other accounts go on.
            _logger.LogError(e, "Account {Account} is quarantined: it cannot be recovered.", _account);
            await _engine.CloseAsync();
            await directory.Quarantine(_account, e.Message);
            throw;
        }

        _recovered = true;
        await directory.Register(_account);
        if (snapshot is not null && _engine.JournalEntries > snapshot.JournalEntries)
        {
            await WriteSnapshot(); // the journal tail replayed now is covered by the next recovery's snapshot
        }
    }

    /// <summary>Writes the snapshot and closes the journal.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            if (_options.PersistOnDeactivation && _recovered && !_journalFailed)
            {
                await WriteSnapshot(); // never after a failed recovery: it would overwrite the good snapshot
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing acknowledged is lost: the journal holds it; the next activation replays more of it.
            _logger.LogError(e, "Account {Account}: the snapshot at deactivation ({Reason}) failed; the journal still holds every acknowledged entry.", _account, reason);
        }
        finally
        {
            await CloseJournal();
        }
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> OnSignals(SignalBatch signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var forecasts = new AccountForecast[signals.Signals.Length];
        for (var i = 0; i < forecasts.Length; i++)
        {
            var s = signals.Signals[i];
            forecasts[i] = new AccountForecast(
                s.Symbol, s.Time, s.Nbbo, s.ExpectedLogReturn, s.NoiseStandardDeviation, s.Horizon, s.RealisedVolatility, s.Trend, s.ModelVersion);
        }

        return Journaled(_engine.OnForecastsAsync(forecasts));
    }

    /// <inheritdoc />
    public ValueTask SyncWithVenue() => Journaled(_engine.SyncWithVenueAsync());

    /// <inheritdoc />
    public ValueTask Mark(QuoteBatch quotes, UnixNanos time)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        try
        {
            _engine.Mark(quotes.Quotes, time);
        }
        catch (IOException e)
        {
            EndActivation(e);
            throw new JournalUnavailableException(_account, e);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask EndOfDay(UnixNanos time)
    {
        await Journaled(_engine.EndOfDayAsync(time));
        await WriteSnapshot();
    }

    /// <inheritdoc />
    public async Task<OrderCommandResult> NewOrder(NewOrderCommand command) => await Journaled(_engine.NewOrderAsync(command));

    /// <inheritdoc />
    public async Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] commands) => await Journaled(_engine.NewOrdersAsync(commands));

    /// <inheritdoc />
    public async Task<OrderCommandResult> CancelOrder(string clOrdId) => await Journaled(_engine.CancelOrderAsync(clOrdId));

    /// <inheritdoc />
    public async Task<OrderCommandResult> ReplaceOrder(string origClOrdId, ReplaceCommand command) => await Journaled(_engine.ReplaceOrderAsync(origClOrdId, command));

    /// <inheritdoc />
    public Task<OrderRecord[]> GetOrders(bool workingOnly) => Task.FromResult(_engine.GetOrders(workingOnly));

    /// <inheritdoc />
    public Task<Fill[]> GetFills() => Task.FromResult(_engine.GetFills());

    /// <inheritdoc />
    public Task<RiskSnapshot> GetRisk() => Task.FromResult(_engine.RiskView());

    /// <inheritdoc />
    public async Task<KillReport> Kill(string reason)
    {
        var report = await Journaled(_engine.KillAsync(reason));
        await WriteSnapshot();
        return report;
    }

    /// <inheritdoc />
    public async Task<RiskSnapshot> Resume(RiskState state, string reason)
    {
        var risk = await Journaled(_engine.ResumeAsync(state, reason));
        await WriteSnapshot();
        return risk;
    }

    /// <inheritdoc />
    public ValueTask RecordReplayProgress(ReplayCheckpoint checkpoint)
    {
        try
        {
            _engine.RecordReplayProgress(checkpoint);
        }
        catch (IOException e)
        {
            EndActivation(e);
            throw new JournalUnavailableException(_account, e);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ReplayCheckpoint?> GetReplayProgress() => Task.FromResult(_engine.ReplayProgress);

    /// <inheritdoc />
    public Task<PortfolioSnapshot> GetSnapshot() => Task.FromResult(_engine.Snapshot());

    /// <inheritdoc />
    public Task<PortfolioRecord> GetRecord() => Task.FromResult(_engine.Record());

    private async Task WriteSnapshot()
    {
        _state.State.Snapshot = AccountSnapshotJson.Serialize(await Journaled(_engine.CaptureAsync()));
        await _state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task VenueRestarted(string venue)
    {
        if (_recovered && string.Equals(venue, _options.Venue.Name, StringComparison.Ordinal))
        {
            _logger.LogInformation("Account {Account}: venue {Venue} restarted; reconciling the open orders with it.", _account, venue);
            await Journaled(_engine.ReconcileWithVenueAsync());
        }
    }

    /// <summary>Awaits an engine call that journals; a journal failure ends the activation (see the type).</summary>
    private async ValueTask<T> Journaled<T>(ValueTask<T> call)
    {
        try
        {
            return await call;
        }
        catch (IOException e)
        {
            EndActivation(e);
            throw new JournalUnavailableException(_account, e);
        }
    }

    /// <summary>Awaits an engine call that journals; a journal failure ends the activation (see the type).</summary>
    private async ValueTask Journaled(ValueTask call)
    {
        try
        {
            await call;
        }
        catch (IOException e)
        {
            EndActivation(e);
            throw new JournalUnavailableException(_account, e);
        }
    }

    private void EndActivation(Exception e)
    {
        if (!_journalFailed)
        {
            _journalFailed = true;
            _logger.LogError(e, "Account {Account}: a journal write failed; the call fails, nothing of it was acknowledged, and the activation ends so that the next call recovers the account from its snapshot and journal.", _account);
            this.DeactivateOnIdle();
        }
    }

    private async Task CloseJournal()
    {
        try
        {
            await _engine.CloseAsync();
        }
        catch (IOException e)
        {
            // Unflushed entries only (equity points, replay progress): everything acknowledged was committed before.
            _logger.LogWarning(e, "Account {Account}: the journal's final flush failed; only unacknowledged entries (equity points, replay progress) are lost.", _account);
        }
    }
}
