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
/// risk engine, the FIX order manager, the ledger, the write-ahead journal in
/// <see cref="StrategyOptions.JournalDirectory"/>). The engine talks to the strategy's <see cref="IExecutionGrain"/>
/// through <see cref="ExecutionGrainSession"/> and publishes to the silo's <see cref="TradingEventHub"/> through
/// <see cref="HubAccountEventSink"/>. Activation restores the account's snapshot (<see cref="PortfolioGrainState"/>),
/// replays the journal after it, reconnects to the venue and registers the account in the
/// <see cref="IAccountDirectoryGrain"/>.</summary>
public sealed class PortfolioGrain : Grain, IPortfolioGrain
{
    private readonly StrategyOptions _options;
    private readonly TradingEventHub _hub;
    private readonly IPersistentState<PortfolioGrainState> _state;
    private readonly ILogger<PortfolioGrain> _logger;
    private readonly TimeProvider _time;
    private readonly string _account;
    private AccountEngine _engine = null!;
    private bool _recovered;

    /// <summary>Creates the account grain.</summary>
    public PortfolioGrain(
        StrategyOptions options,
        TradingEventHub hub,
        [PersistentState("account", GridStorage.Name)] IPersistentState<PortfolioGrainState> state,
        TimeProvider time,
        ILogger<PortfolioGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(state);
        _options = options;
        _hub = hub;
        _state = state;
        _logger = logger;
        _time = time;
        _account = this.GetPrimaryKeyString();
    }

    /// <summary>Recovers the account (snapshot, then journal tail, then venue reconnect) and registers it.</summary>
    /// <exception cref="AccountSnapshotException">The snapshot is damaged or not this account's; the activation fails.</exception>
    /// <exception cref="JournalCorruptedException">The journal is damaged; the activation fails, naming file and offset,
    /// and the account is quarantined in the directory (also for a damaged snapshot or a self-contradicting journal).</exception>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var venue = GrainFactory.GetGrain<IExecutionGrain>(_options.Venue.Name);
        _engine = new AccountEngine(
            _account, _options.Portfolio, _options.Venue.Name, new ExecutionGrainSession(venue, _account), new HubAccountEventSink(_hub, _account),
            _time, _options.JournalDirectory);
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
            _engine.Close();
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
            if (_options.PersistOnDeactivation && _recovered)
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
            _engine.Close();
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
            forecasts[i] = new AccountForecast(s.Symbol, s.Time, s.Nbbo, s.ExpectedLogReturn, s.NoiseStandardDeviation);
        }

        return _engine.OnForecastsAsync(forecasts);
    }

    /// <inheritdoc />
    public ValueTask SyncWithVenue() => _engine.SyncWithVenueAsync();

    /// <inheritdoc />
    public ValueTask Mark(QuoteBatch quotes, UnixNanos time)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        _engine.Mark(quotes.Quotes, time);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask EndOfDay(UnixNanos time)
    {
        await _engine.EndOfDayAsync(time);
        await WriteSnapshot();
    }

    /// <inheritdoc />
    public async Task<OrderCommandResult> NewOrder(NewOrderCommand command) => await _engine.NewOrderAsync(command);

    /// <inheritdoc />
    public async Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] commands) => await _engine.NewOrdersAsync(commands);

    /// <inheritdoc />
    public async Task<OrderCommandResult> CancelOrder(string clOrdId) => await _engine.CancelOrderAsync(clOrdId);

    /// <inheritdoc />
    public async Task<OrderCommandResult> ReplaceOrder(string origClOrdId, ReplaceCommand command) => await _engine.ReplaceOrderAsync(origClOrdId, command);

    /// <inheritdoc />
    public Task<OrderRecord[]> GetOrders(bool workingOnly) => Task.FromResult(_engine.GetOrders(workingOnly));

    /// <inheritdoc />
    public Task<Fill[]> GetFills() => Task.FromResult(_engine.GetFills());

    /// <inheritdoc />
    public Task<RiskSnapshot> GetRisk() => Task.FromResult(_engine.RiskView());

    /// <inheritdoc />
    public async Task<KillReport> Kill(string reason)
    {
        var report = await _engine.KillAsync(reason);
        await WriteSnapshot();
        return report;
    }

    /// <inheritdoc />
    public async Task<RiskSnapshot> Resume(RiskState state, string reason)
    {
        var risk = await _engine.ResumeAsync(state, reason);
        await WriteSnapshot();
        return risk;
    }

    /// <inheritdoc />
    public ValueTask RecordReplayProgress(ReplayCheckpoint checkpoint)
    {
        _engine.RecordReplayProgress(checkpoint);
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
        _state.State.Snapshot = AccountSnapshotJson.Serialize(_engine.Capture());
        await _state.WriteStateAsync();
    }
}
