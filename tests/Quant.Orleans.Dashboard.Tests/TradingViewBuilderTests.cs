using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Dashboard.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TradingViewBuilderTests(ClusterFixture fixture)
{
    private static readonly UnixNanos Open = UnixNanos.FromDateTime(new DateTime(2013, 10, 8, 14, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task OnlyActiveGrainsAreAskedAndAskingActivatesNone()
    {
        await fixture.Grains.GetGrain<ISymbolGrain>("TVA").GetStatus();
        var builder = new TradingViewBuilder(fixture.Grains, "TV-IDLE", () => null);

        var view = await builder.BuildAsync(1);

        Assert.Contains(view.Symbols, s => s.Symbol == "TVA");
        Assert.DoesNotContain(view.Symbols, s => s.Symbol == "TVB"); // never called
        Assert.Equal(view.Symbols.Select(s => s.Symbol).Order(StringComparer.Ordinal), view.Symbols.Select(s => s.Symbol));
        Assert.Null(view.Portfolio);
        Assert.Empty(view.PnlCurve);
        Assert.Empty(view.Orders);
        Assert.Null(view.MarketTime);
        Assert.Equal("TV-IDLE", view.Account);

        // Building the view activated neither the symbol nor the account it did not find.
        Assert.DoesNotContain("TVB", await fixture.ActiveKeysAsync(TradingViewBuilder.SymbolGrainType));
        Assert.DoesNotContain("TV-IDLE", await fixture.ActiveKeysAsync(TradingViewBuilder.PortfolioGrainType));
        Assert.False(fixture.Cluster.TryGetGrainContext(GrainId.Create(TradingViewBuilder.SymbolGrainType, "TVB"), out _));
        Assert.True(fixture.Cluster.TryGetGrainContext(GrainId.Create(TradingViewBuilder.SymbolGrainType, "TVA"), out _));

        // The symbol that was never fed has no mid, no filtered level and no chart point yet.
        var tva = view.Symbols.Single(s => s.Symbol == "TVA");
        Assert.Null(tva.LastMid);
        Assert.Empty(tva.Series);
    }

    [Fact]
    public async Task TheGridsGrainTypeNamesAreOrleansDefaults()
    {
        await fixture.Grains.GetGrain<ISymbolGrain>("TVN").GetStatus();
        await fixture.Grains.GetGrain<IRegimeGrain>("TVN").GetStatus();
        await fixture.Grains.GetGrain<IPortfolioGrain>("TV-NAMES").GetSnapshot();

        Assert.Contains("TVN", await fixture.ActiveKeysAsync(TradingViewBuilder.SymbolGrainType));
        Assert.Contains("TVN", await fixture.ActiveKeysAsync(TradingViewBuilder.RegimeGrainType));
        Assert.Contains("TV-NAMES", await fixture.ActiveKeysAsync(TradingViewBuilder.PortfolioGrainType));

        var view = await new TradingViewBuilder(fixture.Grains, "TV-NAMES", () => null).BuildAsync(1);
        Assert.Equal("regime:hmm", view.Symbols.Single(s => s.Symbol == "TVN").Regime?.Gate);
        Assert.NotNull(view.Portfolio);

        // The default strategy's judge is the rule baseline: no trained judge, no importance.
        Assert.Equal("Baseline", view.Judge?.Profile);
        Assert.Equal("|forecast|/noise >= 0.25", view.Judge?.Rule);
        Assert.Null(view.Judge?.Version);
        Assert.Empty(view.Judge!.Importance);
    }

    [Fact]
    public async Task APortfolioThatTradedShowsItsCurveBlotterAndPositions()
    {
        const string Account = "TV-TRADER";
        var symbol = new Symbol("TVT");
        var q1 = new Quote(symbol, Open, Price.FromDecimal(185.00m), Quantity.FromDecimal(500), Price.FromDecimal(185.04m), Quantity.FromDecimal(500));
        var q2 = q1 with { Time = Open.AddNanos(5 * UnixNanos.NanosPerMillisecond), BidPrice = Price.FromDecimal(185.02m), AskPrice = Price.FromDecimal(185.06m) };
        var portfolio = fixture.Grains.GetGrain<IPortfolioGrain>(Account);
        var venue = fixture.Grains.GetGrain<IExecutionGrain>(IExecutionGrain.SimulatedVenue);
        await venue.OnQuotes(new QuoteBatch([q1]));
        await portfolio.Mark(new QuoteBatch([q1]), Open);
        var sent = await portfolio.NewOrder(new NewOrderCommand("tv-1", symbol, Side.Buy, Quantity.FromDecimal(100), OrderType.Market, null, null, TimeInForce.Day));
        Assert.Equal(OrderCommandStatus.Ok, sent.Status);
        await venue.OnQuotes(new QuoteBatch([q2]));
        await portfolio.SyncWithVenue();
        await portfolio.Mark(new QuoteBatch([q2]), Open.AddNanos(61 * UnixNanos.NanosPerSecond));
        var symbolGrain = fixture.Grains.GetGrain<ISymbolGrain>(symbol.Ticker);
        await symbolGrain.OnMarketData(new MarketBatch("dashboard-test", [MarketEvent.FromQuote(q1, 1), MarketEvent.FromQuote(q2, 2)]));

        var snapshot = await portfolio.GetSnapshot();
        var record = await portfolio.GetRecord();
        var status = await symbolGrain.GetStatus();
        Assert.Equal(1, snapshot.FillCount);
        var marketTime = Open.AddNanos(90 * UnixNanos.NanosPerSecond);
        var builder = new TradingViewBuilder(fixture.Grains, Account, () => marketTime.Value);

        var view = await builder.BuildAsync(7);

        Assert.Equal(7, view.Sequence);
        Assert.Equal(marketTime.ToDateTime(), view.MarketTime);
        var p = Assert.IsType<PortfolioView>(view.Portfolio);
        Assert.Equal(snapshot.Cash, p.Cash);
        Assert.Equal(snapshot.Equity, p.Equity);
        Assert.Equal(snapshot.Equity - snapshot.InitialCash, p.Pnl);
        Assert.Equal(snapshot.RealizedPnl + snapshot.UnrealizedPnl - snapshot.Fees, p.Pnl);
        Assert.True(p.Reconciled);
        var position = Assert.Single(p.Positions);
        Assert.Equal(("TVT", 100m, snapshot.Positions[0].Mark), (position.Symbol, position.Quantity, position.Mark));

        // The PnL curve is the equity curve less the initial cash, point for point (fewer points than the bound).
        Assert.Equal(2, record.EquityCurve.Length);
        Assert.Equal(record.EquityCurve.Select(e => (e.Time.ToDateTime(), e.Equity - snapshot.InitialCash)), view.PnlCurve.Select(c => (c.Time, c.Pnl)));

        var order = Assert.Single(view.Orders);
        Assert.Equal(("tv-1", "Filled", "manual", "Buy", 100m), (order.ClOrdId, order.OrdStatus, order.Origin, order.Side, order.CumQty));
        var fill = Assert.Single(view.Fills);
        Assert.Equal((record.Fills[0].LastPx.ToDecimal(), 100m, "tv-1"), (fill.LastPx, fill.LastQty, fill.ClOrdId));

        var tvt = view.Symbols.Single(s => s.Symbol == "TVT");
        Assert.Equal(status.Quotes, tvt.Quotes);
        Assert.Equal(2, tvt.Quotes);
        Assert.Equal(q2.MidDouble, tvt.LastMid);
        Assert.Equal(status.ModelVersion, tvt.ModelVersion);
        var point = Assert.Single(tvt.Series);
        Assert.Equal((marketTime.ToDateTime(), status.LastMid, (double?)status.FilteredMid), (point.Time, point.Mid, point.Filtered));
    }
}
