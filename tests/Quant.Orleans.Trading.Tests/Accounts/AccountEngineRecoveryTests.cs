using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using static Quant.Orleans.Trading.Tests.Accounts.AccountRig;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>An account with a journal, restarted: recovery from the journal, reconnect to the venue (same venue, or a
/// restarted one), the forecast guard and the write-ahead order of the journal entries.</summary>
public sealed class AccountEngineRecoveryTests : IDisposable
{
    private readonly AccountRig _rig = new(journal: true);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task RecoveryFromTheJournalGivesTheSameOrdersPositionsCashAndRiskState()
    {
        await _rig.RecoverAndTradeADay();
        var orders = _rig.Engine.GetOrders(workingOnly: false);
        var fills = _rig.Engine.GetFills();
        var before = _rig.Engine.Snapshot();
        var risk = _rig.Engine.RiskView();
        var entries = _rig.Engine.JournalEntries;
        Assert.Contains(orders, o => o.Status == OrdStatus.Replaced);
        Assert.Contains(orders, o => o.Status == OrdStatus.Rejected);
        Assert.Contains(orders, o => !o.IsTerminal);
        Assert.True(fills.Length >= 3, $"{fills.Length} fills");

        var recovered = await _rig.Restart();
        Assert.Equal(orders, recovered.GetOrders(workingOnly: false));
        Assert.Equal(fills, recovered.GetFills());
        var after = recovered.Snapshot();
        Assert.Equal((before.Cash, before.Fees, before.RealizedPnl, before.OrderCount, before.FillCount, before.RiskRejections), (after.Cash, after.Fees, after.RealizedPnl, after.OrderCount, after.FillCount, after.RiskRejections));
        Assert.Equal(before.Positions.Select(p => (p.Symbol, p.Quantity, p.CostBasis)), after.Positions.Select(p => (p.Symbol, p.Quantity, p.CostBasis)));
        Assert.True(after.Reconciled);
        var riskAfter = recovered.RiskView();
        Assert.Equal((risk.State, risk.StateReason, risk.WorkingOrders), (riskAfter.State, riskAfter.StateReason, riskAfter.WorkingOrders)); // exposure: marks are not journaled
        Assert.Equal(risk.Rejections.OrderBy(r => r.Key), riskAfter.Rejections.OrderBy(r => r.Key));
        Assert.Equal(entries, recovered.JournalEntries); // the venue still works the open orders: nothing to journal

        // The ClOrdID sequence resumes after the last id used.
        var next = await recovered.NewOrderAsync(Market(null, Side.Sell, 10));
        Assert.DoesNotContain(orders, o => o.Order.ClOrdId == next.Order!.Order.ClOrdId);
    }

    [Fact]
    public async Task TheJournalHoldsTheOrderBeforeTheVenuesAnswerAndEveryTurnIsFlushed()
    {
        await _rig.Engine.RecoverAsync();
        await _rig.Quote(0, 99.99m, 100.01m);
        await _rig.Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        await _rig.Quote(5, 99.99m, 100.01m);
        await _rig.Engine.CancelOrderAsync("m-1");
        await _rig.Engine.KillAsync("k");

        // Read by a second reader while the engine still holds the journal: everything is already on disk.
        var entries = JsonJournal<TradingJournalEntry>.ReadAll(_rig.JournalDirectory!, AccountEngine.JournalName(Account), TradingJournalJson.Default.TradingJournalEntry).Select(e => e.Entry).ToArray();
        Assert.Collection(
            entries,
            e => Assert.Equal(At(0), Assert.IsType<EquityRecorded>(e).Time), // the first mark's point of the equity curve
            e => Assert.Equal("m-1", Assert.IsType<OrderEntered>(e).Order.ClOrdId.Value),
            e => Assert.Equal(ExecType.New, Assert.IsType<ExecutionReported>(e).Report.ExecType),
            e => Assert.Equal(ExecType.Trade, Assert.IsType<ExecutionReported>(e).Report.ExecType),
            e => Assert.Equal((RiskState.Halted, "k"), (Assert.IsType<RiskStateChanged>(e).State, ((RiskStateChanged)e).Reason)));
        Assert.Equal(entries.Length, _rig.Engine.JournalEntries);
    }

    [Fact]
    public async Task TheEquityCurveIsJournaledSoARecoveredAccountHasAllOfIt()
    {
        await _rig.Engine.RecoverAsync();
        await _rig.Quote(0, 99.99m, 100.01m);
        await _rig.Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        await _rig.Quote(61_000, 100.49m, 100.51m);
        await _rig.Quote(122_000, 100.99m, 101.01m);
        var before = _rig.Engine.Record().EquityCurve;
        Assert.Equal(3, before.Length);

        var recovered = await _rig.Restart(); // the journal alone: no snapshot
        Assert.Equal(before, recovered.Record().EquityCurve);

        await _rig.Quote(130_000, 101.49m, 101.51m); // same minute as the last point: none added
        await _rig.Quote(183_000, 101.99m, 102.01m); // the next minute: one added
        Assert.Equal(4, recovered.Record().EquityCurve.Length);
    }

    [Fact]
    public async Task AfterAVenueRestartOpenOrdersAreCancelledOnDisconnectAndExecIdsContinue()
    {
        await _rig.Engine.RecoverAsync();
        await _rig.Quote(0, 99.99m, 100.01m);
        await _rig.Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        await _rig.Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);
        var lastExecId = _rig.Engine.GetFills().Max(f => f.FillId);

        _rig.Host.Restart();
        _rig.Events.Events.Clear();
        var recovered = await _rig.Restart();
        var canceled = _rig.Order("rest");
        Assert.Equal(OrdStatus.Canceled, canceled.Status);
        Assert.StartsWith("Canceled on restart", canceled.Text, StringComparison.Ordinal);
        var report = Assert.Single(_rig.Events.Reports);
        Assert.Equal(("rest-restart", At(0)), (report.ExecId, report.TransactTime)); // stamped with the recovered market time: the last order's

        // The cancel is journaled: a third activation sees it without asking the venue again.
        var third = await _rig.Restart();
        Assert.Equal(OrdStatus.Canceled, third.GetOrders(false).Single(o => o.Order.ClOrdId.Value == "rest").Status);

        await _rig.Quote(10, 99.99m, 100.01m);
        await third.NewOrderAsync(Market("m-2", Side.Buy, 200)); // not 100: the duplicate-order window survives the restart
        await _rig.Quote(15, 99.99m, 100.01m);
        Assert.True(string.CompareOrdinal(third.GetFills()[^1].FillId, lastExecId) > 0, $"{third.GetFills()[^1].FillId} does not follow {lastExecId}");
        Assert.True(third.Reconcile().IsBalanced);
    }

    [Fact]
    public async Task AnOrderInFlightWhenTheVenueRestartedIsRejectedOnRecoveryNotLost()
    {
        await _rig.Engine.RecoverAsync();
        await _rig.Quote(0, 99.99m, 100.01m);
        var sent = await _rig.Engine.NewOrderAsync(Market("flight", Side.Buy, 100));
        Assert.Equal(OrdStatus.PendingNew, sent.Order!.Status); // the venue acknowledges it with its next quote (latency)

        _rig.Host.Restart();
        _rig.Events.Events.Clear();
        var recovered = await _rig.Restart(); // before the fix: InvalidOrderTransitionException (PendingNew -> Canceled)
        var rejected = _rig.Order("flight");
        Assert.Equal((OrdStatus.Rejected, OrdRejReason.Other), (rejected.Status, rejected.RejectReason));
        Assert.StartsWith("Rejected on restart", rejected.Text, StringComparison.Ordinal);
        Assert.Equal(ExecType.Rejected, Assert.Single(_rig.Events.Reports).ExecType);
        Assert.Empty(recovered.GetOrders(workingOnly: true));

        var again = await _rig.Restart(); // journaled: recovered as rejected, nothing asked again
        Assert.Equal(OrdStatus.Rejected, again.GetOrders(false).Single(o => o.Order.ClOrdId.Value == "flight").Status);
        Assert.True(again.Reconcile().IsBalanced);
    }

    [Fact]
    public async Task ReportsTheVenueQueuedWhileTheAccountWasAwayAreBookedOnReconnect()
    {
        await _rig.Engine.RecoverAsync();
        await _rig.Quote(0, 99.99m, 100.01m);
        await _rig.Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);
        _rig.Engine.Dispose();

        _rig.Host.OnQuotes(Nbbo(10, 94.00m, 94.50m)); // fills at the venue while the account is down
        var recovered = await _rig.Restart();
        Assert.Equal(OrdStatus.Filled, _rig.Order("rest").Status);
        Assert.Single(recovered.GetFills());

        var again = await _rig.Restart();
        Assert.Single(again.GetFills()); // journaled once, booked once
    }

    [Fact]
    public async Task ForecastsSizedBeforeARestartAreNotSizedAgain()
    {
        await _rig.Engine.RecoverAsync();
        var ibm = Nbbo(0, 99.99m, 100.01m);
        var msft = Nbbo(0, 49.99m, 50.01m, Msft);
        await _rig.Quote(ibm);
        await _rig.Quote(msft);
        await _rig.Engine.OnForecastsAsync([Forecast(ibm, 0.002), Forecast(msft, -0.002)]);
        Assert.Equal(2, _rig.Engine.GetOrders(false).Length);

        var recovered = await _rig.Restart();
        Assert.Empty(await recovered.OnForecastsAsync([Forecast(ibm, 0.002), Forecast(msft, -0.002)]));
        Assert.Equal(2, recovered.GetOrders(false).Length);

        var later = Nbbo(1_000, 99.99m, 100.01m);
        await _rig.Quote(later);
        await recovered.OnForecastsAsync([Forecast(later, -0.002)]);
        Assert.Equal(3, recovered.GetOrders(false).Length);
    }

    [Fact]
    public async Task ReplayProgressIsJournaledAndRecoveredAndMovesMarketTime()
    {
        await _rig.Engine.RecoverAsync();
        await _rig.Quote(0, 99.99m, 100.01m);
        _rig.Engine.RecordReplayProgress(new ReplayCheckpoint("IBM 2013-10-07", 42, At(9_000)));
        await _rig.Engine.NewOrderAsync(Market("m-1", Side.Buy, 100)); // its flush makes the checkpoint durable

        var recovered = await _rig.Restart();
        Assert.Equal(new ReplayCheckpoint("IBM 2013-10-07", 42, At(9_000)), recovered.ReplayProgress);
        Assert.Equal(At(9_000), recovered.MarketTime);
    }

    [Fact]
    public async Task WithoutAJournalRecoveryDoesNothingAndNothingIsJournaled()
    {
        using var rig = new AccountRig();
        await rig.Engine.RecoverAsync();
        await rig.Quote(0, 99.99m, 100.01m);
        await rig.Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        rig.Engine.RecordReplayProgress(new ReplayCheckpoint("r", 1, At(1)));
        Assert.Null(rig.Engine.ReplayProgress);
        Assert.Equal(0, rig.Engine.JournalEntries);
    }

    [Fact]
    public async Task RecoveryRunsOnceFirst()
    {
        await _rig.Engine.RecoverAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _rig.Engine.RecoverAsync().AsTask());

        using var rig = new AccountRig();
        await rig.Quote(0, 99.99m, 100.01m);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Engine.RecoverAsync().AsTask());
    }
}
