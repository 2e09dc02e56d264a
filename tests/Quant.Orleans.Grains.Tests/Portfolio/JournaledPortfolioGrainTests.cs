using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Grains.Tests.Portfolio;

/// <summary>An account with a journal, across two clusters on the same folder (the second one starts where the first
/// stopped, with a new venue and empty grain storage: the journal alone recovers the account), whether the silo's
/// journal store comes from <see cref="StrategyOptions.JournalDirectory"/> or <see cref="StrategyOptions.JournalStore"/>.
/// The same across silos on Azure Blob storage: <c>Quant.Orleans.Silo.Tests.Storage.AzureBlobJournalFailoverTests</c>.</summary>
public sealed class JournaledPortfolioGrainTests : IDisposable
{
    private static readonly Symbol Ibm = new("IBM");
    private readonly TempFolder _folder = new("qo-grain-journal");

    private string _journal => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASecondSiloRecoversOrdersFillsAndRiskStateAndTheVenueNeverReusesAnExecId(bool explicitStore)
    {
        // The journal folder option selects a file store; a store given explicitly is what a cluster's silo gets.
        var options = explicitStore ? new StrategyOptions { JournalStore = new FileJournalStore(_journal) } : new StrategyOptions { JournalDirectory = _journal };
        OrderRecord[] ordersBefore;
        Fill[] fillsBefore;
        PortfolioSnapshot snapshotBefore;
        await using (var first = await GrainsCluster.StartAsync(options))
        {
            var portfolio = first.Grains.GetGrain<IPortfolioGrain>("ACC");
            var venue = first.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
            await Quote(portfolio, venue, 0, 184.99m, 185.01m);
            Assert.Equal(OrderCommandStatus.Ok, (await portfolio.NewOrder(Market("m-1", Side.Buy, 300))).Status);
            Assert.Equal(OrderCommandStatus.Ok, (await portfolio.NewOrder(Market("m-2", Side.Sell, 100))).Status);
            var resting = await portfolio.NewOrder(new NewOrderCommand("rest-1", Ibm, Side.Buy, Quantity.FromUnits(100), OrderType.Limit, Price.FromDecimal(180m), null, TimeInForce.Gtc));
            Assert.Equal(OrderCommandStatus.Ok, resting.Status);
            await Quote(portfolio, venue, 5, 185.00m, 185.02m);
            await portfolio.Kill("end of test session");
            ordersBefore = await portfolio.GetOrders(workingOnly: false);
            fillsBefore = await portfolio.GetFills();
            snapshotBefore = await portfolio.GetSnapshot();
            Assert.Equal(2, fillsBefore.Length);
        }

        await using var second = await GrainsCluster.StartAsync(options);
        var recovered = second.Grains.GetGrain<IPortfolioGrain>("ACC");
        var newVenue = second.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        Assert.Equal(ordersBefore, await recovered.GetOrders(workingOnly: false));
        Assert.Equal(fillsBefore, await recovered.GetFills());
        var snapshot = await recovered.GetSnapshot();
        Assert.Equal((snapshotBefore.Cash, snapshotBefore.Fees, snapshotBefore.RealizedPnl, snapshotBefore.FillCount), (snapshot.Cash, snapshot.Fees, snapshot.RealizedPnl, snapshot.FillCount));
        var risk = await recovered.GetRisk();
        Assert.Equal((RiskState.Halted, "end of test session"), (risk.State, risk.StateReason));

        // A new order after the restart fills under an execution id the first venue never issued, and is booked.
        await recovered.Resume(RiskState.Active, "next session");
        await Quote(recovered, newVenue, 10, 185.10m, 185.12m);
        Assert.Equal(OrderCommandStatus.Ok, (await recovered.NewOrder(Market("m-3", Side.Buy, 100))).Status);
        await Quote(recovered, newVenue, 15, 185.11m, 185.13m);
        var fills = await recovered.GetFills();
        Assert.Equal(3, fills.Length);
        Assert.True(string.CompareOrdinal(fills[2].FillId, fillsBefore.Max(f => f.FillId)) > 0, $"{fills[2].FillId} does not follow {string.Join(", ", fillsBefore.Select(f => f.FillId))}");
        Assert.True((await recovered.GetSnapshot()).Reconciled);
    }

    private static NewOrderCommand Market(string id, Side side, long units) =>
        new(id, Ibm, side, Quantity.FromUnits(units), OrderType.Market, null, null, TimeInForce.Day);

    private static async Task Quote(IPortfolioGrain portfolio, IExecutionGrain venue, long millis, decimal bid, decimal ask)
    {
        var quote = new Quote(
            Ibm, new UnixNanos((1_381_152_600_000L + millis) * UnixNanos.NanosPerMillisecond),
            Price.FromDecimal(bid), Quantity.FromUnits(500), Price.FromDecimal(ask), Quantity.FromUnits(500));
        await venue.OnQuotes(new QuoteBatch([quote]));
        await portfolio.SyncWithVenue();
        await portfolio.Mark(new QuoteBatch([quote]), quote.Time);
    }
}
