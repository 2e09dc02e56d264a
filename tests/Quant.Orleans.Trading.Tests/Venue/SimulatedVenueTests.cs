using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Venue;

public sealed class SimulatedVenueTests
{
    private static SimulatedVenue NewVenue(long latencyNanos = 0, FeeSchedule? fees = null)
        => new(new VenueOptions("SIM", latencyNanos, fees ?? FeeSchedule.Free));

    private static List<ExecutionReport> Run(SimulatedVenue venue, params object[] events)
    {
        var reports = new List<ExecutionReport>();
        foreach (var e in events)
        {
            _ = e switch
            {
                Quote q => venue.OnQuote(q, reports),
                OrderRequest o => venue.Submit(o, reports),
                _ => throw new ArgumentException($"Unknown event {e}.", nameof(events)),
            };
        }

        return reports;
    }

    private static Fill SingleFill(List<ExecutionReport> reports) => Assert.Single(reports, r => r.ExecType == ExecType.Trade).Fill!;

    [Fact]
    public void MarketBuyFillsAtTheAskAndSellAtTheBid()
    {
        var venue = NewVenue();
        var reports = Run(venue, Nbbo(1_000, 100.00m, 200m, 100.10m, 300m), MarketOrder("B1", Side.Buy, 100m, 1_000));
        Assert.Equal([ExecType.New, ExecType.Trade], reports.Select(r => r.ExecType));
        var buy = SingleFill(reports);
        Assert.Equal(Px(100.10m), buy.LastPx);
        Assert.Equal(Qty(100), buy.LastQty);
        Assert.Equal(At(1_000), buy.QuoteTime);
        Assert.Equal(OrdStatus.Filled, reports[1].OrdStatus);
        Assert.Equal("SIM-0000000002", buy.FillId);

        var sell = SingleFill(Run(venue, MarketOrder("S1", Side.Sell, 100m, 1_000)));
        Assert.Equal(Px(100.00m), sell.LastPx);
        Assert.Equal(Side.Sell, sell.Side);
    }

    [Fact]
    public void FillIsCappedAtDisplayedSizeAndTheRemainderCancelled()
    {
        var reports = Run(NewVenue(), Nbbo(0, 100m, 200m, 100.10m, 300m), MarketOrder("B1", Side.Buy, 500m));
        Assert.Equal([ExecType.New, ExecType.Trade, ExecType.Canceled], reports.Select(r => r.ExecType));
        Assert.Equal(Qty(300), reports[1].Fill!.LastQty);
        Assert.Equal(OrdStatus.PartiallyFilled, reports[1].OrdStatus);
        Assert.Equal(Qty(200), reports[1].LeavesQty);
        Assert.Equal(OrdStatus.Canceled, reports[2].OrdStatus);
        Assert.Equal(Qty(300), reports[2].CumQty);
        Assert.Equal(Quantity.Zero, reports[2].LeavesQty);
        Assert.Contains("200", reports[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyPicksTheQuotePrevailingAtArrivalNotAtSend()
    {
        var venue = NewVenue(latencyNanos: 100);
        var reports = Run(venue, Nbbo(0, 100m, 500m, 100.10m, 500m), MarketOrder("B1", Side.Buy, 10m, sentTime: 0));
        Assert.Empty(reports);
        Assert.Equal(1, venue.PendingCount);

        reports = Run(venue, Nbbo(50, 100.10m, 500m, 100.20m, 500m));
        Assert.Empty(reports);

        reports = Run(venue, Nbbo(150, 100.20m, 500m, 100.30m, 500m));
        var fill = SingleFill(reports);
        Assert.Equal(Px(100.20m), fill.LastPx);
        Assert.Equal(At(50), fill.QuoteTime);
        Assert.Equal(At(100), fill.Time);
        Assert.Equal(0, venue.PendingCount);
    }

    [Fact]
    public void QuoteExactlyAtArrivalIsTheOneMatched()
    {
        var venue = NewVenue(latencyNanos: 100);
        Run(venue, Nbbo(0, 100m, 500m, 100.10m, 500m), MarketOrder("S1", Side.Sell, 10m, sentTime: 0));
        var fill = SingleFill(Run(venue, Nbbo(100, 99.90m, 500m, 100.00m, 500m)));
        Assert.Equal(Px(99.90m), fill.LastPx);
        Assert.Equal(At(100), fill.QuoteTime);
    }

    [Fact]
    public void NonMarketableLimitIsCancelledWithTheReason()
    {
        var reports = Run(NewVenue(), Nbbo(0, 100m, 500m, 100.10m, 500m), LimitOrder("B1", Side.Buy, 10m, 100.05m));
        Assert.Equal([ExecType.New, ExecType.Canceled], reports.Select(r => r.ExecType));
        Assert.Contains("100.05", reports[1].Text, StringComparison.Ordinal);
        Assert.Contains("100.1", reports[1].Text, StringComparison.Ordinal);
        Assert.Equal(Quantity.Zero, reports[1].CumQty);

        var sell = Run(NewVenue(), Nbbo(0, 100m, 500m, 100.10m, 500m), LimitOrder("S1", Side.Sell, 10m, 100.01m));
        Assert.Equal(ExecType.Canceled, sell[^1].ExecType);
    }

    [Fact]
    public void MarketableLimitFillsAtTheFarSideNotAtItsLimit()
    {
        var at = SingleFill(Run(NewVenue(), Nbbo(0, 100m, 500m, 100.10m, 500m), LimitOrder("B1", Side.Buy, 10m, 100.10m)));
        Assert.Equal(Px(100.10m), at.LastPx);
        var through = SingleFill(Run(NewVenue(), Nbbo(0, 100m, 500m, 100.10m, 500m), LimitOrder("S1", Side.Sell, 10m, 99m)));
        Assert.Equal(Px(100m), through.LastPx);
    }

    [Fact]
    public void FeesAreComputedOnTheFill()
    {
        var venue = NewVenue(fees: new FeeSchedule(perUnit: 0.005m, bps: 1m, minimumPerOrder: 1m));
        var fill = SingleFill(Run(venue, Nbbo(0, 100m, 500m, 100.10m, 500m), MarketOrder("B1", Side.Buy, 100m)));
        Assert.Equal(1.50m, fill.Fee);
    }

    [Fact]
    public void InvalidOrdersAreRejectedWithTheFixReason()
    {
        var venue = NewVenue(latencyNanos: 10);
        var reports = Run(
            venue,
            Nbbo(100, 100m, 500m, 100.10m, 500m),
            MarketOrder("B1", Side.Buy, 0m, sentTime: 100),
            MarketOrder("B1", Side.Buy, 1m, sentTime: 100),
            MarketOrder("B2", Side.Buy, 1m, sentTime: 50));
        Assert.All(reports, r => Assert.Equal(ExecType.Rejected, r.ExecType));
        Assert.Equal([OrdRejReason.IncorrectQuantity, OrdRejReason.DuplicateOrder, OrdRejReason.TooLateToEnter], reports.Select(r => r.RejectReason!.Value));
    }

    [Fact]
    public void OrderArrivingBeforeAnyQuoteIsCancelledWhenTheFirstLaterQuoteComes()
    {
        var venue = NewVenue(latencyNanos: 10);
        Assert.Empty(Run(venue, MarketOrder("B1", Side.Buy, 1m, sentTime: 0)));
        var reports = Run(venue, Nbbo(100, 100m, 500m, 100.10m, 500m));
        Assert.Equal([ExecType.New, ExecType.Canceled], reports.Select(r => r.ExecType));
        Assert.Contains("No NBBO", reports[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OutOfOrderQuoteIsIgnoredAndCounted()
    {
        var venue = NewVenue();
        Run(venue, Nbbo(100, 100m, 500m, 100.10m, 500m), Nbbo(50, 1m, 1m, 2m, 1m));
        Assert.Equal(1, venue.IgnoredQuoteCount);
        Assert.True(venue.TryGetLastQuote(Ibm, out var last));
        Assert.Equal(At(100), last.Time);
    }

    [Fact]
    public void SameInputsGiveIdenticalReports()
    {
        static List<ExecutionReport> Script()
        {
            var rng = new DeterministicRandom(7);
            var venue = NewVenue(latencyNanos: 250, fees: new FeeSchedule(0.001m, 0.5m, 0.35m));
            var reports = new List<ExecutionReport>();
            var mid = 100m;
            for (var t = 0; t < 2_000; t++)
            {
                mid += (rng.NextInt(5) - 2) * 0.01m;
                venue.OnQuote(Nbbo(t * 100L, mid - 0.01m, 1 + rng.NextInt(300), mid + 0.01m, 1 + rng.NextInt(300)), reports);
                if (rng.NextInt(3) == 0)
                {
                    var side = rng.NextInt(2) == 0 ? Side.Buy : Side.Sell;
                    var order = rng.NextInt(2) == 0
                        ? MarketOrder($"O{t}", side, 1 + rng.NextInt(400), t * 100L)
                        : LimitOrder($"O{t}", side, 1 + rng.NextInt(400), mid + ((rng.NextInt(7) - 3) * 0.01m), t * 100L);
                    venue.Submit(order, reports);
                }
            }

            return reports;
        }

        var first = Script();
        var second = Script();
        Assert.Contains(first, r => r.ExecType == ExecType.Trade);
        Assert.Contains(first, r => r.ExecType == ExecType.Canceled);
        Assert.Equal(first, second);
    }
}
