using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Trading.Tests.Venue;

public sealed class SimulatedVenueLateArrivalTests
{
    private static readonly Symbol Ibm = new("IBM");

    private static Quote Nbbo(long nanos, decimal bid, decimal ask) =>
        new(Ibm, new UnixNanos(nanos), Price.FromDecimal(bid), Quantity.FromUnits(1_000), Price.FromDecimal(ask), Quantity.FromUnits(1_000));

    [Fact]
    public void ALateOrderWaitsForTheNextQuoteWhenLateArrivalsAreAccepted()
    {
        var venue = new SimulatedVenue(new VenueOptions("SIM", 1_000, FeeSchedule.Free) { RejectLateArrivals = false });
        var reports = new List<ExecutionReport>();
        venue.OnQuote(Nbbo(5_000, 99.99m, 100.01m), reports);
        var order = OrderRequest.Market(new ClOrdId("A-1"), "ACC", Ibm, Side.Buy, Quantity.FromUnits(100), new UnixNanos(1_000));

        venue.Submit(order, reports);
        Assert.Empty(reports); // not rejected: it arrives now and waits
        venue.OnQuote(Nbbo(6_000, 100.00m, 100.02m), reports);

        var fill = Assert.Single(reports, r => r.ExecType == ExecType.Trade).Fill!;
        Assert.Equal(Price.FromDecimal(100.01m), fill.LastPx); // the NBBO prevailing when it arrived, just after 5,000 ns
        Assert.Equal(new UnixNanos(5_000), fill.QuoteTime);
    }

    [Fact]
    public void ALateOrderIsRejectedByDefault()
    {
        var venue = new SimulatedVenue(new VenueOptions("SIM", 1_000, FeeSchedule.Free));
        var reports = new List<ExecutionReport>();
        venue.OnQuote(Nbbo(5_000, 99.99m, 100.01m), reports);

        venue.Submit(OrderRequest.Market(new ClOrdId("A-1"), "ACC", Ibm, Side.Buy, Quantity.FromUnits(100), new UnixNanos(1_000)), reports);

        Assert.Equal(OrdRejReason.TooLateToEnter, Assert.Single(reports).RejectReason);
    }
}
