using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Risk;

public sealed class RiskEngineTests
{
    private const long Second = UnixNanos.NanosPerSecond;
    private static readonly Quote Quote = Nbbo(0, 99.99m, 1_000, 100.01m, 1_000);
    private static readonly RiskExposure Flat = new(Quantity.Zero, Quantity.Zero, Quantity.Zero, 0m, 1_000_000m);

    private static RiskEngine Engine(RiskLimits? limits = null) => new(limits ?? new RiskLimits
    {
        Order = new PreTradeLimits(Qty(1_000), 100_000m, 50m),
        MaxPositionPerSymbol = Qty(1_500),
        MaxGrossExposure = 200_000m,
        CapitalThreshold = 500_000m,
        MaxOrdersPerSecond = 3,
        DuplicateWindowMillis = 500,
        RestrictedSymbols = [new Symbol("XYZ")],
    });

    private static OrderRequest Buy(string id, decimal qty, decimal limit = 100.01m, long t = 0, Symbol? symbol = null)
        => LimitOrder(id, Side.Buy, qty, limit, t, symbol, TimeInForce.Day);

    private static void AssertRejected(PreTradeResult result, PreTradeRejectReason reason, params string[] texts)
    {
        Assert.False(result.IsAccepted);
        Assert.Equal(reason, result.Reason);
        foreach (var text in texts)
        {
            Assert.Contains(text, result.Text);
        }
    }

    [Fact]
    public void EachAccountRuleRejectsWithItsReasonCodeAndATextNamingValueAndLimit()
    {
        var engine = Engine();
        var xyz = new Symbol("XYZ");
        AssertRejected(engine.Check(Buy("r", 10, symbol: xyz), Quote with { Symbol = xyz }, Flat), PreTradeRejectReason.RestrictedSymbol, "XYZ", "restricted");
        AssertRejected(engine.Check(Buy("q", 1_001), Quote, Flat), PreTradeRejectReason.MaxOrderQuantityExceeded, "1001", "1000");
        AssertRejected(engine.Check(Buy("c", 10, 101m), Quote, Flat), PreTradeRejectReason.PriceCollarBreached, "101", "50 bps");
        AssertRejected(engine.Check(Buy("n", 10), null, Flat), PreTradeRejectReason.NoQuote, "no NBBO");

        var longPosition = Flat with { Position = Qty(1_000), WorkingBuy = Qty(400) };
        AssertRejected(engine.Check(Buy("p", 101), Quote, longPosition), PreTradeRejectReason.MaxPositionExceeded, "1000", "1501", "1500");
        Assert.True(engine.Check(Buy("p2", 100), Quote, longPosition).IsAccepted); // 1,000 + 400 + 100 = 1,500: at the limit passes

        var gross = Flat with { GrossExposure = 190_000m };
        AssertRejected(engine.Check(Buy("g", 100, 100.01m, t: Second), Quote, gross), PreTradeRejectReason.GrossExposureExceeded, "190000", "10001", "200000");

        var poor = Flat with { Equity = 499_999.99m };
        AssertRejected(engine.Check(Buy("k", 10, t: 2 * Second), Quote, poor), PreTradeRejectReason.CapitalThresholdBreached, "499999.99", "500000");

        // Orders that reduce exposure are not held to the gross and capital limits.
        var shortPoor = new RiskExposure(Qty(-200), Quantity.Zero, Quantity.Zero, 250_000m, 400_000m);
        Assert.True(engine.Check(Buy("reduce", 200, t: 3 * Second), Quote, shortPoor).IsAccepted);

        Assert.Equal(1, engine.Rejections(PreTradeRejectReason.RestrictedSymbol));
        Assert.Equal(1, engine.Rejections(PreTradeRejectReason.GrossExposureExceeded));
        Assert.Equal(7, engine.RejectionCounts().Values.Sum());
    }

    [Fact]
    public void DuplicateOrdersWithinTheWindowAreRejectedAndPassOnceItHasElapsed()
    {
        var engine = Engine();
        Assert.True(engine.Check(Buy("a", 10, t: 0), Quote, Flat).IsAccepted);
        AssertRejected(engine.Check(Buy("b", 10, t: 499 * UnixNanos.NanosPerMillisecond), Quote, Flat), PreTradeRejectReason.DuplicateOrderWindow, "499 ms", "500 ms");
        Assert.True(engine.Check(Buy("c", 11, t: 499 * UnixNanos.NanosPerMillisecond), Quote, Flat).IsAccepted); // other quantity
        Assert.True(engine.Check(Buy("d", 10, t: 500 * UnixNanos.NanosPerMillisecond), Quote, Flat).IsAccepted); // window elapsed
    }

    [Fact]
    public void TheOrderRateIsASlidingOneSecondWindowOfAcceptedOrders()
    {
        var engine = Engine();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(engine.Check(Buy($"o{i}", 10 + i, t: i * 100 * UnixNanos.NanosPerMillisecond), Quote, Flat).IsAccepted);
        }

        AssertRejected(engine.Check(Buy("o3", 20, t: 999 * UnixNanos.NanosPerMillisecond), Quote, Flat), PreTradeRejectReason.OrderRateExceeded, "3 per second");
        Assert.Equal(3, engine.OrdersInLastSecond(new UnixNanos(999 * UnixNanos.NanosPerMillisecond)));

        // At t = 1.0 s the first order (t = 0) left the window (t − 1 s, t]: one slot is free.
        Assert.True(engine.Check(Buy("o4", 21, t: Second), Quote, Flat).IsAccepted);
        AssertRejected(engine.Check(Buy("o5", 22, t: Second), Quote, Flat), PreTradeRejectReason.OrderRateExceeded);
    }

    [Fact]
    public void HaltedRejectsEverythingAndReducingOnlyWhatDoesNotReduce()
    {
        var engine = Engine();
        engine.SetState(RiskState.Halted, "desk kill");
        AssertRejected(engine.Check(Buy("h", 10), Quote, Flat), PreTradeRejectReason.Halted, "desk kill");

        engine.SetState(RiskState.Reducing, "after the kill");
        var longPosition = Flat with { Position = Qty(300), WorkingSell = Qty(100) };
        AssertRejected(engine.Check(Buy("add", 10), Quote, longPosition), PreTradeRejectReason.ReducingOnly, "300");
        AssertRejected(engine.Check(LimitOrder("flip", Side.Sell, 201, 99.99m, 0, null, TimeInForce.Day), Quote, longPosition), PreTradeRejectReason.ReducingOnly);
        Assert.True(engine.Check(LimitOrder("cut", Side.Sell, 200, 99.99m, 0, null, TimeInForce.Day), Quote, longPosition).IsAccepted);
        AssertRejected(engine.Check(Buy("flat", 1), Quote, Flat), PreTradeRejectReason.ReducingOnly);

        engine.SetState(RiskState.Active, "resumed");
        Assert.True(engine.Check(Buy("again", 12, t: Second), Quote, Flat).IsAccepted);
        Assert.Equal(1, engine.Rejections(PreTradeRejectReason.Halted));
        Assert.Equal(3, engine.Rejections(PreTradeRejectReason.ReducingOnly));
    }

    [Fact]
    public void StopOrdersAreCheckedAgainstTheirStopAndAStopLimitIsCollaredAroundItsStop()
    {
        var engine = Engine();
        Assert.True(engine.Check(StopOrder("s", Side.Buy, 10, 105m), Quote, Flat).IsAccepted);
        AssertRejected(engine.Check(StopOrder("sl", Side.Buy, 10, 105m, limit: 106m), Quote, Flat), PreTradeRejectReason.PriceCollarBreached, "106", "105");
        Assert.True(engine.Check(StopOrder("sl2", Side.Sell, 10, 95m, limit: 94.6m, sentTime: Second), Quote, Flat).IsAccepted);
        AssertRejected(engine.Check(StopOrder("big", Side.Buy, 1_000, 105m, sentTime: 2 * Second), Quote, Flat), PreTradeRejectReason.MaxOrderNotionalExceeded, "105000", "100000");
    }

    [Fact]
    public void TheAcceptPathAllocatesNothing()
    {
        var engine = Engine(new RiskLimits { MaxOrdersPerSecond = 1_000_000, DuplicateWindowMillis = 1 });
        var orders = Enumerable.Range(0, 2_000).Select(i => Buy($"z{i}", 1 + (i % 100), t: i * Second)).ToArray();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(engine.Check(orders[i], Quote, Flat).IsAccepted); // warm up past tiered compilation
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1_000; i < orders.Length; i++)
        {
            if (!engine.Check(orders[i], Quote, Flat).IsAccepted)
            {
                Assert.Fail($"order {i} was rejected");
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
