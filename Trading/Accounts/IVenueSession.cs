using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>
/// An account's asynchronous view of its venue: the account is implied (one session per account and venue). The venue
/// queues every execution report for its account; each call returns this account's queue (older reports first, then
/// what the call itself caused) and clears it, so the account books its reports in the venue's order whatever path
/// they take. A grain adapter forwards these calls to the venue's grain; tests put a simulated venue behind it.
/// </summary>
public interface IVenueSession
{
    /// <summary>Sends new orders (FIX 35=D), in order.</summary>
    /// <param name="orders">Orders already checked and journaled by the account.</param>
    /// <returns>The account's queued reports: for each order its New (or Rejected) report and any fills.</returns>
    ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders);

    /// <summary>Cancels a working order (FIX 35=F).</summary>
    /// <param name="clOrdId">The order.</param>
    /// <param name="time">Transact time of the request, UTC (the account's market time).</param>
    /// <param name="reason">Text for the Canceled report (FIX 58).</param>
    /// <returns>The account's queued reports: PendingCancel and Canceled when the order was working, nothing new when
    /// it was not (too late).</returns>
    ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, UnixNanos time, string reason);

    /// <summary>Cancel/replace (FIX 35=G) of a working order.</summary>
    /// <param name="origClOrdId">The order to replace (FIX 41).</param>
    /// <param name="replacement">The replacement under its new ClOrdID.</param>
    /// <returns>The account's queued reports: PendingReplace and Replaced when done, nothing new when the original no
    /// longer works (too late).</returns>
    ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement);

    /// <summary>Cancels every working order of the account (kill switch).</summary>
    /// <param name="time">Transact time, UTC.</param>
    /// <param name="reason">Text for the Canceled reports.</param>
    /// <returns>The account's queued reports, the cancels included.</returns>
    ValueTask<ExecutionReport[]> CancelAll(UnixNanos time, string reason);

    /// <summary>Returns and clears the account's queued reports (fills, cancels and expiries caused by quotes or the end
    /// of the day).</summary>
    ValueTask<ExecutionReport[]> TakeReports();

    /// <summary>The venue's last NBBO for <paramref name="symbol"/>, or null when it has seen none.</summary>
    ValueTask<Quote?> GetQuote(Symbol symbol);

    /// <summary>The account reconnects after recovering: the venue's later execution ids continue after
    /// <paramref name="lastExecSequence"/> (the highest sequence of this venue's execution ids the account booked).</summary>
    /// <param name="lastExecSequence">Highest booked sequence of the venue's ids <c>{venue}-{sequence}</c>; 0 for none.</param>
    /// <param name="openOrders">The account's orders that are not terminal.</param>
    /// <returns>The reports queued for the account meanwhile, and which of <paramref name="openOrders"/> the venue
    /// still works (it lost the others in a restart).</returns>
    ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders);

    /// <summary>The venue's market time (its latest quote over every symbol), or null when it has seen none; lets an
    /// account that has seen no market data yet stamp an order in the venue's time rather than the wall clock. A
    /// session that cannot tell answers null.</summary>
    ValueTask<UnixNanos?> GetMarketTime() => new((UnixNanos?)null);
}
