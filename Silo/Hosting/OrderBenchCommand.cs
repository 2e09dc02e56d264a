using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>
/// The <c>bench-orders</c> command: order throughput of the order path (risk engine, order manager, simulated venue,
/// ledger) measured in one process, first as plain library calls on one thread (the reference), then through the
/// portfolio and execution grains (one order per call, batches of 100, and four accounts at once), each as orders per
/// second and as a ratio to the reference; then the kill switch on accounts with resting orders (time from the command
/// to every new order blocked and to every working order's cancel booked). Orders are marketable IOC limits that fill
/// at once (latency 0, a deep NBBO); the order-rate check is off because every order carries the same market time.
/// Best of <c>--rounds</c>; the first round also warms the JIT.
/// </summary>
public static class OrderBenchCommand
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly UnixNanos Time = UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 14, 0, 0, DateTimeKind.Utc));
    private static readonly Quote Quote = new(Ibm, Time, Price.FromDecimal(99.99m), Quantity.FromUnits(1_000_000_000), Price.FromDecimal(100.01m), Quantity.FromUnits(1_000_000_000));

    /// <summary>Runs the benchmark and prints the table.</summary>
    /// <param name="orders">Orders per throughput measurement.</param>
    /// <param name="resting">Resting orders per account for the kill switch.</param>
    /// <param name="rounds">Rounds; the best of each measurement is reported.</param>
    /// <param name="output">Where the table goes.</param>
    /// <param name="cancellationToken">Stops between measurements.</param>
    public static async Task<int> RunAsync(int orders, int resting, int rounds, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        double reference = 0, single = 0, batched = 0, parallel = 0;
        var kills = new List<(int Accounts, double Blocked, double Canceled, int Orders)>();
        for (var round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reference = Math.Max(reference, Reference(orders));
            await using (var silo = await BenchSilo.StartAsync())
            {
                single = Math.Max(single, await Grains(silo, "ONE", orders, batch: 1));
                batched = Math.Max(batched, await Grains(silo, "BATCH", orders, batch: 100));
                parallel = Math.Max(parallel, await Parallel(silo, orders, accounts: 4));
                kills.Add(await Kill(silo, $"K1R{round}", 1, resting));
                kills.Add(await Kill(silo, $"K4R{round}", 4, resting));
            }
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"order path, {orders:N0} marketable IOC orders per measurement, best of {rounds} rounds ({Environment.ProcessorCount} cores)"));
        output.WriteLine("| path | orders/s | ratio to reference |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine(string.Create(c, $"| reference: RiskEngine + OrderManager + SimulatedVenue + ledger, direct calls, one thread | {reference:N0} | 1.00 |"));
        output.WriteLine(string.Create(c, $"| grains: PortfolioGrain.NewOrder -> ExecutionGrain, one order per call | {single:N0} | {single / reference:F2} |"));
        output.WriteLine(string.Create(c, $"| grains: PortfolioGrain.NewOrders, batches of 100 | {batched:N0} | {batched / reference:F2} |"));
        output.WriteLine(string.Create(c, $"| grains: 4 accounts at once, one order per call | {parallel:N0} | {parallel / reference:F2} |"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"kill switch, {resting:N0} resting orders per account (best of {rounds})"));
        output.WriteLine("| accounts | orders cancelled | command -> all blocked (us) | command -> all cancels booked (us) |");
        output.WriteLine("|---:|---:|---:|---:|");
        foreach (var group in kills.GroupBy(k => k.Accounts))
        {
            output.WriteLine(string.Create(c, $"| {group.Key} | {group.First().Orders:N0} | {group.Min(k => k.Blocked):F1} | {group.Min(k => k.Canceled):F1} |"));
        }

        return 0;
    }

    private static PortfolioBookOptions BookOptions() => new()
    {
        Risk = new RiskLimits { MaxOrdersPerSecond = 0, MaxGrossExposure = 100_000_000m, MaxPositionPerSymbol = Quantity.FromUnits(1_000_000) },
    };

    private static NewOrderCommand Marketable(int i) => i % 2 == 0
        ? new NewOrderCommand(null, Ibm, Side.Buy, Quantity.FromUnits(1 + (i / 2 % 50)), OrderType.Limit, Quote.AskPrice, null, TimeInForce.Ioc)
        : new NewOrderCommand(null, Ibm, Side.Sell, Quantity.FromUnits(1 + (i / 2 % 50)), OrderType.Limit, Quote.BidPrice, null, TimeInForce.Ioc);

    private static double Reference(int orders)
    {
        var book = new PortfolioBook("REF", BookOptions());
        var venue = new SimulatedVenue(new VenueOptions("SIM", 0, new FeeSchedule(0.0035m, 0m, 0.35m)));
        var reports = new List<ExecutionReport>();
        venue.OnQuote(Quote, reports);
        book.Mark(Quote);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < orders; i++)
        {
            var c = Marketable(i);
            var request = new OrderRequest(book.NextClOrdId(), "REF", c.Symbol, c.Side, c.Quantity, c.OrdType, c.LimitPrice, c.TimeInForce, Time);
            if (book.Enter(request, "manual").Send)
            {
                reports.Clear();
                venue.Submit(request, reports);
                foreach (var report in reports)
                {
                    book.Apply(report);
                }
            }
        }

        var rate = orders / watch.Elapsed.TotalSeconds;
        Check(book.Orders.Count(o => o.Status == OrdStatus.Filled) == orders, $"reference: {orders} orders should fill");
        return rate;
    }

    private static async Task<double> Grains(BenchSilo silo, string account, int orders, int batch)
    {
        var portfolio = silo.Runtime.GetGrain<IPortfolioGrain>(account);
        await portfolio.GetRisk();
        var watch = Stopwatch.StartNew();
        if (batch == 1)
        {
            for (var i = 0; i < orders; i++)
            {
                await portfolio.NewOrder(Marketable(i));
            }
        }
        else
        {
            for (var i = 0; i < orders; i += batch)
            {
                await portfolio.NewOrders([.. Enumerable.Range(i, Math.Min(batch, orders - i)).Select(Marketable)]);
            }
        }

        var rate = orders / watch.Elapsed.TotalSeconds;
        var filled = (await portfolio.GetOrders(false)).Count(o => o.Status == OrdStatus.Filled);
        Check(filled == orders, $"{account}: {filled} of {orders} orders filled");
        return rate;
    }

    private static async Task<double> Parallel(BenchSilo silo, int orders, int accounts)
    {
        var grains = Enumerable.Range(0, accounts).Select(a => silo.Runtime.GetGrain<IPortfolioGrain>($"PAR{a}")).ToArray();
        foreach (var g in grains)
        {
            await g.GetRisk();
        }

        var per = orders / accounts;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(grains.Select(async g =>
        {
            for (var i = 0; i < per; i++)
            {
                await g.NewOrder(Marketable(i));
            }
        }));
        return per * accounts / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(int Accounts, double Blocked, double Canceled, int Orders)> Kill(BenchSilo silo, string prefix, int accounts, int resting)
    {
        var grains = Enumerable.Range(0, accounts).Select(a => silo.Runtime.GetGrain<IPortfolioGrain>($"{prefix}A{a}")).ToArray();
        foreach (var g in grains)
        {
            for (var i = 0; i < resting; i += 100)
            {
                await g.NewOrders([.. Enumerable.Range(i, Math.Min(100, resting - i)).Select(k => new NewOrderCommand(
                    null, Ibm, Side.Buy, Quantity.FromUnits(1 + (k / 4000)), OrderType.Limit, Price.FromDecimal(50m + (k % 4000 * 0.01m)), null, TimeInForce.Gtc))]);
            }

            Check((await g.GetRisk()).WorkingOrders == resting, $"{prefix}: {resting} resting orders expected");
        }

        var start = Stopwatch.GetTimestamp();
        var reports = await Task.WhenAll(grains.Select(g => g.Kill("bench")));
        var blocked = Stopwatch.GetElapsedTime(start, reports.Max(r => r.BlockedTimestamp)).TotalMicroseconds;
        var canceled = Stopwatch.GetElapsedTime(start, reports.Max(r => r.CanceledTimestamp)).TotalMicroseconds;
        var count = reports.Sum(r => r.OrdersCanceled);
        Check(count == accounts * resting && reports.All(r => r.Risk.WorkingOrders == 0), $"{prefix}: every resting order cancelled");
        return (accounts, blocked, canceled, count);
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"bench-orders: {what}.");
        }
    }

    /// <summary>A private in-process Orleans silo with memory storage, latency 0 and the bench's limits.</summary>
    private sealed class BenchSilo : IAsyncDisposable
    {
        private readonly GridHost _host;

        private BenchSilo(GridHost host) => _host = host;

        public IGrainFactory Runtime => _host.Grains;

        public static async Task<BenchSilo> StartAsync()
        {
            var options = new StrategyOptions
            {
                Portfolio = BookOptions(),
                Venue = new VenueOptions(StrategyOptions.DefaultVenueName, 0, new FeeSchedule(0.0035m, 0m, 0.35m)) { RejectLateArrivals = false },
            };
            var host = GridHost.Create(new SiloSettings(), new GridSiloOptions { MemoryStorage = true, Private = true, RejectLateArrivals = false, Strategy = options });
            await host.StartAsync();
            await host.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName).OnQuotes(new QuoteBatch([Quote]));
            return new BenchSilo(host);
        }

        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }
}
