using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Grains.Execution;

/// <summary>A simulated venue (key: venue name): see <see cref="SimulatedVenue"/> for the matching rules. Every report
/// is queued for its account until the account takes it, so an account books its reports in the venue's order.</summary>
public sealed class ExecutionGrain : Grain, IExecutionGrain
{
    private readonly SimulatedVenue _venue;
    private readonly List<ExecutionReport> _reports = [];
    private readonly Dictionary<string, List<ExecutionReport>> _queues = new(StringComparer.Ordinal);

    /// <summary>Creates the venue with the strategy's latency and fees.</summary>
    public ExecutionGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _venue = new SimulatedVenue(options.Venue);
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> Submit(string account, OrderRequest[] orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        _reports.Clear();
        foreach (var order in orders)
        {
            _venue.Submit(order, _reports);
        }

        Queue();
        return new(Take(account));
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> Cancel(string account, ClOrdId clOrdId, UnixNanos time, string reason)
    {
        _reports.Clear();
        _venue.Cancel(account, clOrdId, time, reason, _reports);
        Queue();
        return new(Take(account));
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        _reports.Clear();
        _venue.Replace(origClOrdId, replacement, _reports);
        Queue();
        return new(Take(replacement.Account));
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> CancelAll(string account, UnixNanos time, string reason)
    {
        _reports.Clear();
        _venue.CancelAll(account, time, reason, _reports);
        Queue();
        return new(Take(account));
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> TakeReports(string account) => new(Take(account));

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> OnQuotes(Quote[] quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        _reports.Clear();
        foreach (var quote in quotes)
        {
            _venue.OnQuote(quote, _reports);
        }

        if (_reports.Count == 0)
        {
            return new([]);
        }

        Queue();
        return new(_reports.ToArray());
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> EndOfDay(UnixNanos time)
    {
        _reports.Clear();
        _venue.EndOfDay(time, _reports);
        Queue();
        return new(_reports.ToArray());
    }

    /// <inheritdoc />
    public ValueTask<VenueReconnect> Reconnect(string account, long lastExecSequence, ClOrdId[] openOrders)
    {
        ArgumentNullException.ThrowIfNull(openOrders);
        _venue.ResumeAfter(lastExecSequence);
        return new(new VenueReconnect(Take(account), openOrders.Where(id => _venue.IsWorking(account, id)).ToArray()));
    }

    /// <inheritdoc />
    public ValueTask<Quote?> GetQuote(Symbol symbol) => new(_venue.TryGetLastQuote(symbol, out var q) ? q : null);

    private void Queue()
    {
        foreach (var report in _reports)
        {
            if (!_queues.TryGetValue(report.Account, out var queue))
            {
                queue = [];
                _queues.Add(report.Account, queue);
            }

            queue.Add(report);
        }
    }

    private ExecutionReport[] Take(string account)
    {
        if (!_queues.TryGetValue(account, out var queue) || queue.Count == 0)
        {
            return [];
        }

        var reports = queue.ToArray();
        queue.Clear();
        return reports;
    }
}
