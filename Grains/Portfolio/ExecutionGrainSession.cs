using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>An account's <see cref="IVenueSession"/> over the venue's <see cref="IExecutionGrain"/>: each call names the
/// account.</summary>
/// <param name="venue">The venue grain.</param>
/// <param name="account">The account.</param>
internal sealed class ExecutionGrainSession(IExecutionGrain venue, string account) : IVenueSession
{
    public ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders) => venue.Submit(account, orders);

    public ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, UnixNanos time, string reason) => venue.Cancel(account, clOrdId, time, reason);

    public ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement) => venue.Replace(origClOrdId, replacement);

    public ValueTask<ExecutionReport[]> CancelAll(UnixNanos time, string reason) => venue.CancelAll(account, time, reason);

    public ValueTask<ExecutionReport[]> TakeReports() => venue.TakeReports(account);

    public ValueTask<Quote?> GetQuote(Symbol symbol) => venue.GetQuote(symbol);

    public ValueTask<UnixNanos?> GetMarketTime() => venue.GetMarketTime();

    public ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders) => venue.Reconnect(account, lastExecSequence, openOrders);
}
