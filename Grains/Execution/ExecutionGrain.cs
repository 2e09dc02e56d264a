using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Grains.Execution;

/// <summary>A simulated venue (key: venue name): see <see cref="SimulatedVenue"/> for the matching rules. Every report
/// is queued for its account until the account takes it, so an account books its reports in the venue's order. The
/// venue keeps no persistent state: after a restart it works no orders, and accounts that reconnect cancel the orders
/// it lost (cancel on disconnect). An account recovering reconnects by itself; the accounts active when the venue
/// activates are told at once (<see cref="IPortfolioGrain.VenueRestarted"/>, one-way, from a timer just after the
/// activation, so that no account waits on the venue while the venue waits on it).</summary>
public sealed class ExecutionGrain : Grain, IExecutionGrain
{
    private readonly SimulatedVenue _venue;
    private readonly List<ExecutionReport> _reports = [];
    private readonly SortedDictionary<string, List<ExecutionReport>> _queues = new(StringComparer.Ordinal);

    /// <summary>Creates the venue with the strategy's latency and fees.</summary>
    public ExecutionGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _venue = new SimulatedVenue(options.Venue);
    }

    /// <summary>Schedules the restart notice to the active accounts.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        IGrainTimer? notice = null;
        notice = this.RegisterGrainTimer(
            async ct =>
            {
                notice?.Dispose();
                await TellActiveAccounts();
            },
            TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <summary>Tells every account of the directory that is active now that this venue (re)started.</summary>
    private async Task TellActiveAccounts()
    {
        var venue = this.GetPrimaryKeyString();
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        foreach (var account in await GrainFactory.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key).GetAccounts())
        {
            var portfolio = GrainFactory.GetGrain<IPortfolioGrain>(account);
            if (await management.GetActivationAddress(portfolio) is not null)
            {
                await portfolio.VenueRestarted(venue);
            }
        }
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
    public ValueTask<string[]> OnQuotes(QuoteBatch quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        _reports.Clear();
        foreach (var quote in quotes.Quotes)
        {
            _venue.OnQuote(quote, _reports);
        }

        return new(_reports.Count == 0 ? [] : Queue());
    }

    /// <inheritdoc />
    public ValueTask<string[]> EndOfDay(UnixNanos time)
    {
        _reports.Clear();
        _venue.EndOfDay(time, _reports);
        return new(Queue());
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

    /// <inheritdoc />
    public ValueTask<UnixNanos?> GetMarketTime() => new(_venue.MarketTime.Value == 0 ? null : _venue.MarketTime);

    /// <summary>Queues the reports of the last operation for their accounts; returns the accounts with reports queued
    /// (this operation's or earlier ones'), ordinal order.</summary>
    private string[] Queue()
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

        return [.. _queues.Where(q => q.Value.Count > 0).Select(q => q.Key)];
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
