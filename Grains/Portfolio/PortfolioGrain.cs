using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>An account (key: account name): a <see cref="PortfolioBook"/> that sizes, checks and sends orders to the
/// strategy's venue, and books what comes back.</summary>
public sealed class PortfolioGrain : Grain, IPortfolioGrain
{
    /// <summary>Market time between two points of the equity curve: one minute, in nanoseconds.</summary>
    private const long EquityInterval = 60L * UnixNanos.NanosPerSecond;

    private readonly PortfolioBook _book;
    private readonly string _venue;
    private long _nextEquityPoint = long.MinValue;

    /// <summary>Creates the account with the strategy's sizing, limits and venue.</summary>
    public PortfolioGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _book = new PortfolioBook(GetPrimaryKeyString(), options.Portfolio);
        _venue = options.Venue.Name;
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionReport[]> OnSignals(Signal[] signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        List<OrderRequest>? orders = null;
        foreach (var signal in signals)
        {
            _book.Mark(signal.Nbbo);
            if (_book.OnForecast(signal.Nbbo, signal.ExpectedLogReturn, signal.NoiseStandardDeviation) is { Check.IsAccepted: true } sized)
            {
                (orders ??= []).Add(sized.Order);
            }
        }

        return orders is null ? [] : await SendAsync(orders.ToArray());
    }

    /// <inheritdoc />
    public ValueTask OnExecutionReports(ExecutionReport[] reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            _book.Apply(report);
        }

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
        if (!check.IsAccepted)
        {
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

    private async Task<ExecutionReport[]> SendAsync(OrderRequest[] orders)
    {
        var reports = await GrainFactory.GetGrain<IExecutionGrain>(_venue).Submit(orders);
        foreach (var report in reports)
        {
            _book.Apply(report);
        }

        return reports;
    }
}
