using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Venue;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests;

/// <summary>The whole path the grains drive: signal → sizing → checks → venue → ledger, replayed with a seed.</summary>
public sealed class OrderPathTests
{
    [Fact]
    public void SeededReplayKeepsTheBooksBalancedAndEveryFillTracedToAQuote()
    {
        var rng = new DeterministicRandom(42);
        var ids = new ClOrdIdGenerator(Account);
        var sizer = new KellySizer(new KellySizingOptions(0.25, 0.5, 200_000m, allowShort: true));
        var checks = new PreTradeChecks(new PreTradeLimits(Qty(5_000), 250_000m, 100m));
        var venue = new SimulatedVenue(new VenueOptions("SIM", 1_000, new FeeSchedule(0.005m, 0m, 1m)));
        var ledger = new PortfolioLedger(Account, 1_000_000m);
        var quoteTimes = new HashSet<UnixNanos>();
        var reports = new List<ExecutionReport>();
        var mid = 50m;
        var orders = 0;
        for (var t = 0L; t < 5_000; t++)
        {
            mid = Math.Max(1m, mid + ((rng.NextInt(7) - 3) * 0.01m));
            var quote = Nbbo(t * 500, mid - 0.01m, 100 + rng.NextInt(900), mid + 0.01m, 100 + rng.NextInt(900));
            quoteTimes.Add(quote.Time);
            reports.Clear();
            venue.OnQuote(quote, reports);
            ledger.Mark(quote);
            foreach (var fill in reports.Where(r => r.Fill is not null).Select(r => r.Fill!))
            {
                Assert.Contains(fill.QuoteTime, quoteTimes);
                Assert.Equal(FillOutcome.Applied, ledger.Apply(fill));
            }

            if (t % 25 != 0)
            {
                continue;
            }

            var change = sizer.SizeGaussian((rng.NextDouble() - 0.5) * 0.02, 0.0004, ledger.Equity, quote.MidPrice()!.Value, ledger.GetPosition(Ibm).Quantity);
            if (change.IsNoOp)
            {
                continue;
            }

            var order = OrderRequest.Market(ids.Next(), Account, Ibm, change.OrderSide, change.OrderQuantity, quote.Time);
            if (checks.Check(order, quote).IsAccepted)
            {
                orders++;
                venue.Submit(order, reports);
            }
        }

        Assert.True(orders > 10, $"only {orders} orders passed the checks");
        Assert.True(ledger.Fills.Count > 10, $"only {ledger.Fills.Count} fills");
        ledger.Reconcile().ThrowIfBroken();
    }
}
