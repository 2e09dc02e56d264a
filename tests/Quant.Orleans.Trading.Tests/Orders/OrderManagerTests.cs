using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Orders;

public sealed class OrderManagerTests
{
    [Fact]
    public void AResendOfTheSameClOrdIdAndContentIsRecognisedAndOtherContentIsADuplicate()
    {
        var oms = new OrderManager(Account);
        var first = LimitOrder("X-1", Side.Buy, 100, 10m, timeInForce: TimeInForce.Day);
        Assert.Equal(ClOrdIdUse.Fresh, oms.Classify(first, out var none));
        Assert.Null(none);
        var (order, _) = oms.Accept(first, "manual", 10m);

        Assert.Equal(ClOrdIdUse.Resend, oms.Classify(LimitOrder("X-1", Side.Buy, 100, 10m, sentTime: 99, timeInForce: TimeInForce.Day), out var existing));
        Assert.Same(order, existing);
        Assert.Equal(ClOrdIdUse.Duplicate, oms.Classify(LimitOrder("X-1", Side.Buy, 101, 10m, timeInForce: TimeInForce.Day), out existing));
        Assert.Same(order, existing);
        var (rejected, report) = oms.RejectDuplicate(LimitOrder("X-1", Side.Buy, 101, 10m, timeInForce: TimeInForce.Day), "manual");
        Assert.Equal(OrdStatus.Rejected, rejected.Status);
        Assert.Equal(OrdRejReason.DuplicateOrder, report.RejectReason);
        Assert.Contains("X-1", report.Text);
        Assert.Single(oms.Orders); // the duplicate is not logged: X-1 still names the first order
        Assert.Throws<InvalidOperationException>(() => oms.Accept(LimitOrder("X-1", Side.Sell, 5, 10m), "manual", 10m));
    }

    [Fact]
    public void ClOrdIdsAreUniquePerTradingDayButAWorkingGtcOrderKeepsItsIdAcrossDays()
    {
        var oms = new OrderManager(Account);
        var (day, _) = oms.Accept(LimitOrder("D-1", Side.Buy, 100, 10m, timeInForce: TimeInForce.Day), "manual", 10m);
        var (gtc, _) = oms.Accept(LimitOrder("G-1", Side.Buy, 100, 10m, timeInForce: TimeInForce.Gtc), "manual", 10m);
        oms.Apply(Ack(day));
        oms.Apply(Ack(gtc));
        oms.Apply(new ExecutionReport("E", day.ClOrdId, Account, Ibm, Side.Buy, ExecType.Expired, OrdStatus.Expired, Qty(100), Quantity.Zero, Quantity.Zero, At(5), null, null, "end of day"));

        Assert.False(oms.IsFresh(day.ClOrdId)); // same trading day: still taken although Expired
        oms.EndOfDay();

        Assert.True(oms.IsFresh(day.ClOrdId)); // next day: free again
        Assert.False(oms.IsFresh(gtc.ClOrdId)); // still working
        var (again, _) = oms.Accept(LimitOrder("D-1", Side.Sell, 50, 11m, timeInForce: TimeInForce.Day), "manual", 11m);
        Assert.Same(again, oms.Find(new ClOrdId("D-1")));
        Assert.Equal(3, oms.Orders.Count);
    }

    [Fact]
    public void CancelReplaceThroughTheVenueKeepsTheOrderIdCarriesTheFilledQuantityAndLogsTheReplacement()
    {
        var oms = new OrderManager(Account);
        var venue = new SimulatedVenue(new VenueOptions("SIM", 0, new FeeSchedule(0m, 0m, 0m)));
        var reports = new List<ExecutionReport>();
        venue.OnQuote(Nbbo(0, 9.99m, 30, 10.00m, 30), reports);
        var request = LimitOrder("R-1", Side.Buy, 100, 10.00m, sentTime: 0, timeInForce: TimeInForce.Day);
        var (order, _) = oms.Accept(request, "manual", 10m);
        venue.Submit(request, reports);
        foreach (var r in reports)
        {
            oms.Apply(r);
        }

        Assert.Equal(OrdStatus.PartiallyFilled, order.Status); // 30 displayed at the ask
        var replacement = request.Replace(new ClOrdId("R-2"), Qty(80), Px(9.95m), null, At(1));
        oms.BeginReplace(replacement);
        reports.Clear();
        Assert.True(venue.Replace(order.ClOrdId, replacement, reports));
        var stamped = reports.Select(r => oms.Apply(r)!).ToArray();

        Assert.Equal([ExecType.PendingReplace, ExecType.Replaced], stamped.Select(r => r.ExecType));
        Assert.Equal(OrdStatus.Replaced, order.Status);
        var successor = oms.Find(new ClOrdId("R-2"))!;
        Assert.Equal(order.OrderId, successor.OrderId);
        Assert.Equal(new ClOrdId("R-1"), successor.OrigClOrdId);
        Assert.Equal(OrdStatus.PartiallyFilled, successor.Status);
        Assert.Equal(Qty(30), successor.CumQty);
        Assert.Equal(Qty(50), successor.LeavesQty);
        Assert.Equal(Qty(50), oms.Working(Ibm).Buy);
        Assert.Equal(50m * 9.95m, oms.WorkingNotional);
        Assert.Equal(1, oms.WorkingCount);
        Assert.Equal([new ClOrdId("R-1"), new ClOrdId("R-2")], oms.Orders.Select(o => o.ClOrdId));
    }

    private static ExecutionReport Ack(Order o) => new("A-" + o.ClOrdId, o.ClOrdId, Account, Ibm, o.Request.Side, ExecType.New, OrdStatus.New, o.Request.Quantity, Quantity.Zero, o.Request.Quantity, At(1), null, null, string.Empty);
}
