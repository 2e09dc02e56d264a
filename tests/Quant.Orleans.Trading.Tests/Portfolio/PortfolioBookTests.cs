using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Trading.Tests.Portfolio;

public sealed class PortfolioBookTests
{
    private static readonly Symbol Ibm = new("IBM");

    private static Quote Nbbo(decimal bid, decimal ask, long seconds = 0) => new(
        Ibm, new UnixNanos(1_381_152_600L * UnixNanos.NanosPerSecond + (seconds * UnixNanos.NanosPerSecond)),
        Price.FromDecimal(bid), Quantity.FromUnits(1_000), Price.FromDecimal(ask), Quantity.FromUnits(1_000));

    private static PortfolioBook Book(decimal maxNotional = 100_000m, long maxOrderUnits = 5_000) => new("ACC", new PortfolioBookOptions
    {
        InitialCash = 1_000_000m,
        Sizing = new KellySizingOptions(0.25, 0.10, maxNotional, allowShort: true),
        Limits = new PreTradeLimits(Quantity.FromUnits(maxOrderUnits), 250_000m, 50m),
        MinimumRebalanceFraction = 0.25,
    });

    [Fact]
    public void PositiveForecastBuysAtTheAskUpToTheSymbolCap()
    {
        var book = Book();

        var sized = book.OnForecast(Nbbo(99.99m, 100.01m), expectedLogReturn: 0.001, noiseStandardDeviation: 0.002);

        // Full Kelly μ/σ² = 250, quarter Kelly 62.5 of equity: capped at min(10% of 1M, 100k) = 100k at the 100 mid.
        var (order, check) = sized!.Value;
        Assert.True(check.IsAccepted);
        Assert.Equal(Side.Buy, order.Side);
        Assert.Equal(OrderType.Limit, order.Type);
        Assert.Equal(Price.FromDecimal(100.01m), order.LimitPrice);
        Assert.Equal(Quantity.FromUnits(1_000), order.Quantity);
        Assert.Equal(TimeInForce.Ioc, order.TimeInForce);
        Assert.Equal(Quantity.FromUnits(1_000), book.Working(Ibm));
    }

    [Fact]
    public void WorkingOrdersCountTowardsThePositionSoTheSameForecastDoesNotOrderTwice()
    {
        var book = Book();
        Assert.NotNull(book.OnForecast(Nbbo(99.99m, 100.01m), 0.001, 0.002));

        Assert.Null(book.OnForecast(Nbbo(99.99m, 100.01m, 10), 0.001, 0.002));

        var reversal = book.OnForecast(Nbbo(99.99m, 100.01m, 20), -0.001, 0.002)!.Value.Order;
        Assert.Equal(Side.Sell, reversal.Side);
        Assert.Equal(Quantity.FromUnits(2_000), reversal.Quantity); // from +1,000 working to the -1,000 cap
        Assert.Equal(Price.FromDecimal(99.99m), reversal.LimitPrice);
    }

    [Fact]
    public void OrdersAreClippedToThePerOrderLimitsInsteadOfRejected()
    {
        var book = Book(maxNotional: 100_000m, maxOrderUnits: 300);

        var order = book.OnForecast(Nbbo(99.99m, 100.01m), 0.001, 0.002)!.Value.Order;

        Assert.Equal(Quantity.FromUnits(300), order.Quantity);
        Assert.Equal(0, book.RiskRejections);
    }

    [Fact]
    public void FillsAndCancelsUpdateTheOrderLogTheWorkingQuantityAndTheLedger()
    {
        var book = Book();
        var venue = new SimulatedVenue(new VenueOptions("SIM", 0, new FeeSchedule(0.01m, 0m, 0m)));
        var nbbo = Nbbo(99.99m, 100.01m) with { AskSize = Quantity.FromUnits(600) };
        var order = book.OnForecast(nbbo, 0.001, 0.002)!.Value.Order;
        var reports = new List<ExecutionReport>();
        venue.OnQuote(nbbo, reports);
        venue.Submit(order, reports);
        venue.OnQuote(nbbo with { Time = nbbo.Time.AddNanos(1) }, reports);

        foreach (var report in reports)
        {
            Assert.NotNull(book.Apply(report));
        }

        var record = Assert.Single(book.Orders);
        Assert.Equal(OrdStatus.Canceled, record.Status); // IOC: 600 of 1,000 filled at the displayed size
        Assert.Equal(Quantity.FromUnits(600), record.CumQty);
        Assert.Equal(100.01m, record.AveragePrice);
        Assert.Equal(Quantity.Zero, book.Working(Ibm));
        Assert.Equal(Quantity.FromUnits(600), book.Ledger.GetPosition(Ibm).Quantity);
        Assert.Equal(1_000_000m - (600 * 100.01m) - 6m, book.Ledger.Cash);
        Assert.Null(book.Apply(reports.First(r => r.Fill is not null))); // a fill is booked once
        Assert.True(book.Ledger.Reconcile().IsBalanced);
    }

    [Fact]
    public void ManualOrderWithoutAnNbboIsRejectedAndLoggedWithTheReason()
    {
        var book = Book();
        var order = OrderRequest.Market(book.NextClOrdId(), "ACC", Ibm, Side.Buy, Quantity.FromUnits(100), new UnixNanos(1));

        var check = book.SubmitManual(order, nbbo: null);

        Assert.False(check.IsAccepted);
        var record = Assert.Single(book.Orders);
        Assert.Equal(OrdStatus.Rejected, record.Status);
        Assert.Equal("manual", record.Origin);
        Assert.False(string.IsNullOrEmpty(record.Text));
        Assert.Throws<ArgumentException>(() => book.SubmitManual(OrderRequest.Market(book.NextClOrdId(), "OTHER", Ibm, Side.Buy, Quantity.FromUnits(1), new UnixNanos(1)), null));
    }

    [Fact]
    public void TheSameForecastsGiveTheSameOrders()
    {
        static string Replay()
        {
            var book = Book();
            var random = new DeterministicRandom(42);
            for (var i = 0; i < 500; i++)
            {
                var mid = 100m + (decimal)Math.Round(random.NextGaussian(), 2);
                book.OnForecast(Nbbo(mid - 0.01m, mid + 0.01m, i * 10), 0.002 * random.NextGaussian(), 0.002);
            }

            return string.Join("\n", book.Orders.Select(o => $"{o.Request.ClOrdId} {o.Request.Side} {o.Request.Quantity} {o.Request.LimitPrice} {o.Status}"));
        }

        var first = Replay();
        Assert.NotEmpty(first);
        Assert.Equal(first, Replay());
    }
}
