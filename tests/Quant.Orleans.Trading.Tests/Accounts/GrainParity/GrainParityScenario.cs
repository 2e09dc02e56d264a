using System.Globalization;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
#if GRAIN
using Quant.Orleans.Grains.Interfaces.Messages;
#else
using Quant.Orleans.Trading.Accounts;
#endif

namespace Quant.Orleans.Trading.Tests.Accounts.GrainParity;

/// <summary>The account operations of the parity scenario, implemented over the account engine here and over the
/// portfolio and execution grains of commit 01ab602 (see README.md beside this file).</summary>
internal interface IParityAccount
{
    Task Quote(Quote quote);
    Task<ExecutionReport[]> Forecasts((Symbol Symbol, UnixNanos Time, Quote Nbbo, double Mu, double Sigma)[] f);
    Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] c);
    Task<OrderCommandResult> Cancel(string id);
    Task<OrderCommandResult> Replace(string id, ReplaceCommand c);
    Task<RiskSnapshot> Kill(string reason);
    Task<RiskSnapshot> Resume(RiskState s, string reason);
    Task EndOfDay(UnixNanos t);
    Task Checkpoint(ReplayCheckpoint c);
    Task Sync();
    Task VenueQuote(Quote quote);
    Task<OrderRecord[]> Orders(bool workingOnly);
    Task Restart();
    Task<PortfolioSnapshot> Snapshot();
    Task<Fill[]> Fills();
    Task<RiskSnapshot> Risk();
    Task<ReplayCheckpoint?> Progress();
}

/// <summary>
/// A seeded random session (quotes, forecasts, manual orders, cancels, replaces, kills, resumes, ends of day,
/// checkpoints, quotes the account does not see, a restart with a new venue) whose journal and answers were recorded
/// from <c>PortfolioGrain</c> before its logic moved into <see cref="Trading.Accounts.AccountEngine"/>. The log uses
/// '\n' line ends and invariant formatting, so its bytes are the same on every machine.
/// </summary>
internal static class GrainParityScenario
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly Symbol Msft = new("MSFT");
    private static readonly OrderType[] Types = [OrderType.Market, OrderType.Limit, OrderType.Stop, OrderType.StopLimit];
    private static readonly TimeInForce[] Tifs = [TimeInForce.Day, TimeInForce.Gtc, TimeInForce.Ioc, TimeInForce.Fok];

    public static UnixNanos At(long millis) => new((1_381_152_600_000L + millis) * UnixNanos.NanosPerMillisecond);

    public static async Task<string> Run(IParityAccount a, ulong seed, int steps, int restartAt)
    {
        var random = new DeterministicRandom(seed);
        var last = new Dictionary<Symbol, Quote>();
        var mids = new Dictionary<Symbol, decimal> { [Ibm] = 100m, [Msft] = 50m };
        long millis = 0;
        var log = new StringBuilder();
        async Task DoQuote(Symbol symbol, bool venueOnly = false)
        {
            millis += random.NextInt(20) == 0 ? 61_000 : 1 + random.NextInt(300);
            var mid = mids[symbol] = Math.Max(10m, mids[symbol] + ((random.NextInt(21) - 10) * 0.05m));
            var oneSided = random.NextInt(40) == 0;
            var quote = new Quote(symbol, At(millis), oneSided ? Price.Zero : Price.FromDecimal(mid - 0.01m), Quantity.FromUnits(random.NextInt(800)), Price.FromDecimal(mid + 0.01m), Quantity.FromUnits(random.NextInt(800)));
            last[symbol] = quote;
            if (venueOnly)
            {
                await a.VenueQuote(quote);
            }
            else
            {
                await a.Quote(quote);
            }
        }

        await DoQuote(Ibm);
        await DoQuote(Msft);
        for (var step = 0; step < steps; step++)
        {
            if (step == restartAt)
            {
                await DoQuote(Ibm); // no order in flight: a PendingNew order cannot be cancelled on disconnect
                await DoQuote(Msft);
                await a.Restart();
                log.Append("restart").Append('\n');
            }

            var action = random.NextInt(100);
            log.Append(step).Append(' ').Append(action).Append(": ");
            if (action < 30)
            {
                await DoQuote(random.NextInt(2) == 0 ? Ibm : Msft);
                log.Append("quote").Append('\n');
            }
            else if (action < 42)
            {
                var f = last.Values.OrderBy(q => q.Symbol.Ticker, StringComparer.Ordinal).Where(_ => random.NextInt(3) > 0)
                    .Select(q => (q.Symbol, At(millis), q, (random.NextDouble() - 0.5) * 0.006, 0.01)).ToArray();
                foreach (var r in await a.Forecasts(f))
                {
                    log.Append(r.ToString()).Append('\n');
                }
            }
            else if (action < 62)
            {
                var commands = Enumerable.Range(0, 1 + random.NextInt(3)).Select(_ => RandomCommand(random, mids)).ToArray();
                foreach (var r in await a.NewOrders(commands))
                {
                    Log(log, r);
                }
            }
            else if (action < 72)
            {
                var orders = await a.Orders(random.NextInt(2) == 0);
                var id = orders.Length == 0 || random.NextInt(10) == 0 ? "nope" : orders[random.NextInt(orders.Length)].Order.ClOrdId.Value;
                Log(log, await a.Cancel(id));
            }
            else if (action < 87)
            {
                var orders = await a.Orders(random.NextInt(4) > 0);
                if (orders.Length == 0)
                {
                    Log(log, await a.Replace("nope", new ReplaceCommand(null, null, null, null)));
                }
                else
                {
                    var order = orders[random.NextInt(orders.Length)];
                    var r = order.Order;
                    var quantity = random.NextInt(6) == 0 ? order.CumQty : order.CumQty + Quantity.FromUnits(1 + random.NextInt(600));
                    Price? limit = r.LimitPrice is { } l && random.NextInt(2) == 0 ? Price.FromDecimal(l.ToDecimal() + ((random.NextInt(11) - 5) * 0.05m)) : null;
                    var id = random.NextInt(2) == 0 ? null : "r-" + random.NextInt(8).ToString(CultureInfo.InvariantCulture);
                    Log(log, await a.Replace(r.ClOrdId.Value, new ReplaceCommand(id, quantity, limit, null)));
                }
            }
            else if (action < 89)
            {
                log.Append(Risk(await a.Kill(random.NextInt(2) == 0 ? string.Empty : "random kill"))).Append('\n');
            }
            else if (action < 93)
            {
                log.Append(Risk(await a.Resume(random.NextInt(3) == 0 ? RiskState.Reducing : RiskState.Active, string.Empty))).Append('\n');
            }
            else if (action < 94)
            {
                await a.EndOfDay(At(millis));
                log.Append("eod").Append('\n');
            }
            else if (action < 96)
            {
                await a.Checkpoint(new ReplayCheckpoint("random", step, At(millis)));
                log.Append("checkpoint").Append('\n');
            }
            else if (action < 99)
            {
                await DoQuote(random.NextInt(2) == 0 ? Ibm : Msft, venueOnly: true);
                log.Append("venue quote").Append('\n');
            }
            else
            {
                await a.Sync();
                log.Append("sync").Append('\n');
            }
        }

        foreach (var o in await a.Orders(false))
        {
            log.Append(WithoutAudit(o)).Append('\n');
        }

        foreach (var f in await a.Fills())
        {
            log.Append(f.ToString()).Append('\n');
        }

        var s = await a.Snapshot();
        log.Append(string.Join("|", s.Account, s.InitialCash, s.Cash, s.Equity, s.RealizedPnl, s.UnrealizedPnl, s.Fees, string.Join(",", s.Positions), s.OrderCount, s.FillCount, s.RiskRejections, s.Reconciled)).Append('\n');
        log.Append(Risk(await a.Risk())).Append('\n');
        log.Append((await a.Progress())?.ToString() ?? "no progress").Append('\n');
        return log.ToString();
    }

    /// <summary>An order record as the grains these answers were recorded from printed it: without the sizing audit
    /// trail (<see cref="OrderRecord.Sizing"/>), which came later.</summary>
    private static string WithoutAudit(OrderRecord o) =>
        (o with { Sizing = null }).ToString().Replace(", Sizing =  }", " }", StringComparison.Ordinal);

    private static string Risk(RiskSnapshot r) =>
        string.Join("|", r.Account, r.State, r.StateReason, r.GrossExposure, r.Equity, r.OrdersLastSecond, r.WorkingOrders, string.Join(",", r.Rejections.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));

    private static void Log(StringBuilder log, OrderCommandResult r)
    {
        log.Append(r.Status).Append('|').Append(r.Order is { } o ? WithoutAudit(o) : "-").Append('|').Append(r.Error ?? "-").Append('\n');
        foreach (var report in r.Reports)
        {
            log.Append("  ").Append(report.ToString()).Append('\n');
        }
    }

    private static NewOrderCommand RandomCommand(DeterministicRandom random, Dictionary<Symbol, decimal> mids)
    {
        var symbol = random.NextInt(2) == 0 ? Ibm : Msft;
        var mid = mids[symbol];
        var type = Types[random.NextInt(Types.Length)];
        var side = random.NextInt(2) == 0 ? Side.Buy : Side.Sell;
        var units = random.NextInt(25) == 0 ? 6_000 : 1 + random.NextInt(800);
        Price? limit = type is OrderType.Limit or OrderType.StopLimit ? Price.FromDecimal(mid + ((random.NextInt(41) - 20) * 0.05m)) : null;
        Price? stop = type is OrderType.Stop or OrderType.StopLimit ? Price.FromDecimal(mid + ((side == Side.Buy ? 1 : -1) * (1 + random.NextInt(10)) * 0.05m)) : null;
        if (random.NextInt(30) == 0)
        {
            limit = limit is null ? Price.FromDecimal(mid) : null;
        }

        var id = random.NextInt(2) == 0 ? null : "m-" + random.NextInt(12).ToString(CultureInfo.InvariantCulture);
        return new NewOrderCommand(id, symbol, side, Quantity.FromUnits(units), type, limit, stop, Tifs[random.NextInt(Tifs.Length)]);
    }
}
