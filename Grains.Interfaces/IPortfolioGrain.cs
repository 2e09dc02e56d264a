using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Interfaces;

/// <summary>The account grain (key: account name), a thin adapter over Trading's <see cref="AccountEngine"/>: it sizes
/// signals into orders, runs every order through the risk engine, keeps the orders (FIX order state machine), sends
/// them to the strategy's execution grain and books what comes back; it holds the account's kill switch. Orders and
/// fills are journaled before they are acknowledged; the account's snapshot is its Orleans grain state.</summary>
[Alias("qo.IPortfolioGrain")]
public interface IPortfolioGrain : IGrainWithStringKey
{
    /// <summary>Sizes and sends orders for signals (in time then symbol order); returns the reports produced now.</summary>
    [Alias("OnSignals")]
    ValueTask<ExecutionReport[]> OnSignals(SignalBatch signals);

    /// <summary>Pulls and books the reports the venue has queued for this account (fills, cancels, expiries caused
    /// by quotes or by the end of day), in the venue's order.</summary>
    [Alias("SyncWithVenue")]
    ValueTask SyncWithVenue();

    /// <summary>Marks positions to the given NBBOs at market time <paramref name="time"/>; the first mark of each minute
    /// of market time also records a point of the equity curve.</summary>
    [Alias("Mark")]
    ValueTask Mark(QuoteBatch quotes, UnixNanos time);

    /// <summary>The end of the trading day: books the venue's expiries, then frees the day's ClOrdIDs.</summary>
    [Alias("EndOfDay")]
    ValueTask EndOfDay(UnixNanos time);

    /// <summary>A new order: resend, duplicate, risk check, then the venue. Risk rejections are
    /// <see cref="OrderCommandStatus.Ok"/> with the order Rejected.</summary>
    [Alias("NewOrder")]
    Task<OrderCommandResult> NewOrder(NewOrderCommand command);

    /// <summary>Several new orders in one call (each as <see cref="NewOrder"/>, sent to the venue together).</summary>
    [Alias("NewOrders")]
    Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] commands);

    /// <summary>Cancels a working order (FIX 35=F): Conflict when it is already terminal or pending.</summary>
    [Alias("CancelOrder")]
    Task<OrderCommandResult> CancelOrder(string clOrdId);

    /// <summary>Cancel/replace (FIX 35=G) of a working order; the result's order is the replacement.</summary>
    [Alias("ReplaceOrder")]
    Task<OrderCommandResult> ReplaceOrder(string origClOrdId, ReplaceCommand command);

    /// <summary>The order log in creation order; only working orders when <paramref name="workingOnly"/>.</summary>
    [Alias("GetOrders")]
    Task<OrderRecord[]> GetOrders(bool workingOnly);

    /// <summary>Every fill booked, in booking order.</summary>
    [Alias("GetFills")]
    Task<Fill[]> GetFills();

    /// <summary>The risk view: state, limits, usage, rejections per reason.</summary>
    [Alias("GetRisk")]
    Task<RiskSnapshot> GetRisk();

    /// <summary>Kill switch: halts the risk engine (every new order rejected), then cancels every working order at the
    /// venue; returns when the cancels are booked, with the timestamps of both steps.</summary>
    [Alias("Kill")]
    Task<KillReport> Kill(string reason);

    /// <summary>Leaves Halted (or changes state): <see cref="RiskState.Active"/> or <see cref="RiskState.Reducing"/>.</summary>
    [Alias("Resume")]
    Task<RiskSnapshot> Resume(RiskState state, string reason);

    /// <summary>Records that a replay has processed every market event up to <paramref name="checkpoint"/>; journaled
    /// without a flush of its own (it becomes durable with the next order or fill; a lost one only makes the replay
    /// resume a little earlier). Does nothing without a journal.</summary>
    [Alias("RecordReplayProgress")]
    ValueTask RecordReplayProgress(ReplayCheckpoint checkpoint);

    /// <summary>The latest replay progress recovered from or written to the journal; null when there is none.</summary>
    [Alias("GetReplayProgress")]
    Task<ReplayCheckpoint?> GetReplayProgress();

    /// <summary>Cash, PnL and positions now.</summary>
    [Alias("GetSnapshot")]
    Task<PortfolioSnapshot> GetSnapshot();

    /// <summary>Orders, fills and the equity curve.</summary>
    [Alias("GetRecord")]
    Task<PortfolioRecord> GetRecord();

    /// <summary>The venue <paramref name="venue"/> came back empty (its grain re-activated, e.g. on another silo after
    /// its silo died): the account reconciles with it (<see cref="AccountEngine.ReconcileWithVenueAsync"/>), cancelling
    /// the open orders it lost. One-way: the venue does not wait. An account not active is not told (it reconnects
    /// when it activates).</summary>
    [Alias("VenueRestarted"), global::Orleans.Concurrency.OneWay]
    Task VenueRestarted(string venue);
}

/// <summary>The venue grain (key: venue name): a simulated venue fed with the NBBO stream. Every report is queued for
/// its account; the calls an account makes return its queue (older reports first), so each account sees its
/// reports in the venue's order whatever path they take.</summary>
[Alias("qo.IExecutionGrain")]
public interface IExecutionGrain : IGrainWithStringKey
{
    /// <summary>The simulated venue's name: the key of its grain and the prefix of its execution ids.</summary>
    const string SimulatedVenue = "SIM";

    /// <summary>Sends <paramref name="account"/>'s orders; returns the account's queued reports.</summary>
    [Alias("Submit")]
    ValueTask<ExecutionReport[]> Submit(string account, OrderRequest[] orders);

    /// <summary>Cancels a working order; returns the account's queued reports (PendingCancel and Canceled when it was
    /// working, nothing new when it was not).</summary>
    [Alias("Cancel")]
    ValueTask<ExecutionReport[]> Cancel(string account, ClOrdId clOrdId, UnixNanos time, string reason);

    /// <summary>Cancel/replace; returns the account's queued reports (PendingReplace and Replaced when done).</summary>
    [Alias("Replace")]
    ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement);

    /// <summary>Cancels every working order of <paramref name="account"/>; returns its queued reports.</summary>
    [Alias("CancelAll")]
    ValueTask<ExecutionReport[]> CancelAll(string account, UnixNanos time, string reason);

    /// <summary>Returns and clears <paramref name="account"/>'s queued reports.</summary>
    [Alias("TakeReports")]
    ValueTask<ExecutionReport[]> TakeReports(string account);

    /// <summary>Feeds NBBO quotes in time order; returns the accounts that have new reports queued, ordinal order.</summary>
    [Alias("OnQuotes")]
    ValueTask<string[]> OnQuotes(QuoteBatch quotes);

    /// <summary>The end of the trading day: DAY orders expire; returns the accounts that have reports queued.</summary>
    [Alias("EndOfDay")]
    ValueTask<string[]> EndOfDay(UnixNanos time);

    /// <summary>The venue's last NBBO for <paramref name="symbol"/>, or null.</summary>
    [Alias("GetQuote")]
    ValueTask<Quote?> GetQuote(Symbol symbol);

    /// <summary>The venue's market time (its latest quote over every symbol), or null before the first quote.</summary>
    [Alias("GetMarketTime")]
    ValueTask<UnixNanos?> GetMarketTime();

    /// <summary>An account reconnects after recovering from its journal: later execution ids continue after
    /// <paramref name="lastExecSequence"/> (the highest this venue's ids it booked), and the answer holds the reports
    /// queued for it meanwhile and which of <paramref name="openOrders"/> the venue still works (the others it lost in a
    /// restart).</summary>
    [Alias("Reconnect")]
    ValueTask<VenueReconnect> Reconnect(string account, long lastExecSequence, ClOrdId[] openOrders);
}

/// <summary>The registry of the grid's accounts (a single grain, key <see cref="Key"/>): every account grain registers
/// itself when it activates, and the set is persisted, so the gateway and the kill switch know every account that
/// exists, also after a restart.</summary>
[Alias("qo.IAccountDirectoryGrain")]
public interface IAccountDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the one directory.</summary>
    const string Key = "accounts";

    /// <summary>Adds an account (idempotent; written only when something changed); an account that recovered lifts
    /// its quarantine.</summary>
    [Alias("Register")]
    Task Register(string account);

    /// <summary>Records that <paramref name="account"/> cannot be recovered (a damaged journal or snapshot): the gateway
    /// answers for it with the reason, and the kill switch reports it instead of failing for every account.</summary>
    [Alias("Quarantine")]
    Task Quarantine(string account, string reason);

    /// <summary>Every known account, ordinal order.</summary>
    [Alias("GetAccounts")]
    Task<string[]> GetAccounts();

    /// <summary>Every known account with its quarantine reason (null when it is in service), ordinal order.</summary>
    [Alias("GetStatuses")]
    Task<AccountStatus[]> GetStatuses();
}

/// <summary>An account of the directory.</summary>
/// <param name="Account">The account.</param>
/// <param name="QuarantineReason">Why it is out of service (file and offset of the damage), or null when it is in service.</param>
[GenerateSerializer, Immutable, Alias("qo.AccountStatus")]
public sealed record AccountStatus([property: Id(0)] string Account, [property: Id(1)] string? QuarantineReason);
