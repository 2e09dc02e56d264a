using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Venue;

public sealed class SimulatedVenueOrderTypesTests
{
    private readonly SimulatedVenue _venue = new(new VenueOptions("SIM", 0, new FeeSchedule(0.01m, 0m, 1.00m)));
    private readonly List<ExecutionReport> _reports = [];

    private List<ExecutionReport> Quote(long t, decimal bid, decimal bidSize, decimal ask, decimal askSize)
    {
        _reports.Clear();
        _venue.OnQuote(Nbbo(t, bid, bidSize, ask, askSize), _reports);
        return [.. _reports];
    }

    private List<ExecutionReport> Submit(OrderRequest order)
    {
        _reports.Clear();
        _venue.Submit(order, _reports);
        return [.. _reports];
    }

    private static Fill[] Fills(IEnumerable<ExecutionReport> reports) => [.. reports.Where(r => r.Fill is not null).Select(r => r.Fill!)];

    [Fact]
    public void ADayLimitRestsAndFillsAtItsLimitWhenTheNbboTouchesItPartiallyByDisplayedSize()
    {
        Quote(0, 99.98m, 500, 100.02m, 500);
        var arrival = Submit(LimitOrder("L", Side.Buy, 300, 100.00m, timeInForce: TimeInForce.Day));
        Assert.Equal([ExecType.New], arrival.Select(r => r.ExecType)); // not marketable: rests

        Assert.Empty(Quote(10, 99.99m, 500, 100.01m, 500)); // ask above the limit: nothing
        var touch = Quote(20, 99.99m, 500, 100.00m, 120); // ask touches: 120 displayed
        var first = Assert.Single(Fills(touch));
        Assert.Equal((Qty(120), Px(100.00m), At(20)), (first.LastQty, first.LastPx, first.QuoteTime));
        Assert.Equal(OrdStatus.PartiallyFilled, touch.Single().OrdStatus);

        var through = Quote(30, 99.90m, 500, 99.95m, 1_000); // ask through the limit: fills the rest at the limit
        var second = Assert.Single(Fills(through));
        Assert.Equal((Qty(180), Px(100.00m), At(30)), (second.LastQty, second.LastPx, second.QuoteTime));
        Assert.Equal(OrdStatus.Filled, through.Single().OrdStatus);
        Assert.Equal(0, _venue.WorkingCount);

        // The minimum fee (1.00) applies once per order: 120 × 0.01 = 1.20 total after the first fill, 3.00 after both.
        Assert.Equal((1.20m, 1.80m), (first.Fee, second.Fee));
    }

    [Fact]
    public void RestingOrdersShareAQuotesDisplayedSizeInTimePriority()
    {
        Quote(0, 99.98m, 500, 100.02m, 500);
        Submit(LimitOrder("A", Side.Buy, 100, 100.00m, timeInForce: TimeInForce.Day));
        Submit(LimitOrder("B", Side.Buy, 100, 100.00m, timeInForce: TimeInForce.Gtc));

        var fills = Fills(Quote(10, 99.99m, 500, 100.00m, 150));

        Assert.Equal([("A", Qty(100)), ("B", Qty(50))], fills.Select(f => (f.ClOrdId.Value, f.LastQty)));
        Assert.Equal(Qty(150), fills.Aggregate(Quantity.Zero, (s, f) => s + f.LastQty)); // never more than displayed
    }

    [Fact]
    public void IocFillsWhatIsThereAndCancelsTheRestWhileFokFillsAllOrNothing()
    {
        Quote(0, 99.99m, 200, 100.01m, 200);
        var ioc = Submit(LimitOrder("I", Side.Buy, 300, 100.01m, timeInForce: TimeInForce.Ioc));
        Assert.Equal([ExecType.New, ExecType.Trade, ExecType.Canceled], ioc.Select(r => r.ExecType));
        Assert.Equal(Qty(200), Fills(ioc).Single().LastQty);

        Quote(10, 99.99m, 200, 100.01m, 200);
        var kill = Submit(LimitOrder("F1", Side.Buy, 300, 100.01m, sentTime: 10, timeInForce: TimeInForce.Fok));
        Assert.Equal([ExecType.New, ExecType.Canceled], kill.Select(r => r.ExecType));
        Assert.Contains("only 200 of 300", kill[^1].Text);
        Assert.Equal(Quantity.Zero, kill[^1].CumQty);

        var fill = Submit(LimitOrder("F2", Side.Buy, 200, 100.01m, sentTime: 10, timeInForce: TimeInForce.Fok));
        Assert.Equal([ExecType.New, ExecType.Trade], fill.Select(r => r.ExecType));
        Assert.Equal(OrdStatus.Filled, fill[^1].OrdStatus);
    }

    [Fact]
    public void StopsTriggerOnTheNbboBuyWhenTheAskReachesTheStopSellWhenTheBidDoes()
    {
        Quote(0, 99.99m, 500, 100.01m, 500);
        Assert.Equal([ExecType.New], Submit(StopOrder("BS", Side.Buy, 100, 100.50m)).Select(r => r.ExecType));
        Assert.Equal([ExecType.New], Submit(StopOrder("SS", Side.Sell, 100, 99.50m)).Select(r => r.ExecType));
        Assert.Equal([ExecType.New], Submit(StopOrder("SL", Side.Buy, 100, 100.50m, limit: 100.55m)).Select(r => r.ExecType));

        Assert.Empty(Quote(10, 100.40m, 500, 100.49m, 500)); // ask 100.49 < 100.50: no trigger
        var up = Fills(Quote(20, 100.45m, 500, 100.60m, 500)); // ask 100.60 >= 100.50: both buy stops trigger
        var market = up.Single(f => f.ClOrdId.Value == "BS");
        Assert.Equal((Px(100.60m), At(20)), (market.LastPx, market.QuoteTime)); // a stop becomes market: at the ask
        Assert.DoesNotContain(up, f => f.ClOrdId.Value == "SL"); // triggered, but the ask is above its 100.55 limit: rests

        var fillsAtLimit = Fills(Quote(30, 100.40m, 500, 100.55m, 500));
        Assert.Equal((Px(100.55m), At(30)), (fillsAtLimit.Single().LastPx, fillsAtLimit.Single().QuoteTime));

        Assert.Empty(Fills(Quote(40, 99.51m, 500, 99.60m, 500))); // bid 99.51 > 99.50
        var down = Fills(Quote(50, 99.50m, 300, 99.60m, 500)); // bid 99.50 <= 99.50: the sell stop triggers
        Assert.Equal((Side.Sell, Px(99.50m), Qty(100), At(50)), (down.Single().Side, down.Single().LastPx, down.Single().LastQty, down.Single().QuoteTime));
    }

    [Fact]
    public void DayOrdersExpireAtTheEndOfTheDayAndGtcOrdersStay()
    {
        Quote(0, 99.98m, 500, 100.02m, 500);
        Submit(LimitOrder("D", Side.Buy, 100, 99.00m, timeInForce: TimeInForce.Day));
        Submit(LimitOrder("G", Side.Buy, 100, 99.00m, timeInForce: TimeInForce.Gtc));
        Submit(StopOrder("S", Side.Sell, 100, 90m));
        _reports.Clear();

        Assert.Equal(2, _venue.EndOfDay(At(1_000), _reports));

        Assert.Equal([("D", ExecType.Expired), ("S", ExecType.Expired)], _reports.Select(r => (r.ClOrdId.Value, r.ExecType)));
        Assert.All(_reports, r => Assert.Equal(OrdStatus.Expired, r.OrdStatus));
        Assert.True(_venue.IsWorking(Account, new ClOrdId("G")));
        Assert.Equal(1, _venue.WorkingCount);

        // The next day the ClOrdID of an expired DAY order may be used again; the GTC one may not while it works.
        Quote(2_000, 99.98m, 500, 100.02m, 500);
        Assert.Equal(ExecType.New, Submit(LimitOrder("D", Side.Buy, 10, 99.00m, sentTime: 2_000, timeInForce: TimeInForce.Day)).Single().ExecType);
        Assert.Equal(OrdRejReason.DuplicateOrder, Submit(LimitOrder("G", Side.Buy, 10, 99.00m, sentTime: 2_000, timeInForce: TimeInForce.Day)).Single().RejectReason);
    }

    [Fact]
    public void CancelAndCancelAllAnswerPendingCancelThenCanceledAndRefuseWhatIsNotWorking()
    {
        Quote(0, 99.98m, 500, 100.02m, 500);
        Submit(LimitOrder("A", Side.Buy, 100, 99.00m, timeInForce: TimeInForce.Day));
        Submit(LimitOrder("B", Side.Sell, 100, 101.00m, timeInForce: TimeInForce.Gtc));
        Submit(StopOrder("C", Side.Buy, 100, 105m));
        _reports.Clear();

        Assert.True(_venue.Cancel(Account, new ClOrdId("A"), At(5), "user", _reports));
        Assert.Equal([ExecType.PendingCancel, ExecType.Canceled], _reports.Select(r => r.ExecType));
        Assert.False(_venue.Cancel(Account, new ClOrdId("A"), At(6), "again", _reports)); // too late
        _reports.Clear();

        Assert.Equal(2, _venue.CancelAll(Account, At(7), "kill", _reports));
        Assert.Equal(["B", "B", "C", "C"], _reports.Select(r => r.ClOrdId.Value));
        Assert.Equal(0, _venue.WorkingCount);
        Assert.Empty(Quote(10, 90m, 500, 110m, 500)); // nothing left to trigger or fill
    }

    [Fact]
    public void AReplaceThatBecomesMarketableFillsAtOnceAgainstThePrevailingQuote()
    {
        Quote(0, 99.98m, 500, 100.02m, 500);
        Submit(LimitOrder("A", Side.Buy, 100, 99.00m, timeInForce: TimeInForce.Day));
        _reports.Clear();

        var replacement = LimitOrder("A2", Side.Buy, 150, 100.02m, sentTime: 5, timeInForce: TimeInForce.Day);
        Assert.True(_venue.Replace(new ClOrdId("A"), replacement, _reports));

        Assert.Equal([ExecType.PendingReplace, ExecType.Replaced, ExecType.Trade], _reports.Select(r => r.ExecType));
        Assert.All(_reports, r => Assert.Equal(new ClOrdId("A"), r.OrigClOrdId));
        Assert.Equal((Qty(150), Px(100.02m), At(0)), (_reports[^1].Fill!.LastQty, _reports[^1].Fill!.LastPx, _reports[^1].Fill!.QuoteTime));
        Assert.False(_venue.Replace(new ClOrdId("A2"), replacement with { }, _reports)); // filled: nothing to replace
    }
}
