using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Orders;

public sealed class OrderStateMachineTests
{
    // The FIX 4.4 order state change matrices (Vol. 4, Appendix D), written out independently of the implementation.
    private static readonly (OrdStatus From, OrdStatus To)[] Legal =
    [
        (OrdStatus.PendingNew, OrdStatus.New), (OrdStatus.PendingNew, OrdStatus.Rejected), (OrdStatus.PendingNew, OrdStatus.PendingCancel),
        (OrdStatus.PendingNew, OrdStatus.Expired),
        (OrdStatus.New, OrdStatus.PartiallyFilled), (OrdStatus.New, OrdStatus.Filled), (OrdStatus.New, OrdStatus.PendingCancel),
        (OrdStatus.New, OrdStatus.PendingReplace), (OrdStatus.New, OrdStatus.Canceled), (OrdStatus.New, OrdStatus.Expired),
        (OrdStatus.PartiallyFilled, OrdStatus.PartiallyFilled), (OrdStatus.PartiallyFilled, OrdStatus.Filled),
        (OrdStatus.PartiallyFilled, OrdStatus.PendingCancel), (OrdStatus.PartiallyFilled, OrdStatus.PendingReplace),
        (OrdStatus.PartiallyFilled, OrdStatus.Canceled), (OrdStatus.PartiallyFilled, OrdStatus.Expired),
        (OrdStatus.PendingCancel, OrdStatus.Canceled), (OrdStatus.PendingCancel, OrdStatus.New), (OrdStatus.PendingCancel, OrdStatus.PartiallyFilled),
        (OrdStatus.PendingReplace, OrdStatus.Replaced), (OrdStatus.PendingReplace, OrdStatus.New), (OrdStatus.PendingReplace, OrdStatus.PartiallyFilled),
    ];

    [Fact]
    public void EveryPairOfStatesIsLegalExactlyWhenTheFixMatrixSaysSo()
    {
        var all = Enum.GetValues<OrdStatus>();
        Assert.Equal(10, all.Length);
        foreach (var from in all)
        {
            foreach (var to in all)
            {
                Assert.True(Legal.Contains((from, to)) == OrderStateMachine.IsLegal(from, to), $"{from} -> {to}");
            }
        }
    }

    [Fact]
    public void TerminalStatesHaveNoWayOut()
    {
        foreach (var terminal in new[] { OrdStatus.Filled, OrdStatus.Canceled, OrdStatus.Replaced, OrdStatus.Rejected, OrdStatus.Expired })
        {
            Assert.True(OrderStateMachine.IsTerminal(terminal));
            Assert.All(Enum.GetValues<OrdStatus>(), to => Assert.False(OrderStateMachine.IsLegal(terminal, to)));
        }

        Assert.False(OrderStateMachine.IsTerminal(OrdStatus.PendingCancel));
    }

    [Fact]
    public void AReportAskingForAnIllegalTransitionThrowsAndChangesNothing()
    {
        var oms = new OrderManager(Account);
        var (order, pending) = oms.Accept(LimitOrder("A", Side.Buy, 100, 10m, timeInForce: TimeInForce.Day), "manual", 10m);
        Assert.Equal(ExecType.PendingNew, pending.ExecType);

        // A fill before the venue acknowledged the order (PendingNew -> PartiallyFilled) is impossible.
        var fill = new Fill("F1", order.ClOrdId, Account, Ibm, Side.Buy, Qty(10), Px(10m), 0m, At(1), At(1));
        var early = Report(order, ExecType.Trade, OrdStatus.PartiallyFilled, fill);
        var error = Assert.Throws<InvalidOrderTransitionException>(() => oms.Apply(early));
        Assert.Equal((OrdStatus.PendingNew, OrdStatus.PartiallyFilled), (error.From, error.To));
        Assert.Equal(OrdStatus.PendingNew, order.Status);
        Assert.Equal(Quantity.Zero, order.CumQty);
        Assert.Equal(Qty(100), oms.Working(Ibm).Buy);

        oms.Apply(Report(order, ExecType.New, OrdStatus.New, null));
        oms.Apply(Report(order, ExecType.Canceled, OrdStatus.Canceled, null));
        Assert.Throws<InvalidOrderTransitionException>(() => oms.Apply(Report(order, ExecType.New, OrdStatus.New, null)));
        Assert.Equal(OrdStatus.Canceled, order.Status);
        Assert.Equal(Quantity.Zero, oms.Working(Ibm).Buy);
        Assert.Equal(0, oms.WorkingCount);
    }

    [Fact]
    public void AFullLifecycleWalksPendingNewNewPartiallyFilledFilled()
    {
        var oms = new OrderManager(Account);
        var (order, _) = oms.Accept(LimitOrder("A", Side.Sell, 100, 10m, timeInForce: TimeInForce.Day), "manual", 10m);
        var seen = new List<OrdStatus> { order.Status };
        oms.Apply(Report(order, ExecType.New, OrdStatus.New, null));
        seen.Add(order.Status);
        oms.Apply(Report(order, ExecType.Trade, OrdStatus.PartiallyFilled, new Fill("F1", order.ClOrdId, Account, Ibm, Side.Sell, Qty(40), Px(10m), 0m, At(1), At(1))));
        seen.Add(order.Status);
        var last = oms.Apply(Report(order, ExecType.Trade, OrdStatus.Filled, new Fill("F2", order.ClOrdId, Account, Ibm, Side.Sell, Qty(60), Px(10.5m), 0m, At(2), At(2))))!;
        seen.Add(order.Status);

        Assert.Equal([OrdStatus.PendingNew, OrdStatus.New, OrdStatus.PartiallyFilled, OrdStatus.Filled], seen);
        Assert.Equal(((40m * 10m) + (60m * 10.5m)) / 100m, order.AveragePrice);
        Assert.Equal(order.AveragePrice, last.AveragePrice);
        Assert.Equal(order.OrderId, last.OrderId);
        Assert.Equal(Quantity.Zero, order.LeavesQty);
    }

    private static ExecutionReport Report(Order order, ExecType execType, OrdStatus status, Fill? fill) => new(
        Guid.NewGuid().ToString("N"), order.ClOrdId, Account, Ibm, order.Request.Side, execType, status, order.Request.Quantity, Quantity.Zero, Quantity.Zero, At(1), fill, null, string.Empty);
}
