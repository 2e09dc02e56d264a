using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Grains.Rollout;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Grains.Tests.Rollout;

/// <summary>The shadow book against the fractional-Kelly closed form and cash conservation.</summary>
public sealed class ShadowBookTests
{
    private static ShadowSignal Signal(double mu, bool regime = true, bool rule = true, decimal bid = 99.99m, decimal ask = 100.01m) =>
        new("IBM", 1_000, bid, ask, mu, 0.01, regime, rule, 0.9);

    [Fact]
    public void OrdersFollowTheKellyClosedFormAndTheProfitIsTheSpreadPaid()
    {
        // Defaults: $1,000,000, Kelly fraction 0.25, at most 10% of equity and $100,000 per symbol, minimum rebalance 25%
        // of $100,000, at most 5,000 units and $250,000 per order.
        var book = new ShadowBook(new PortfolioBookOptions());

        // f* = μ/σ² = 0.001/0.0001 = 10; 0.25·10 = 2.5 → capped at 0.10; 0.10·1,000,000/100 = 1,000 units (= $100,000 cap).
        var buy = book.OnSignal("v1", Signal(0.001));
        Assert.NotNull(buy);
        Assert.Equal(("buy", 1000L, 100.01m), (buy.Side, buy.Quantity, buy.LimitPrice));
        Assert.Equal(-10m, book.ProfitAndLoss); // 1,000 × (100.00 − 100.01)

        // Equity 999,990 → target trunc(−0.10·999,990/100) = −999; from +1,000: sell 1,999 at the bid.
        var sell = book.OnSignal("v1", Signal(-0.001));
        Assert.NotNull(sell);
        Assert.Equal(("sell", 1999L, 99.99m), (sell.Side, sell.Quantity, sell.LimitPrice));
        Assert.Equal(-29.99m, book.ProfitAndLoss); // −10 + (−1,999) × (100.00 − 99.99)
        Assert.Equal(2, book.Orders);
    }

    [Fact]
    public void GatedSignalsAndSmallChangesSendNothingButStillMarkThePosition()
    {
        var book = new ShadowBook(new PortfolioBookOptions());
        Assert.NotNull(book.OnSignal("v1", Signal(0.001)));
        Assert.Null(book.OnSignal("v1", Signal(-0.001, regime: false)));
        Assert.Null(book.OnSignal("v1", Signal(-0.001, rule: false)));
        Assert.Null(book.OnSignal("v1", Signal(0.001))); // already at the target
        Assert.Equal(1, book.Orders);

        // The gated signal's mid still marks the position: 1,000 units bought at 100.01, now marked at 101.00.
        Assert.Null(book.OnSignal("v1", Signal(0.001, regime: false, bid: 100.99m, ask: 101.01m)));
        Assert.Equal(990m, book.ProfitAndLoss);
    }

    [Fact]
    public void TheCsvLineRoundTripsItsNumbers()
    {
        var order = new ShadowOrder("0123456789abcdef", "IBM", 42, "buy", 7, 182.16m, 1e-4, 0.003);
        Assert.Equal("0123456789abcdef,IBM,42,buy,7,182.16,0.0001,0.003", order.ToCsv());
        Assert.Equal(8, ShadowOrder.CsvHeader.Split(',').Length);
    }
}
