using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Risk;

public sealed class PreTradeChecksTests
{
    private const decimal Epsilon = 0.00000001m;

    // Bid 100.00 x 500, ask 100.10 x 500; collar 50 bps: buy limit <= 100.6005, sell limit >= 99.5.
    private static readonly Quote Book = Nbbo(0, 100.00m, 500m, 100.10m, 500m);

    private static PreTradeChecks Checks(decimal maxQty = 1_000_000m, decimal maxNotional = 1_000_000_000m, decimal collarBps = 50m)
        => new(new PreTradeLimits(Qty(maxQty), maxNotional, collarBps));

    private static void AssertRejected(PreTradeResult result, PreTradeRejectReason reason, params string[] textParts)
    {
        Assert.False(result.IsAccepted);
        Assert.Equal(reason, result.Reason);
        foreach (var part in textParts)
        {
            Assert.Contains(part, result.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MaxOrderQuantityAcceptsAtTheLimitAndRejectsAboveIt()
    {
        var checks = Checks(maxQty: 1000m);
        Assert.True(checks.Check(LimitOrder("A", Side.Buy, 1000m, 100m), Book).IsAccepted);
        AssertRejected(checks.Check(LimitOrder("A", Side.Buy, 1000m + Epsilon, 100m), Book), PreTradeRejectReason.MaxOrderQuantityExceeded, "1000.00000001", "1000");
    }

    [Fact]
    public void MaxOrderNotionalForALimitOrderIsValuedAtTheLimitPrice()
    {
        var checks = Checks(maxNotional: 1000m);
        Assert.True(checks.Check(LimitOrder("A", Side.Buy, 10m, 100m), Book).IsAccepted);
        AssertRejected(checks.Check(LimitOrder("A", Side.Buy, 10m + Epsilon, 100m), Book), PreTradeRejectReason.MaxOrderNotionalExceeded, "1000.000001", "1000");
    }

    [Fact]
    public void MaxOrderNotionalForAMarketOrderIsValuedAtTheFarSide()
    {
        var buy = Checks(maxNotional: 1001m);
        Assert.True(buy.Check(MarketOrder("A", Side.Buy, 10m), Book).IsAccepted);
        AssertRejected(buy.Check(MarketOrder("A", Side.Buy, 10m + Epsilon), Book), PreTradeRejectReason.MaxOrderNotionalExceeded, "100.1");
        var sell = Checks(maxNotional: 1000m);
        Assert.True(sell.Check(MarketOrder("A", Side.Sell, 10m), Book).IsAccepted);
        AssertRejected(sell.Check(MarketOrder("A", Side.Sell, 10m + Epsilon), Book), PreTradeRejectReason.MaxOrderNotionalExceeded);
    }

    [Fact]
    public void LimitBuyCollarIsMeasuredAboveTheAsk()
    {
        var checks = Checks();
        Assert.True(checks.Check(LimitOrder("A", Side.Buy, 1m, 100.6005m), Book).IsAccepted);
        AssertRejected(checks.Check(LimitOrder("A", Side.Buy, 1m, 100.6005m + Epsilon), Book), PreTradeRejectReason.PriceCollarBreached, "100.60050001", "50 bps", "100.1");
    }

    [Fact]
    public void LimitSellCollarIsMeasuredBelowTheBid()
    {
        var checks = Checks();
        Assert.True(checks.Check(LimitOrder("A", Side.Sell, 1m, 99.5m), Book).IsAccepted);
        AssertRejected(checks.Check(LimitOrder("A", Side.Sell, 1m, 99.5m - Epsilon), Book), PreTradeRejectReason.PriceCollarBreached, "99.49999999", "50 bps");
    }

    [Fact]
    public void MarketBuyIsCollaredAtTheAskAgainstTheBid()
    {
        var checks = Checks();
        Assert.True(checks.Check(MarketOrder("A", Side.Buy, 1m), Nbbo(0, 100m, 1m, 100.5m, 1m)).IsAccepted);
        AssertRejected(checks.Check(MarketOrder("A", Side.Buy, 1m), Nbbo(0, 100m, 1m, 100.5m + Epsilon, 1m)), PreTradeRejectReason.PriceCollarBreached, "100.50000001");
    }

    [Fact]
    public void MarketSellIsCollaredAtTheBidAgainstTheAsk()
    {
        var checks = Checks();
        Assert.True(checks.Check(MarketOrder("A", Side.Sell, 1m), Nbbo(0, 99.5995m, 1m, 100.10m, 1m)).IsAccepted);
        AssertRejected(checks.Check(MarketOrder("A", Side.Sell, 1m), Nbbo(0, 99.5995m - Epsilon, 1m, 100.10m, 1m)), PreTradeRejectReason.PriceCollarBreached, "99.59949999");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NonPositiveQuantityIsRejectedAndTheSmallestPositiveAccepted(int units)
    {
        var checks = Checks();
        AssertRejected(checks.Check(LimitOrder("A", Side.Buy, units, 100m), Book), PreTradeRejectReason.NonPositiveQuantity, "must be positive");
        Assert.True(checks.Check(LimitOrder("A", Side.Buy, Epsilon, 100m), Book).IsAccepted);
    }

    [Fact]
    public void NonPositiveLimitPriceIsRejected()
        => AssertRejected(Checks().Check(LimitOrder("A", Side.Sell, 1m, 0m), Book), PreTradeRejectReason.NonPositiveLimitPrice);

    [Fact]
    public void MissingOneSidedOrCrossedNbboIsRejected()
    {
        var checks = Checks();
        AssertRejected(checks.Check(MarketOrder("A", Side.Buy, 1m), null), PreTradeRejectReason.NoQuote, "IBM");
        var bidOnly = Nbbo(0, 100m, 1m, 0m, 0m);
        AssertRejected(checks.Check(LimitOrder("A", Side.Buy, 1m, 100m), bidOnly), PreTradeRejectReason.NoQuote, "no ask");
        Assert.True(checks.Check(LimitOrder("A", Side.Sell, 1m, 100m), bidOnly).IsAccepted);
        AssertRejected(checks.Check(MarketOrder("A", Side.Sell, 1m), bidOnly), PreTradeRejectReason.OneSidedQuote);
        AssertRejected(checks.Check(MarketOrder("A", Side.Buy, 1m), Nbbo(0, 100m, 1m, 100m, 1m)), PreTradeRejectReason.LockedOrCrossedQuote);
    }

    [Fact]
    public void QuoteForAnotherSymbolIsAProgrammingError()
    {
        var e = Assert.Throws<ArgumentException>(() => Checks().Check(MarketOrder("A", Side.Buy, 1m), Nbbo(0, 1m, 1m, 2m, 1m, new Symbol("MSFT"))));
        Assert.Equal("nbbo", e.ParamName);
    }

    [Fact]
    public void RejectionsMapToFixReasons()
    {
        Assert.Equal(OrdRejReason.OrderExceedsLimit, PreTradeRejectReason.PriceCollarBreached.ToOrdRejReason());
        Assert.Equal(OrdRejReason.IncorrectQuantity, PreTradeRejectReason.NonPositiveQuantity.ToOrdRejReason());
        Assert.Throws<ArgumentOutOfRangeException>(() => PreTradeRejectReason.None.ToOrdRejReason());
    }

    [Fact]
    public void LimitsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreTradeLimits(Quantity.Zero, 1m, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreTradeLimits(Qty(1), 0m, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreTradeLimits(Qty(1), 1m, -1m));
    }

    [Fact]
    public void AcceptPathAllocatesNothing()
    {
        var checks = Checks();
        var limit = LimitOrder("A", Side.Buy, 10m, 100.2m);
        var market = MarketOrder("B", Side.Sell, 10m);
        for (var i = 0; i < 1000; i++)
        {
            // Warm up past tiered compilation, whose bookkeeping can allocate on this thread.
            Assert.True(checks.Check(limit, Book).IsAccepted);
            Assert.True(checks.Check(market, Book).IsAccepted);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = 0;
        for (var i = 0; i < 1000; i++)
        {
            accepted += checks.Check(limit, Book).IsAccepted ? 1 : 0;
            accepted += checks.Check(market, Book).IsAccepted ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000, accepted);
        Assert.Equal(0, allocated);
    }
}
