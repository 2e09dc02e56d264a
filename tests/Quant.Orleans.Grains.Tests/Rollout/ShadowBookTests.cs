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
    public void TheVenuesFeeScheduleIsPaidByEveryWouldBeOrder()
    {
        // The default venue: $0.0035 per share, minimum $0.35 per order, rounded to cents. The same two orders as above:
        // 1,000 × 0.0035 = 3.50 and 1,999 × 0.0035 = 6.9965 → 7.00; the spread paid is −29.99 as without fees.
        var book = new ShadowBook(new PortfolioBookOptions(), new Trading.Venue.FeeSchedule(0.0035m, 0m, 0.35m));
        Assert.NotNull(book.OnSignal("v1", Signal(0.001)));
        Assert.Equal(3.50m, book.Fees);
        Assert.NotNull(book.OnSignal("v1", Signal(-0.001)));
        Assert.Equal(10.50m, book.Fees);
        Assert.Equal(-29.99m - 10.50m, book.ProfitAndLoss);

        // A 25-share order (f* = 1e-6 / 1e-4 = 0.01, quarter Kelly: 0.25 · 0.01 · $1,000,000 / $100) pays the minimum:
        // 25 × 0.0035 = 0.0875 < 0.35.
        var small = new ShadowBook(new PortfolioBookOptions { MinimumRebalanceFraction = 0 }, new Trading.Venue.FeeSchedule(0.0035m, 0m, 0.35m));
        Assert.Equal(25L, small.OnSignal("v1", Signal(0.000001))!.Quantity);
        Assert.Equal(0.35m, small.Fees);
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
    public void TheCsvLineMatchesItsHeaderAndItsNumbersParseBackExactly()
    {
        var order = new ShadowOrder("0123456789abcdef", "IBM", 42, "buy", 7, 182.16m, 1.0 / 3.0, 0.003);
        var fields = order.ToCsv().Split(',');
        Assert.Equal(ShadowOrder.CsvHeader.Split(',').Length, fields.Length);
        Assert.Equal(["0123456789abcdef", "IBM", "42", "buy", "7", "182.16"], fields[..6]);
        Assert.Equal(1.0 / 3.0, double.Parse(fields[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.003, double.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheMonitorKeepsTheLatestDecisionMidsAndRefusesMisshapenReports()
    {
        var monitor = new RolloutVersionMonitor("0123456789abcdef", Research.Registry.RegistryStage.Live, capacity: 2, shadowBook: null);
        var orders = new List<ShadowOrder>();
        monitor.Add(new RolloutReport("student", "0123456789abcdef", "IBM", RolloutRole.Trading, [1e-4, 2e-4, 3e-4], [], [], []) { DecisionTimes = [10, 20, 30], DecisionMids = [100.0, 100.5, 101.0] }, orders);
        Assert.False(monitor.TryGetDecisionMid("IBM", 10, out _)); // the oldest of three went at capacity 2
        Assert.True(monitor.TryGetDecisionMid("IBM", 30, out var mid));
        Assert.Equal(101.0, mid);
        Assert.False(monitor.TryGetDecisionMid("AIG", 30, out _));
        Assert.Equal(2, monitor.Predictions);

        var e = Assert.Throws<ArgumentException>(() => monitor.Add(new RolloutReport("student", "0123456789abcdef", "IBM", RolloutRole.Trading, [1e-4, 2e-4], [], [], []) { DecisionTimes = [10], DecisionMids = [100.0] }, orders));
        Assert.Contains("1 decision times and 1 mids for 2 predictions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyCompleteNewYorkSessionsAreJudged()
    {
        // 2013-10-08 in New York (EDT, UTC−4): 10:00, 12:00, then 15:50; 2013-10-09 10:00.
        static long At(int day, int hour, int minute) => (long)(new DateTime(2013, 10, day, hour + 4, minute, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100;
        var monitor = new RolloutVersionMonitor("0123456789abcdef", Research.Registry.RegistryStage.Shadow, capacity: 100, shadowBook: null);
        var orders = new List<ShadowOrder>();
        void Report(params long[] times) => monitor.Add(
            new RolloutReport("student", "0123456789abcdef", "IBM", RolloutRole.Shadow, [.. times.Select(_ => 1e-4)], [], [], [])
            {
                DecisionTimes = times,
                DecisionMids = [.. times.Select(_ => 100.0)],
            },
            orders);

        Report(At(8, 10, 0), At(8, 12, 0));
        Assert.Equal((2, 0), (monitor.Predictions, monitor.CompletePredictions)); // a morning is not a session
        Report(At(8, 15, 50));
        Assert.Equal(3, monitor.CompletePredictions); // a decision after 15:45 closes the session
        Report(At(9, 10, 0));
        Assert.Equal((4, 3), (monitor.Predictions, monitor.CompletePredictions)); // the next morning waits for its close
    }
}
