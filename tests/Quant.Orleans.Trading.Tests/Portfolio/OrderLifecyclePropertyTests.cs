using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Trading.Tests.Portfolio;

/// <summary>
/// Seeded random sequences of quotes, orders of every type and time in force, cancels, cancel/replaces, kills and
/// ends of day through a <see cref="PortfolioBook"/> and a <see cref="SimulatedVenue"/>; after every step the books
/// must balance and agree with each other and with the fills (independent recomputations, exact decimals).
/// </summary>
public sealed class OrderLifecyclePropertyTests
{
    private const string Account = "ACC1";
    private static readonly Symbol Ibm = new("IBM");

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void RandomOrderFlowConservesCashPositionsAndQuantitiesAndEveryFillIsTracedToItsQuote(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var book = new PortfolioBook(Account, new PortfolioBookOptions
        {
            Risk = new RiskLimits { MaxOrdersPerSecond = 50, MaxGrossExposure = 5_000_000m, MaxPositionPerSymbol = Quantity.FromUnits(5_000) },
        });
        var venue = new SimulatedVenue(new VenueOptions("SIM", 1_000_000, new FeeSchedule(0.005m, 0.1m, 1.00m)));
        var quotes = new Dictionary<UnixNanos, Quote>();
        var reports = new List<ExecutionReport>();
        var time = new UnixNanos(1_381_150_000L * UnixNanos.NanosPerSecond);
        var mid = 100m;
        int kills = 0, replaces = 0, cancels = 0, expiries = 0;

        void Book()
        {
            foreach (var report in reports)
            {
                book.Apply(report);
            }

            reports.Clear();
        }

        for (var step = 0; step < 1_500; step++)
        {
            var action = random.NextInt(100);
            if (action < 50 || quotes.Count == 0)
            {
                time = time.AddNanos((1 + random.NextInt(5)) * UnixNanos.NanosPerMillisecond);
                mid = Math.Max(50m, mid + (random.NextInt(21) - 10) * 0.01m);
                var quote = new Quote(Ibm, time, Price.FromDecimal(mid - 0.01m), Quantity.FromUnits(random.NextInt(400)), Price.FromDecimal(mid + 0.01m), Quantity.FromUnits(random.NextInt(400)));
                quotes[time] = quote;
                venue.OnQuote(quote, reports);
                Book();
                book.Mark(quote);
            }
            else if (action < 78)
            {
                var order = RandomOrder(random, book.NextClOrdId(), mid, time);
                if (book.Enter(order, "manual").Send)
                {
                    venue.Submit(order, reports);
                    Book();
                }
            }
            else if (action < 88)
            {
                if (Pick(random, book, o => OrderStateMachine.CanCancel(o.Status)) is not { } toCancel)
                {
                    continue;
                }

                Assert.True(venue.Cancel(Account, toCancel.ClOrdId, time, "test", reports));
                Book();
                Assert.Equal(OrdStatus.Canceled, toCancel.Status);
                cancels++;
            }
            else if (action < 96)
            {
                if (Pick(random, book, o => o.Status is OrdStatus.New or OrdStatus.PartiallyFilled) is not { } toReplace)
                {
                    continue;
                }

                var r = toReplace.Request;
                var quantity = toReplace.CumQty + Quantity.FromUnits(1 + random.NextInt(300));
                var limit = r.LimitPrice is null ? (Price?)null : Price.FromDecimal(mid + (random.NextInt(41) - 20) * 0.01m);
                var stop = r.StopPrice is null ? (Price?)null : Price.FromDecimal(limit?.ToDecimal() ?? (mid + (r.Side == Side.Buy ? 0.2m : -0.2m)));
                var entry = book.PrepareReplace(toReplace.ClOrdId, book.NextClOrdId(), quantity, limit, stop, time);
                if (entry.Outcome == ReplaceOutcome.Ready)
                {
                    Assert.True(venue.Replace(toReplace.ClOrdId, entry.Replacement!, reports));
                    Book();
                    Assert.Equal(OrdStatus.Replaced, toReplace.Status);
                    replaces++;
                }
            }
            else if (action < 98)
            {
                book.Risk.SetState(RiskState.Halted, "test kill");
                venue.CancelAll(Account, time, "kill", reports);
                Book();
                Assert.Equal(0, venue.WorkingCount);
                Assert.Equal(0, book.Oms.WorkingCount);
                Assert.False(book.Enter(RandomOrder(random, book.NextClOrdId(), mid, time), "manual").Send);
                book.Risk.SetState(RiskState.Active, "resumed");
                kills++;
            }
            else
            {
                expiries += venue.EndOfDay(time, reports);
                Book();
                book.Oms.EndOfDay();
                Assert.DoesNotContain(book.Orders, o => !o.IsTerminal && o.Request.TimeInForce == TimeInForce.Day);
            }

            CheckInvariants(book, venue, quotes);
        }

        Assert.True(book.Ledger.Fills.Count > 50, $"only {book.Ledger.Fills.Count} fills");
        Assert.True(kills > 0 && replaces > 5 && cancels > 5, $"kills {kills}, replaces {replaces}, cancels {cancels}, expiries {expiries}");
        Assert.Contains(book.Orders, o => o.Status == OrdStatus.Expired);
        Assert.Contains(book.Orders, o => o.Request.Type == OrderType.Stop && o.CumQty.IsPositive);
    }

    private static OrderRequest RandomOrder(DeterministicRandom random, ClOrdId id, decimal mid, UnixNanos time)
    {
        var side = random.NextInt(2) == 0 ? Side.Buy : Side.Sell;
        var sign = side == Side.Buy ? 1m : -1m;
        var quantity = Quantity.FromUnits(1 + random.NextInt(400));
        var tif = (TimeInForce)"0134"[random.NextInt(4)];
        var offset = (random.NextInt(41) - 20) * 0.01m;
        return random.NextInt(4) switch
        {
            0 => new OrderRequest(id, Account, Ibm, side, quantity, OrderType.Market, null, tif, time),
            1 => new OrderRequest(id, Account, Ibm, side, quantity, OrderType.Limit, Price.FromDecimal(mid + offset), tif, time),
            2 => new OrderRequest(id, Account, Ibm, side, quantity, OrderType.Stop, null, tif, time, Price.FromDecimal(mid + (sign * 0.05m) + offset)),
            _ => new OrderRequest(id, Account, Ibm, side, quantity, OrderType.StopLimit, Price.FromDecimal(mid + (sign * 0.1m)), tif, time, Price.FromDecimal(mid + (sign * 0.05m))),
        };
    }

    private static Order? Pick(DeterministicRandom random, PortfolioBook book, Func<Order, bool> predicate)
    {
        var candidates = book.Orders.Where(predicate).ToArray();
        return candidates.Length == 0 ? null : candidates[random.NextInt(candidates.Length)];
    }

    private static void CheckInvariants(PortfolioBook book, SimulatedVenue venue, Dictionary<UnixNanos, Quote> quotes)
    {
        var ledger = book.Ledger;
        ledger.Reconcile().ThrowIfBroken();
        var fills = ledger.Fills;

        // Quantities: every fill belongs to an order; an order chain's filled quantity is carried by its live member.
        var filledByClOrdId = fills.GroupBy(f => f.ClOrdId).ToDictionary(g => g.Key, g => g.Aggregate(Quantity.Zero, (s, f) => s + f.LastQty));
        foreach (var chain in book.Orders.GroupBy(o => o.OrderId))
        {
            var last = chain.Last();
            Assert.DoesNotContain(chain.SkipLast(1), o => o.Status != OrdStatus.Replaced);
            var total = chain.Aggregate(Quantity.Zero, (s, o) => s + filledByClOrdId.GetValueOrDefault(o.ClOrdId));
            Assert.Equal(total, last.CumQty);
            Assert.True(last.CumQty <= last.Request.Quantity, $"{last.ClOrdId} overfilled");
            Assert.Equal(last.IsTerminal ? Quantity.Zero : last.Request.Quantity - last.CumQty, last.LeavesQty);
        }

        var signed = book.Orders.Where(o => o.Status != OrdStatus.Replaced).Aggregate(0L, (s, o) => s + (o.CumQty.Raw * o.Request.Side.Sign()));
        Assert.Equal(signed, ledger.GetPosition(Ibm).Quantity.Raw);

        // The order manager's running totals against a recomputation; the venue works exactly the orders the OMS does.
        var working = book.Orders.Where(o => !o.IsTerminal).ToArray();
        Assert.Equal(working.Length, book.Oms.WorkingCount);
        Assert.Equal(working.Length, venue.WorkingCount);
        Assert.All(working, o => Assert.True(venue.IsWorking(Account, o.ClOrdId), $"{o.ClOrdId} {o.Status} not at the venue"));
        var (buy, sell) = book.Oms.Working(Ibm);
        Assert.Equal(working.Where(o => o.Request.Side == Side.Buy).Sum(o => o.LeavesQty.Raw), buy.Raw);
        Assert.Equal(working.Where(o => o.Request.Side == Side.Sell).Sum(o => o.LeavesQty.Raw), sell.Raw);
        Assert.Equal(working.Sum(o => o.LeavesQty.ToDecimal() * o.ReferencePrice), book.Oms.WorkingNotional);

        // Traceability: each fill names the quote that caused it, is priced at or inside that quote's far side and
        // within its limit, and no quote side gives more than it displayed.
        foreach (var f in fills)
        {
            var quote = quotes[f.QuoteTime];
            var order = book.Orders.First(o => o.ClOrdId == f.ClOrdId);
            if (f.Side == Side.Buy)
            {
                Assert.True(f.LastPx >= quote.AskPrice, $"{f.FillId} buy at {f.LastPx} below the ask {quote.AskPrice}");
                Assert.True(order.Request.LimitPrice is not { } l || f.LastPx <= l, $"{f.FillId} above its limit");
            }
            else
            {
                Assert.True(f.LastPx <= quote.BidPrice, $"{f.FillId} sell at {f.LastPx} above the bid {quote.BidPrice}");
                Assert.True(order.Request.LimitPrice is not { } l || f.LastPx >= l, $"{f.FillId} below its limit");
            }
        }

        foreach (var side in fills.GroupBy(f => (f.QuoteTime, f.Side)))
        {
            var quote = quotes[side.Key.QuoteTime];
            var displayed = side.Key.Side == Side.Buy ? quote.AskSize : quote.BidSize;
            Assert.True(side.Aggregate(Quantity.Zero, (s, f) => s + f.LastQty) <= displayed, $"quote {side.Key} overfilled");
        }
    }
}
