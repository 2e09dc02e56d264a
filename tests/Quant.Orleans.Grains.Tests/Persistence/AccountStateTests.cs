using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Tests.Persistence;

/// <summary>The account's Orleans grain state (its snapshot) and the account directory survive a restart of the
/// cluster on the same storage, with no journal at all.</summary>
public sealed class AccountStateTests
{
    private static readonly Symbol Ibm = new("IBM");

    [Fact]
    public async Task AnAccountWithoutAJournalComesBackFromItsSnapshotWithItsBookAndEquityCurve()
    {
        var storage = new SharedGrainStorage();
        PortfolioRecord before;
        PortfolioSnapshot snapshotBefore;
        RiskSnapshot riskBefore;
        await using (var first = await Start(storage))
        {
            var account = first.Grains.GetGrain<IPortfolioGrain>("ACC");
            var venue = first.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
            await Quote(account, venue, 0, 184.99m, 185.01m);
            await account.NewOrder(new NewOrderCommand("b-1", Ibm, Side.Buy, Quantity.FromUnits(300), OrderType.Market, null, null, TimeInForce.Day));
            await Quote(account, venue, 61_000, 185.10m, 185.12m);
            await account.NewOrder(new NewOrderCommand("rest", Ibm, Side.Buy, Quantity.FromUnits(100), OrderType.Limit, Price.FromDecimal(180m), null, TimeInForce.Gtc));
            await Quote(account, venue, 122_000, 185.20m, 185.22m);
            await account.EndOfDay(new UnixNanos(1_381_176_000_000_000_000));
            await account.Kill("end of session");
            before = await account.GetRecord();
            snapshotBefore = await account.GetSnapshot();
            riskBefore = await account.GetRisk();
            Assert.Equal(3, before.EquityCurve.Length); // one point per minute of market time
        }

        Assert.True(storage.Writes.GetValueOrDefault("account") >= 3, "end of day, kill and deactivation each write the snapshot");
        await using var second = await Start(storage);
        var recovered = second.Grains.GetGrain<IPortfolioGrain>("ACC");
        var after = await recovered.GetRecord();
        Assert.Equal(before.Orders, after.Orders);
        Assert.Equal(before.Fills, after.Fills);
        Assert.Equal(before.EquityCurve, after.EquityCurve);
        var snapshot = await recovered.GetSnapshot();
        Assert.Equal((snapshotBefore.Cash, snapshotBefore.Equity, snapshotBefore.Fees), (snapshot.Cash, snapshot.Equity, snapshot.Fees));
        var risk = await recovered.GetRisk();
        Assert.Equal((RiskState.Halted, "end of session"), (risk.State, risk.StateReason));
        Assert.Equal(riskBefore.WorkingOrders, risk.WorkingOrders);
        Assert.Equal(["ACC"], await second.Grains.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key).GetAccounts());
    }

    private static Task<GrainsCluster> Start(SharedGrainStorage storage) => GrainsCluster.StartAsync(
        new StrategyOptions(),
        configure: silo => silo.Services.AddGrainStorage(GridStorage.Name, (sp, _) => storage.For(ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp))));

    private static async Task Quote(IPortfolioGrain account, IExecutionGrain venue, long millis, decimal bid, decimal ask)
    {
        var quote = new Quote(
            Ibm, new UnixNanos((1_381_152_600_000L + millis) * UnixNanos.NanosPerMillisecond),
            Price.FromDecimal(bid), Quantity.FromUnits(500), Price.FromDecimal(ask), Quantity.FromUnits(500));
        await venue.OnQuotes(new QuoteBatch([quote]));
        await account.SyncWithVenue();
        await account.Mark(new QuoteBatch([quote]), quote.Time);
    }
}
