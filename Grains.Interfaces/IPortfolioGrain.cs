using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Grains.Interfaces;

/// <summary>The account grain (key: account name): sizes signals into orders, runs the pre-trade checks, sends
/// orders to the account's execution grain and books execution reports.</summary>
public interface IPortfolioGrain : IGrainWithStringKey
{
    /// <summary>Sizes and sends orders for signals (in time order); returns the venue's immediate reports.</summary>
    ValueTask<ExecutionReport[]> OnSignals(Signal[] signals);

    /// <summary>Books execution reports (fills, cancels) from the venue.</summary>
    ValueTask OnExecutionReports(ExecutionReport[] reports);

    /// <summary>Marks positions to the given NBBOs at market time <paramref name="time"/>; the first mark of each minute
    /// of market time also records a point of the equity curve.</summary>
    ValueTask Mark(Quote[] quotes, UnixNanos time);

    /// <summary>A person's order (the client console): checked, logged, sent when accepted. Returns what happened.</summary>
    Task<ExecutionReport[]> SubmitOrder(Symbol symbol, Side side, Quantity quantity, Price? limitPrice);

    /// <summary>Cash, PnL and positions now.</summary>
    Task<PortfolioSnapshot> GetSnapshot();

    /// <summary>Orders, fills and the equity curve.</summary>
    Task<PortfolioRecord> GetRecord();

    /// <summary>Records that a replay has processed every market event up to <paramref name="checkpoint"/> (journaled
    /// without a flush of its own: it becomes durable with the next order or fill, and a lost one only means the
    /// replay resumes a little earlier). Does nothing without a journal.</summary>
    ValueTask RecordReplayProgress(ReplayCheckpoint checkpoint);

    /// <summary>The latest replay progress recovered from or written to the journal; null when there is none.</summary>
    Task<ReplayCheckpoint?> GetReplayProgress();
}

/// <summary>The venue grain (key: venue name): a simulated venue fed with the NBBO stream.</summary>
public interface IExecutionGrain : IGrainWithStringKey
{
    /// <summary>Sends orders to the venue; returns the immediate reports (New, Rejected).</summary>
    ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders);

    /// <summary>Feeds NBBO quotes in time order; returns the reports they caused (fills, cancels).</summary>
    ValueTask<ExecutionReport[]> OnQuotes(Quote[] quotes);

    /// <summary>After an account recovered from its journal: later execution ids continue after
    /// <paramref name="execId"/>, so none booked before a restart is issued again.</summary>
    ValueTask ResumeExecIdsAfter(string execId);
}
