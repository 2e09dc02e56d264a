using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>
/// A <see cref="SimulatedVenue"/> that queues every report for its account, as the execution grain does, with one
/// <see cref="IVenueSession"/> per account. <see cref="Restart"/> replaces the venue by a new one (it forgets its
/// orders, quotes and queues), as a silo restart does. With <see cref="Yield"/>, every session call completes
/// asynchronously, so the engine's continuations really run after an await.
/// </summary>
internal sealed class SimulatedVenueHost
{
    private readonly VenueOptions _options;
    private readonly List<ExecutionReport> _reports = [];
    private readonly Dictionary<string, List<ExecutionReport>> _queues = new(StringComparer.Ordinal);

    public SimulatedVenueHost(VenueOptions options)
    {
        _options = options;
        Venue = new SimulatedVenue(options);
    }

    public SimulatedVenue Venue { get; private set; }

    public bool Yield { get; set; }

    public string Name => _options.Name;

    public IVenueSession Session(string account) => new AccountSession(this, account);

    public void Restart()
    {
        Venue = new SimulatedVenue(_options);
        _queues.Clear();
    }

    public ExecutionReport[] OnQuotes(params Quote[] quotes)
    {
        _reports.Clear();
        foreach (var quote in quotes)
        {
            Venue.OnQuote(quote, _reports);
        }

        Queue();
        return _reports.ToArray();
    }

    public ExecutionReport[] EndOfDay(UnixNanos time)
    {
        _reports.Clear();
        Venue.EndOfDay(time, _reports);
        Queue();
        return _reports.ToArray();
    }

    private void Queue()
    {
        foreach (var report in _reports)
        {
            if (!_queues.TryGetValue(report.Account, out var queue))
            {
                _queues.Add(report.Account, queue = []);
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

    private sealed class AccountSession(SimulatedVenueHost host, string account) : IVenueSession
    {
        public async ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders)
        {
            await Pause();
            host._reports.Clear();
            foreach (var order in orders)
            {
                host.Venue.Submit(order, host._reports);
            }

            host.Queue();
            return host.Take(account);
        }

        public async ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, UnixNanos time, string reason)
        {
            await Pause();
            host._reports.Clear();
            host.Venue.Cancel(account, clOrdId, time, reason, host._reports);
            host.Queue();
            return host.Take(account);
        }

        public async ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement)
        {
            await Pause();
            host._reports.Clear();
            host.Venue.Replace(origClOrdId, replacement, host._reports);
            host.Queue();
            return host.Take(account);
        }

        public async ValueTask<ExecutionReport[]> CancelAll(UnixNanos time, string reason)
        {
            await Pause();
            host._reports.Clear();
            host.Venue.CancelAll(account, time, reason, host._reports);
            host.Queue();
            return host.Take(account);
        }

        public async ValueTask<ExecutionReport[]> TakeReports()
        {
            await Pause();
            return host.Take(account);
        }

        public async ValueTask<Quote?> GetQuote(Symbol symbol)
        {
            await Pause();
            return host.Venue.TryGetLastQuote(symbol, out var q) ? q : null;
        }

        public async ValueTask<UnixNanos?> GetMarketTime()
        {
            await Pause();
            return host.Venue.MarketTime.Value == 0 ? null : host.Venue.MarketTime;
        }

        public async ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders)
        {
            await Pause();
            host.Venue.ResumeAfter(lastExecSequence);
            return new VenueReconnect(host.Take(account), openOrders.Where(id => host.Venue.IsWorking(account, id)).ToArray());
        }

        private async ValueTask Pause()
        {
            if (host.Yield)
            {
                await Task.Yield();
            }
        }
    }
}
