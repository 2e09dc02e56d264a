using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using static Quant.Orleans.Trading.Tests.Accounts.AccountRig;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>The account engine's order flow against a simulated venue: forecasts, manual orders, cancels, replaces,
/// the kill switch, marks and events. Every test ends with a ledger that reconciles.</summary>
public sealed class AccountEngineTests : IDisposable
{
    private readonly AccountRig _rig = new();

    private AccountEngine Engine => _rig.Engine;

    public void Dispose()
    {
        Assert.True(Engine.Reconcile().IsBalanced, string.Join("; ", Engine.Reconcile().Breaks));
        _rig.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AForecastIsSizedIntoAMarketableLimitThatFillsWhenItArrives(bool venueAnswersAsynchronously)
    {
        _rig.Host.Yield = venueAnswersAsynchronously;
        var nbbo = Nbbo(0, 99.99m, 100.01m);
        await _rig.Quote(nbbo);

        // Kelly 0.25 x 0.002 / 0.01^2 = 5 x equity, capped at 200,000 notional: 2,000 units at the 100.005 mid.
        var sent = await Engine.OnForecastsAsync([Forecast(nbbo, 0.002)]);
        Assert.Empty(sent); // in flight: it arrives 1 ms later, at the next quote
        var order = Assert.Single(Engine.GetOrders(workingOnly: true));
        Assert.Equal((OrdStatus.PendingNew, "signal", Side.Buy, Quantity.FromUnits(2_000), Price.FromDecimal(100.01m), TimeInForce.Ioc), (order.Status, order.Origin, order.Order.Side, order.Order.Quantity, order.Order.LimitPrice!.Value, order.Order.TimeInForce));
        Assert.Equal(nbbo.Time, order.Order.SentTime);

        await _rig.Quote(5, 99.99m, 100.01m);
        var fill = Assert.Single(Engine.GetFills());
        Assert.Equal((Quantity.FromUnits(2_000), Price.FromDecimal(100.01m), 7.00m), (fill.LastQty, fill.LastPx, fill.Fee));
        Assert.Equal(OrdStatus.Filled, Assert.Single(Engine.GetOrders(workingOnly: false)).Status);
        var snapshot = Engine.Snapshot();
        Assert.Equal(1_000_000m - (2_000 * 100.01m) - 7.00m, snapshot.Cash);
        Assert.Equal(Quantity.FromUnits(2_000), Assert.Single(snapshot.Positions).Quantity);
        Assert.True(snapshot.Reconciled);
        Assert.Equal([ExecType.PendingNew, ExecType.New, ExecType.Trade], _rig.Events.Reports.Select(r => r.ExecType));
        Assert.Equal(fill, Assert.Single(_rig.Events.Fills));

        // At the target already: the same forecast sizes nothing more.
        Assert.Empty(await Engine.OnForecastsAsync([Forecast(Nbbo(6, 99.99m, 100.01m), 0.002)]));
        Assert.Single(Engine.GetOrders(workingOnly: false));
    }

    [Fact]
    public async Task AForecastTheRiskEngineRejectsIsLoggedAndNotSent()
    {
        var nbbo = Nbbo(0, 99.99m, 100.01m);
        await _rig.Quote(nbbo);
        await Engine.KillAsync("test");

        Assert.Empty(await Engine.OnForecastsAsync([Forecast(nbbo, 0.002)]));
        var order = Assert.Single(Engine.GetOrders(workingOnly: false));
        Assert.Equal((OrdStatus.Rejected, PreTradeRejectReason.Halted), (order.Status, order.RiskReason));
        Assert.Equal(0, _rig.Host.Venue.WorkingCount);
        Assert.Equal(1, Engine.Snapshot().RiskRejections);
    }

    [Fact]
    public async Task AManualOrderIsStampedWithItsSymbolsQuoteTimeAndAResendCreatesNothing()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        var first = await Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        Assert.Equal(OrderCommandStatus.Ok, first.Status);
        Assert.Equal((OrdStatus.PendingNew, At(0), "manual"), (first.Order!.Status, first.Order.Order.SentTime, first.Order.Origin));
        Assert.Equal([ExecType.PendingNew], first.Reports.Select(r => r.ExecType));

        var resend = await Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        Assert.Equal((OrderCommandStatus.Ok, first.Order.OrderId), (resend.Status, resend.Order!.OrderId));
        Assert.Empty(resend.Reports);

        var duplicate = await Engine.NewOrderAsync(Market("m-1", Side.Buy, 200));
        Assert.Equal((OrderCommandStatus.Ok, OrdStatus.Rejected, OrdRejReason.DuplicateOrder), (duplicate.Status, duplicate.Order!.Status, duplicate.Order.RejectReason));
        Assert.Single(Engine.GetOrders(workingOnly: false));

        await _rig.Quote(5, 99.99m, 100.01m);
        Assert.Equal(OrdStatus.Filled, _rig.Order("m-1").Status);
    }

    [Fact]
    public async Task SeveralOrdersGoToTheVenueTogetherAndEachAnswerHoldsItsOwnReports()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await _rig.Quote(5, 99.99m, 100.01m, Msft);
        var results = await Engine.NewOrdersAsync(
        [
            Market(null, Side.Buy, 100),
            Limit("bad", Side.Buy, 100, 99m) with { LimitPrice = null },
            Market(null, Side.Sell, 50, Msft),
            Market("big", Side.Buy, 6_000),
        ]);

        Assert.Equal([OrderCommandStatus.Ok, OrderCommandStatus.Invalid, OrderCommandStatus.Ok, OrderCommandStatus.Ok], results.Select(r => r.Status));
        Assert.Equal("ACC1-0000000001", results[0].Order!.Order.ClOrdId.Value);
        Assert.Equal("ACC1-0000000002", results[2].Order!.Order.ClOrdId.Value);
        Assert.Contains("limit price", results[1].Error, StringComparison.Ordinal);
        Assert.Equal(At(5), results[2].Order!.Order.SentTime); // MSFT's quote time, not IBM's
        Assert.Equal((OrdStatus.Rejected, PreTradeRejectReason.MaxOrderQuantityExceeded), (results[3].Order!.Status, results[3].Order!.RiskReason));
        Assert.All(results.Where(r => r.Order is not null), r => Assert.All(r.Reports, report => Assert.Equal(r.Order!.Order.ClOrdId, report.ClOrdId)));
        Assert.Equal(2, _rig.Host.Venue.WorkingCount);
    }

    [Fact]
    public async Task AManualOrderTakesTheVenuesNewerQuoteAndWithoutAnyQuoteTheWallClock()
    {
        Assert.Equal(OrderCommandStatus.Ok, (await Engine.NewOrderAsync(Market("no-quote", Side.Buy, 100))).Status);
        var unquoted = _rig.Order("no-quote");
        Assert.Equal((OrdStatus.Rejected, PreTradeRejectReason.NoQuote), (unquoted.Status, unquoted.RiskReason));
        Assert.Equal(UnixNanos.FromDateTime(_rig.Clock.GetUtcNow().UtcDateTime), unquoted.Order.SentTime);

        _rig.Host.OnQuotes(Nbbo(7, 99.99m, 100.01m)); // the venue saw it, the account was not marked
        var result = await Engine.NewOrderAsync(Market("quoted", Side.Buy, 100));
        Assert.Equal((OrdStatus.PendingNew, At(7)), (result.Order!.Status, result.Order.Order.SentTime));
        Assert.Equal(At(7), Engine.MarketTime);
    }

    [Fact]
    public async Task ANewAccountsFirstOrderForAnUnseenSymbolIsStampedWithTheVenuesMarketTimeNotTheWallClock()
    {
        _rig.Host.OnQuotes(Nbbo(7, 99.99m, 100.01m)); // the venue trades IBM at 2013 times; the account saw nothing

        await Engine.NewOrderAsync(new NewOrderCommand("unseen", new Symbol("ZZZZ"), Side.Buy, Quantity.FromUnits(10), OrderType.Market, null, null, TimeInForce.Day));

        Assert.Equal(At(7), _rig.Order("unseen").Order.SentTime);
        Assert.NotEqual(UnixNanos.FromDateTime(_rig.Clock.GetUtcNow().UtcDateTime), _rig.Order("unseen").Order.SentTime);
    }

    [Fact]
    public async Task CancellingARestingOrderCancelsItAtTheVenue()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);
        Assert.Equal(OrdStatus.New, _rig.Order("rest").Status);

        var result = await Engine.CancelOrderAsync("rest");
        Assert.Equal((OrderCommandStatus.Ok, OrdStatus.Canceled), (result.Status, result.Order!.Status));
        Assert.Equal([ExecType.PendingCancel, ExecType.Canceled], result.Reports.Select(r => r.ExecType));
        Assert.Equal("Cancelled on request of ACC1.", result.Order.Text);
        Assert.Equal(0, _rig.Host.Venue.WorkingCount);
    }

    [Fact]
    public async Task CancellingAFilledOrderIsTooLateAndUnknownOrMalformedIdsAreRefused()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        await _rig.Quote(5, 99.99m, 100.01m);

        var late = await Engine.CancelOrderAsync("m-1");
        Assert.Equal((OrderCommandStatus.Conflict, OrdStatus.Filled), (late.Status, late.Order!.Status));
        Assert.Equal("Order m-1 is Filled: too late to cancel (CxlRejReason 0).", late.Error);
        Assert.Equal(OrderCommandStatus.NotFound, (await Engine.CancelOrderAsync("nope")).Status);
        var malformed = await Engine.CancelOrderAsync("has space");
        Assert.Equal(OrderCommandStatus.Invalid, malformed.Status);
        Assert.StartsWith("clOrdId: ", malformed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancelWhileAnotherIsPendingIsRejectedAsPendingWithoutAskingTheVenue()
    {
        var venue = new DeferringVenueSession(_rig.Host.Session(Account));
        _rig.Engine.Dispose();
        _rig.Engine = _rig.NewEngine(venue);
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);

        var first = await Engine.CancelOrderAsync("rest"); // the venue acknowledges PendingCancel only, for now
        Assert.Equal((OrderCommandStatus.Conflict, OrdStatus.PendingCancel), (first.Status, first.Order!.Status));
        Assert.Equal([ExecType.PendingCancel], first.Reports.Select(r => r.ExecType));

        var second = await Engine.CancelOrderAsync("rest");
        Assert.Equal(OrderCommandStatus.Conflict, second.Status);
        Assert.Equal("Order rest is PendingCancel: a cancel or replace is already pending (CxlRejReason 3).", second.Error);
        Assert.Equal(1, venue.Cancels);

        await Engine.SyncWithVenueAsync();
        Assert.Equal(OrdStatus.Canceled, _rig.Order("rest").Status);
    }

    [Fact]
    public async Task AReplaceTheVenueConfirmsAnswersWithTheReplacement()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);

        var result = await Engine.ReplaceOrderAsync("rest", new ReplaceCommand("rest-2", Quantity.FromUnits(200), Price.FromDecimal(96m), null));
        Assert.Equal(OrderCommandStatus.Ok, result.Status);
        Assert.Equal(("rest-2", "rest", OrdStatus.New, Quantity.FromUnits(200), Price.FromDecimal(96m)), (result.Order!.Order.ClOrdId.Value, result.Order.OrigClOrdId!.Value.Value, result.Order.Status, result.Order.Order.Quantity, result.Order.Order.LimitPrice!.Value));
        Assert.Equal([ExecType.PendingReplace, ExecType.Replaced], result.Reports.Select(r => r.ExecType));
        Assert.Equal(OrdStatus.Replaced, _rig.Order("rest").Status);
        Assert.Equal(result.Order.OrderId, _rig.Order("rest").OrderId);
        var risk = Engine.RiskView();
        Assert.Equal((1, 200m * 96m), (risk.WorkingOrders, risk.GrossExposure));
    }

    [Fact]
    public async Task AReplaceTheRiskEngineRejectsLeavesTheOriginalWorking()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);

        var result = await Engine.ReplaceOrderAsync("rest", new ReplaceCommand(null, Quantity.FromUnits(6_000), null, null));
        Assert.Equal(OrderCommandStatus.Ok, result.Status);
        Assert.Equal((OrdStatus.Rejected, "rest"), (result.Order!.Status, result.Order.OrigClOrdId!.Value.Value));
        var report = Assert.Single(result.Reports);
        Assert.Equal((ExecType.Rejected, PreTradeRejectReason.MaxOrderQuantityExceeded), (report.ExecType, report.RiskReason));
        Assert.Equal(OrdStatus.New, _rig.Order("rest").Status);
        Assert.Single(Engine.GetOrders(workingOnly: false));
        Assert.Equal(1, Engine.Snapshot().RiskRejections);
        Assert.Equal(1, _rig.Host.Venue.WorkingCount);
    }

    [Fact]
    public async Task AReplaceThatComesTooLateIsAbandonedAndItsClOrdIdIsFreeAgain()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);
        _rig.Host.OnQuotes(Nbbo(10, 94.00m, 94.50m)); // fills the order at the venue; the account has not synced yet

        var result = await Engine.ReplaceOrderAsync("rest", new ReplaceCommand("rest-2", Quantity.FromUnits(200), null, null));
        Assert.Equal((OrderCommandStatus.Conflict, OrdStatus.Filled), (result.Status, result.Order!.Status));
        Assert.Equal("Order rest is Filled at the venue: too late to replace (CxlRejReason 0).", result.Error);
        Assert.Contains(result.Reports, r => r.ExecType == ExecType.Trade);
        Assert.Single(Engine.GetFills());

        var reuse = await Engine.NewOrderAsync(Limit("rest-2", Side.Buy, 100, 90m));
        Assert.Equal(OrdStatus.PendingNew, reuse.Order!.Status);
    }

    [Fact]
    public async Task AReplaceOfATerminalOrUnknownOrderOrWithTooSmallAQuantityIsRefused()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        await Engine.NewOrderAsync(Limit("rest", Side.Buy, 100, 95m));
        await _rig.Quote(5, 99.99m, 100.01m);

        Assert.Equal(OrderCommandStatus.Conflict, (await Engine.ReplaceOrderAsync("m-1", new ReplaceCommand(null, Quantity.FromUnits(200), null, null))).Status);
        Assert.Equal(OrderCommandStatus.NotFound, (await Engine.ReplaceOrderAsync("nope", new ReplaceCommand(null, null, null, null))).Status);
        Assert.Equal(OrderCommandStatus.Invalid, (await Engine.ReplaceOrderAsync("rest", new ReplaceCommand("m-1", Quantity.FromUnits(200), null, null))).Status);
        Assert.Equal(OrderCommandStatus.Invalid, (await Engine.ReplaceOrderAsync("rest", new ReplaceCommand(null, Quantity.Zero, null, null))).Status);
        Assert.Equal(OrderCommandStatus.Invalid, (await Engine.ReplaceOrderAsync("rest", new ReplaceCommand("bad id", null, null, null))).Status);
        Assert.Equal(OrdStatus.New, _rig.Order("rest").Status);
    }

    [Fact]
    public async Task TheKillSwitchCancelsEveryWorkingOrderAndHaltsTheAccount()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("a", Side.Buy, 100, 95m));
        await Engine.NewOrderAsync(Limit("b", Side.Sell, 100, 105m));
        await _rig.Quote(5, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("c", Side.Buy, 100, 94m)); // still in flight

        var kill = await Engine.KillAsync("  ");
        Assert.Equal((Account, 3, RiskState.Halted, "kill switch", 0), (kill.Account, kill.OrdersCanceled, kill.Risk.State, kill.Risk.StateReason, kill.Risk.WorkingOrders));
        Assert.True(kill.CanceledTimestamp >= kill.BlockedTimestamp);
        Assert.Empty(Engine.GetOrders(workingOnly: true));
        Assert.All(Engine.GetOrders(workingOnly: false), o => Assert.Equal(OrdStatus.Canceled, o.Status));
        Assert.Equal(kill.Risk, Assert.Single(_rig.Events.Risks));
        Assert.Equal(0, _rig.Host.Venue.WorkingCount);

        var blocked = await Engine.NewOrderAsync(Market("d", Side.Buy, 100));
        Assert.Equal((OrdStatus.Rejected, PreTradeRejectReason.Halted), (blocked.Order!.Status, blocked.Order.RiskReason));
    }

    [Fact]
    public async Task ResumeLeavesHaltedAndRefusesToHalt()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.KillAsync("stop");
        Assert.Throws<ArgumentException>("state", () => Engine.ResumeAsync(RiskState.Halted, "again"));

        var reducing = await Engine.ResumeAsync(RiskState.Reducing, string.Empty);
        Assert.Equal((RiskState.Reducing, "resumed Reducing"), (reducing.State, reducing.StateReason));
        Assert.Equal(PreTradeRejectReason.ReducingOnly, (await Engine.NewOrderAsync(Market("a", Side.Buy, 100))).Order!.RiskReason);

        var active = await Engine.ResumeAsync(RiskState.Active, "morning");
        Assert.Equal((RiskState.Active, "morning"), (active.State, active.StateReason));
        Assert.Equal(OrdStatus.PendingNew, (await Engine.NewOrderAsync(Market("b", Side.Buy, 100))).Order!.Status);
        Assert.Equal([RiskState.Halted, RiskState.Reducing, RiskState.Active], _rig.Events.Risks.Select(r => r.State));
    }

    [Fact]
    public async Task TheEquityCurveGetsOnePointPerMinuteOfMarketTime()
    {
        foreach (var seconds in new long[] { 0, 30, 61, 62, 119, 125, 240 })
        {
            Engine.Mark([Nbbo(seconds * 1_000, 99.99m, 100.01m)], At(seconds * 1_000));
        }

        Assert.Equal([At(0), At(61_000), At(125_000), At(240_000)], Engine.Record().EquityCurve.Select(p => p.Time));
        Assert.All(Engine.Record().EquityCurve, p => Assert.Equal(1_000_000m, p.Equity));
        Assert.Equal(At(240_000), Engine.MarketTime);
    }

    [Fact]
    public async Task TheEndOfTheDayBooksExpiriesAndFreesTheDaysClOrdIds()
    {
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Limit("day", Side.Buy, 100, 95m, TimeInForce.Day));
        await _rig.Quote(5, 99.99m, 100.01m);
        _rig.Host.EndOfDay(At(10));
        await Engine.EndOfDayAsync(At(10));
        Assert.Equal(OrdStatus.Expired, _rig.Order("day").Status);

        var again = await Engine.NewOrderAsync(Limit("day", Side.Buy, 100, 96m, TimeInForce.Day));
        Assert.Equal(OrdStatus.PendingNew, again.Order!.Status);
        Assert.Equal(2, Engine.GetOrders(workingOnly: false).Length);
    }

    [Fact]
    public async Task NothingIsPublishedWhileNobodyListens()
    {
        _rig.Events.IsListening = false;
        await _rig.Quote(0, 99.99m, 100.01m);
        await Engine.NewOrderAsync(Market("m-1", Side.Buy, 100));
        await _rig.Quote(5, 99.99m, 100.01m);
        await Engine.KillAsync("x");
        Assert.Empty(_rig.Events.Events);
        Assert.Single(Engine.GetFills());
    }

    [Fact]
    public void TheConstructorChecksItsArguments()
    {
        var session = _rig.Host.Session(Account);
        Assert.Throws<ArgumentException>(() => new AccountEngine("bad account", Options, VenueName, session, _rig.Events, _rig.Clock));
        Assert.Throws<ArgumentException>(() => new AccountEngine(Account, Options, string.Empty, session, _rig.Events, _rig.Clock));
        Assert.Throws<ArgumentNullException>(() => new AccountEngine(Account, Options, VenueName, null!, _rig.Events, _rig.Clock));
        Assert.Throws<ArgumentNullException>(() => new AccountEngine(Account, Options, VenueName, session, null!, _rig.Clock));
        Assert.Throws<ArgumentNullException>(() => new AccountEngine(Account, Options, VenueName, session, _rig.Events, null!));
        Assert.Equal("portfolio-ACC1", AccountEngine.JournalName(Account));
    }

    /// <summary>A venue session whose cancels are acknowledged with PendingCancel only; the rest of the venue's answer
    /// comes with the next <see cref="TakeReports"/> (an asynchronous venue).</summary>
    private sealed class DeferringVenueSession(IVenueSession inner) : IVenueSession
    {
        private readonly List<ExecutionReport> _deferred = [];

        public int Cancels { get; private set; }

        public ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders) => inner.Submit(orders);

        public async ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, UnixNanos time, string reason)
        {
            Cancels++;
            var reports = await inner.Cancel(clOrdId, time, reason);
            var pending = Array.FindLastIndex(reports, r => r.ExecType == ExecType.PendingCancel);
            _deferred.AddRange(reports[(pending + 1)..]);
            return reports[..(pending + 1)];
        }

        public ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement) => inner.Replace(origClOrdId, replacement);

        public ValueTask<ExecutionReport[]> CancelAll(UnixNanos time, string reason) => inner.CancelAll(time, reason);

        public async ValueTask<ExecutionReport[]> TakeReports()
        {
            ExecutionReport[] reports = [.. _deferred, .. await inner.TakeReports()];
            _deferred.Clear();
            return reports;
        }

        public ValueTask<Quote?> GetQuote(Symbol symbol) => inner.GetQuote(symbol);

        public ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders) => inner.Reconnect(lastExecSequence, openOrders);
    }
}
