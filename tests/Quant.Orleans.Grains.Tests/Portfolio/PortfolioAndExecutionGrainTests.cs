using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Tests.Portfolio;

public sealed class PortfolioAndExecutionGrainTests
{
    private static readonly Symbol Ibm = new("IBM");

    private static Quote Nbbo(long millis, decimal bid, decimal ask, long size = 500) => new(
        Ibm, new UnixNanos(1_381_152_600_000L * UnixNanos.NanosPerMillisecond + (millis * UnixNanos.NanosPerMillisecond)),
        Price.FromDecimal(bid), Quantity.FromUnits(size), Price.FromDecimal(ask), Quantity.FromUnits(size));

    [Fact]
    public async Task SignalBecomesAnOrderThatFillsAtTheAskPrevailingAfterTheLatency()
    {
        await using var silo = await GrainsCluster.StartAsync();
        var portfolio = silo.Grains.GetGrain<IPortfolioGrain>("ACC");
        var venue = silo.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        var q0 = Nbbo(0, 184.99m, 185.01m);
        await venue.OnQuotes(new QuoteBatch([q0]));
        var signal = new Signal(Ibm, q0.Time, q0, 0.001, 0.002, TimeSpan.FromSeconds(60), 1e-4, "test");

        var immediate = await portfolio.OnSignals(new SignalBatch([signal]));
        var accounts = await venue.OnQuotes(new QuoteBatch([Nbbo(2, 185.00m, 185.02m)])); // arrives after the 1 ms latency
        await portfolio.SyncWithVenue();

        Assert.Empty(immediate); // the order is on its way: the venue answers when it arrives
        Assert.Equal(["ACC"], accounts); // the venue says whose reports it queued
        var order = Assert.Single((await portfolio.GetRecord()).Orders);
        Assert.Equal((OrdStatus.Canceled, Quantity.FromUnits(500)), (order.Status, order.CumQty)); // IOC: the rest of the size is cancelled
        var trade = Assert.Single(await portfolio.GetFills());
        Assert.Equal(Price.FromDecimal(185.01m), trade.LastPx); // the NBBO at arrival (0 ms quote), not the later one
        Assert.Equal(q0.Time, trade.QuoteTime);
        Assert.Equal(Quantity.FromUnits(500), trade.LastQty); // capped at the displayed size
        var snapshot = await portfolio.GetSnapshot();
        Assert.Equal(Quantity.FromUnits(500), snapshot.Positions.Single().Quantity);
        Assert.Equal(snapshot.InitialCash - (500 * 185.01m) - trade.Fee, snapshot.Cash);
        Assert.True(snapshot.Reconciled);
    }

    [Fact]
    public async Task ManualOrdersAreRiskCheckedAgainstTheVenueNbbo()
    {
        await using var silo = await GrainsCluster.StartAsync();
        var portfolio = silo.Grains.GetGrain<IPortfolioGrain>("ACC");
        var venue = silo.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);

        var noQuote = await portfolio.NewOrder(Command("n1", Side.Buy, 100, null));
        Assert.Equal(OrdStatus.Rejected, noQuote.Order!.Status);
        Assert.Equal(PreTradeRejectReason.NoQuote, noQuote.Order.RiskReason);

        await venue.OnQuotes(new QuoteBatch([Nbbo(0, 184.99m, 185.01m)]));
        var fatFinger = await portfolio.NewOrder(Command("n2", Side.Buy, 100, 277.50m));
        var rejected = Assert.Single(fatFinger.Reports);
        Assert.Equal(ExecType.Rejected, rejected.ExecType);
        Assert.Equal(PreTradeRejectReason.PriceCollarBreached, rejected.RiskReason);
        Assert.Contains("collar", rejected.Text, StringComparison.OrdinalIgnoreCase);

        var accepted = await portfolio.NewOrder(Command("n3", Side.Buy, 100, 185.01m));
        Assert.Equal(OrderCommandStatus.Ok, accepted.Status);
        Assert.Equal(OrdStatus.PendingNew, accepted.Order!.Status); // in flight for the 1 ms latency
        await venue.OnQuotes(new QuoteBatch([Nbbo(2, 185.00m, 185.02m)]));
        await portfolio.SyncWithVenue();
        var record = await portfolio.GetRecord();
        Assert.Equal([OrdStatus.Rejected, OrdStatus.Rejected, OrdStatus.Filled], record.Orders.Select(o => o.Status));
        Assert.All(record.Orders, o => Assert.Equal("manual", o.Origin));
        Assert.Equal(Price.FromDecimal(185.01m), Assert.Single(record.Fills).LastPx);
    }

    [Fact]
    public async Task AnActiveAccountCancelsTheOrdersAVenueLostWhenTheVenueComesBackEmpty()
    {
        // The venue's silo died while the account's did not: the venue re-activates empty and tells the accounts that
        // are active, which cancel the open orders it no longer works (cancel on disconnect) and keep trading.
        await using var silo = await GrainsCluster.StartAsync();
        var portfolio = silo.Grains.GetGrain<IPortfolioGrain>("ACC");
        var venue = silo.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        await venue.OnQuotes(new QuoteBatch([Nbbo(0, 184.99m, 185.01m)]));
        await portfolio.NewOrder(Command("rest-1", Side.Buy, 100, 184.00m) with { TimeInForce = TimeInForce.Gtc });
        await venue.OnQuotes(new QuoteBatch([Nbbo(2, 184.99m, 185.01m)]));
        await portfolio.SyncWithVenue();
        Assert.Equal(OrdStatus.New, (await portfolio.GetOrders(workingOnly: true)).Single().Status);

        await venue.Cast<global::Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Trading.Portfolio.OrderRecord[] working = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await venue.GetMarketTime(); // a call re-activates the venue; its activation tells the account
            working = await portfolio.GetOrders(workingOnly: true);
            if (working.Length == 0)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Empty(working);
        var lost = (await portfolio.GetOrders(workingOnly: false)).Single(o => o.Order.ClOrdId.Value == "rest-1");
        Assert.Equal(OrdStatus.Canceled, lost.Status);
        Assert.Contains("venue no longer holds it", lost.Text, StringComparison.Ordinal);
        Assert.True((await portfolio.GetSnapshot()).Reconciled);

        // The account trades on with the new venue.
        await venue.OnQuotes(new QuoteBatch([Nbbo(10, 184.99m, 185.01m)]));
        var next = await portfolio.NewOrder(Command("after-1", Side.Buy, 100, 185.01m));
        await venue.OnQuotes(new QuoteBatch([Nbbo(12, 185.00m, 185.02m)]));
        await portfolio.SyncWithVenue();
        Assert.Equal(OrderCommandStatus.Ok, next.Status);
        Assert.Equal(OrdStatus.Filled, (await portfolio.GetOrders(workingOnly: false)).Single(o => o.Order.ClOrdId.Value == "after-1").Status);
    }

    private static NewOrderCommand Command(string id, Side side, long quantity, decimal? limit) => new(
        id, Ibm, side, Quantity.FromUnits(quantity), limit is null ? OrderType.Market : OrderType.Limit,
        limit is { } l ? Price.FromDecimal(l) : null, null, TimeInForce.Day);
}
