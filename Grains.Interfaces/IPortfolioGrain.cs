using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Interfaces;

/// <summary>The account grain (key: account name): sizes signals into orders, runs every order through the risk
/// engine, keeps the orders (FIX order state machine), sends them to the strategy's execution grain and books what
/// comes back; holds the account's kill switch.</summary>
public interface IPortfolioGrain : IGrainWithStringKey
{
    /// <summary>Sizes and sends orders for signals (in time order); returns the reports produced now.</summary>
    ValueTask<ExecutionReport[]> OnSignals(Signal[] signals);

    /// <summary>Pulls and books the reports the venue has queued for this account (fills, cancels, expiries caused
    /// by quotes or by the end of day), in the venue's order.</summary>
    ValueTask SyncWithVenue();

    /// <summary>Marks positions to the given NBBOs at market time <paramref name="time"/>; the first mark of each minute
    /// of market time also records a point of the equity curve.</summary>
    ValueTask Mark(Quote[] quotes, UnixNanos time);

    /// <summary>The end of the trading day: books the venue's expiries, then frees the day's ClOrdIDs.</summary>
    ValueTask EndOfDay(UnixNanos time);

    /// <summary>A new order: resend, duplicate, risk check, then the venue. Risk rejections are
    /// <see cref="OrderCommandStatus.Ok"/> with the order Rejected.</summary>
    Task<OrderCommandResult> NewOrder(NewOrderCommand command);

    /// <summary>Several new orders in one call (each as <see cref="NewOrder"/>, sent to the venue together).</summary>
    Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] commands);

    /// <summary>Cancels a working order (FIX 35=F): Conflict when it is already terminal or pending.</summary>
    Task<OrderCommandResult> CancelOrder(string clOrdId);

    /// <summary>Cancel/replace (FIX 35=G) of a working order; the result's order is the replacement.</summary>
    Task<OrderCommandResult> ReplaceOrder(string origClOrdId, ReplaceCommand command);

    /// <summary>The order log in creation order; only working orders when <paramref name="workingOnly"/>.</summary>
    Task<OrderRecord[]> GetOrders(bool workingOnly);

    /// <summary>Every fill booked, in booking order.</summary>
    Task<Fill[]> GetFills();

    /// <summary>The risk view: state, limits, usage, rejections per reason.</summary>
    Task<RiskSnapshot> GetRisk();

    /// <summary>Kill switch: halts the risk engine (every new order rejected), then cancels every working order at the
    /// venue; returns when the cancels are booked, with the timestamps of both steps.</summary>
    Task<KillReport> Kill(string reason);

    /// <summary>Leaves Halted (or changes state): <see cref="RiskState.Active"/> or <see cref="RiskState.Reducing"/>.</summary>
    Task<RiskSnapshot> Resume(RiskState state, string reason);

    /// <summary>Records that a replay has processed every market event up to <paramref name="checkpoint"/>; journaled
    /// without a flush of its own (it becomes durable with the next order or fill; a lost one only makes the replay
    /// resume a little earlier). Does nothing without a journal.</summary>
    ValueTask RecordReplayProgress(ReplayCheckpoint checkpoint);

    /// <summary>The latest replay progress recovered from or written to the journal; null when there is none.</summary>
    Task<ReplayCheckpoint?> GetReplayProgress();

    /// <summary>Cash, PnL and positions now.</summary>
    Task<PortfolioSnapshot> GetSnapshot();

    /// <summary>Orders, fills and the equity curve.</summary>
    Task<PortfolioRecord> GetRecord();
}

/// <summary>The venue grain (key: venue name): a simulated venue fed with the NBBO stream. Every report is queued for
/// its account; the calls an account makes return its queue (older reports first), so each account sees its
/// reports in the venue's order whatever path they take.</summary>
public interface IExecutionGrain : IGrainWithStringKey
{
    /// <summary>Sends <paramref name="account"/>'s orders; returns the account's queued reports.</summary>
    ValueTask<ExecutionReport[]> Submit(string account, OrderRequest[] orders);

    /// <summary>Cancels a working order; returns the account's queued reports (PendingCancel and Canceled when it was
    /// working, nothing new when it was not).</summary>
    ValueTask<ExecutionReport[]> Cancel(string account, ClOrdId clOrdId, UnixNanos time, string reason);

    /// <summary>Cancel/replace; returns the account's queued reports (PendingReplace and Replaced when done).</summary>
    ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement);

    /// <summary>Cancels every working order of <paramref name="account"/>; returns its queued reports.</summary>
    ValueTask<ExecutionReport[]> CancelAll(string account, UnixNanos time, string reason);

    /// <summary>Returns and clears <paramref name="account"/>'s queued reports.</summary>
    ValueTask<ExecutionReport[]> TakeReports(string account);

    /// <summary>Feeds NBBO quotes in time order; returns the reports they caused (also queued for their accounts).</summary>
    ValueTask<ExecutionReport[]> OnQuotes(Quote[] quotes);

    /// <summary>The end of the trading day: DAY orders expire; returns the Expired reports (also queued).</summary>
    ValueTask<ExecutionReport[]> EndOfDay(UnixNanos time);

    /// <summary>The venue's last NBBO for <paramref name="symbol"/>, or null.</summary>
    ValueTask<Quote?> GetQuote(Symbol symbol);

    /// <summary>An account reconnects after recovering from its journal: later execution ids continue after
    /// <paramref name="lastExecSequence"/> (the highest this venue's ids it booked), and the answer holds the reports
    /// queued for it meanwhile and which of <paramref name="openOrders"/> the venue still works (the others it lost in a
    /// restart).</summary>
    ValueTask<VenueReconnect> Reconnect(string account, long lastExecSequence, ClOrdId[] openOrders);
}
