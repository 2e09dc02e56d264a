using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// Builds the trading panels with cheap read-only grain calls (each a short turn that copies the grain's counters):
/// <c>ISymbolGrain.GetStatus</c>/<c>GetRecentCandidates</c> and <c>IRegimeGrain.GetStatus</c> for every active symbol
/// grain, <c>IPortfolioGrain.GetSnapshot</c>/<c>GetRecord</c> for the account. Only grains that are already active are
/// asked: their ids come from <c>IManagementGrain.GetActiveGrains</c> (every silo, for the Orleans grain types
/// <see cref="SymbolGrainType"/>, <see cref="RegimeGrainType"/>, <see cref="PortfolioGrainType"/>), so the dashboard
/// does not activate a grain (one deactivated between that list and its call is activated again by the call). Keeps a
/// bounded chart series per symbol. Not thread-safe: <see cref="DashboardSampler"/> calls it under its lock.
/// </summary>
internal sealed class TradingViewBuilder
{
    /// <summary>Orleans's default grain type name of <c>SymbolGrain</c> (the class name less <c>Grain</c>, lower case).</summary>
    public const string SymbolGrainType = "symbol";

    /// <summary>Orleans's default grain type name of <c>RegimeGrain</c>.</summary>
    public const string RegimeGrainType = "regime";

    /// <summary>Orleans's default grain type name of <c>PortfolioGrain</c>.</summary>
    public const string PortfolioGrainType = "portfolio";

    private readonly IGrainFactory _grains;
    private readonly string _account;
    private readonly Func<long?> _marketTime;
    private readonly Dictionary<string, DownsampledSeries<SeriesPoint>> _series = new(StringComparer.Ordinal);

    /// <summary>Creates the builder.</summary>
    /// <param name="grains">The silo's grain factory.</param>
    /// <param name="account">The account to show.</param>
    /// <param name="marketTime">The replay's market time (UTC nanoseconds), null when no replay runs.</param>
    public TradingViewBuilder(IGrainFactory grains, string account, Func<long?> marketTime)
    {
        _grains = grains;
        _account = account;
        _marketTime = marketTime;
    }

    /// <summary>Asks the active grains and returns the view; appends one point to each symbol's series.</summary>
    public async Task<TradingView> BuildAsync(long sequence)
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var activeSymbols = management.GetActiveGrains(GrainType.Create(SymbolGrainType)).AsTask();
        var activeRegimes = management.GetActiveGrains(GrainType.Create(RegimeGrainType)).AsTask();
        var activeAccounts = management.GetActiveGrains(GrainType.Create(PortfolioGrainType)).AsTask();
        var symbols = Keys(await activeSymbols.ConfigureAwait(false)).Order(StringComparer.Ordinal).ToArray();
        var regimes = Keys(await activeRegimes.ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var accountActive = Keys(await activeAccounts.ConfigureAwait(false)).Contains(_account, StringComparer.Ordinal);
        var marketNanos = _marketTime();
        DateTime? marketTime = marketNanos is > 0 ? new UnixNanos(marketNanos.Value).ToDateTime() : null;
        var sampleTime = marketTime ?? DateTime.UtcNow;

        // The symbols' reads run concurrently (each grain serves its own turn); the series are updated in ticker order.
        var reads = symbols.Select(s => ReadSymbolAsync(s, regimes.Contains(s))).ToArray();
        var views = new SymbolView[symbols.Length];
        for (var i = 0; i < symbols.Length; i++)
        {
            var (status, candidates, regime) = await reads[i].ConfigureAwait(false);
            views[i] = Symbol(status, candidates, regime, sampleTime);
        }

        PortfolioView? portfolio = null;
        CurvePoint[] curve = [];
        OrderView[] orders = [];
        FillView[] fills = [];
        if (accountActive)
        {
            var account = _grains.GetGrain<IPortfolioGrain>(_account);
            var snapshot = await account.GetSnapshot().ConfigureAwait(false);
            var record = await account.GetRecord().ConfigureAwait(false);
            portfolio = Portfolio(snapshot);
            curve = Curve(record.EquityCurve, snapshot.InitialCash, DashboardSampler.CurveCapacity);
            orders = record.Orders.TakeLast(DashboardSampler.BlotterRows).Reverse().Select(Order).ToArray();
            fills = record.Fills.TakeLast(DashboardSampler.BlotterRows).Reverse().Select(Fill).ToArray();
        }

        JudgeView? judge = null;
        if (symbols.Length > 0)
        {
            // The judge is loaded once per silo, the same for every symbol: ask the first symbol's.
            var j = await _grains.GetGrain<IJudgeGrain>(symbols[0]).GetStatus().ConfigureAwait(false);
            judge = new JudgeView(j.Profile, j.Rule, j.Version, Finite(j.Threshold), Finite(j.OutOfFoldAuc), [.. j.Importance.Select(static i => new ImportanceView(i.Feature, i.Share))]);
        }

        return new TradingView(sequence, DateTime.UtcNow, marketTime, _account, portfolio, curve, views, orders, fills, judge);
    }

    /// <summary>The string keys of grain ids (the grid's symbol, regime and account grains are string-keyed), distinct.</summary>
    internal static IEnumerable<string> Keys(IEnumerable<GrainId> ids) => ids.Select(static id => id.Key.ToString()!).Distinct(StringComparer.Ordinal);

    /// <summary>At most <paramref name="capacity"/> points of the PnL curve, evenly spaced by index, first and last kept.</summary>
    internal static CurvePoint[] Curve(IReadOnlyList<EquityPoint> equity, decimal initialCash, int capacity)
    {
        if (equity.Count == 0)
        {
            return [];
        }

        var count = Math.Min(equity.Count, capacity);
        var points = new CurvePoint[count];
        for (var i = 0; i < count; i++)
        {
            var index = count == 1 ? equity.Count - 1 : (int)((long)i * (equity.Count - 1) / (count - 1));
            var p = equity[index];
            points[i] = new CurvePoint(p.Time.ToDateTime(), p.Equity, p.Equity - initialCash);
        }

        return points;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static PortfolioView Portfolio(PortfolioSnapshot s) => new(
        s.InitialCash,
        s.Cash,
        s.Equity,
        s.Equity - s.InitialCash,
        s.RealizedPnl,
        s.UnrealizedPnl,
        s.Fees,
        s.OrderCount,
        s.FillCount,
        s.RiskRejections,
        s.Reconciled,
        s.Positions.Select(static p => new PositionView(p.Symbol.Ticker, p.Quantity.ToDecimal(), p.AverageCost, p.Mark, p.UnrealizedPnl, p.RealizedPnl, p.Fees)).ToArray());

    private static OrderView Order(OrderRecord o) => new(
        o.Order.ClOrdId.ToString(),
        o.Order.SentTime.ToDateTime(),
        o.Order.Symbol.Ticker,
        o.Order.Side.ToString(),
        o.Order.Type.ToString(),
        o.Order.Quantity.ToDecimal(),
        o.Order.LimitPrice?.ToDecimal(),
        o.Status.ToString(),
        o.CumQty.ToDecimal(),
        o.AveragePrice,
        o.Origin,
        o.Text);

    private static FillView Fill(Trading.Orders.Fill f) => new(
        f.FillId, f.ClOrdId.ToString(), f.Time.ToDateTime(), f.Symbol.Ticker, f.Side.ToString(), f.LastQty.ToDecimal(), f.LastPx.ToDecimal(), f.Fee);

    private async Task<(SymbolStatus Status, CandidateVerdict[] Candidates, RegimeStatus? Regime)> ReadSymbolAsync(string ticker, bool regimeActive)
    {
        var grain = _grains.GetGrain<ISymbolGrain>(ticker);
        var status = grain.GetStatus();
        var candidates = grain.GetRecentCandidates();
        var regime = regimeActive ? await _grains.GetGrain<IRegimeGrain>(ticker).GetStatus().ConfigureAwait(false) : null;
        return (await status.ConfigureAwait(false), await candidates.ConfigureAwait(false), regime);
    }

    private SymbolView Symbol(SymbolStatus status, CandidateVerdict[] candidates, RegimeStatus? regime, DateTime sampleTime)
    {
        var ticker = status.Symbol.Ticker;
        if (!_series.TryGetValue(ticker, out var series))
        {
            series = new DownsampledSeries<SeriesPoint>(DashboardSampler.CurveCapacity);
            _series.Add(ticker, series);
        }

        if (double.IsFinite(status.LastMid) && (series.Last is not { } last || sampleTime > last.Time))
        {
            series.Add(new SeriesPoint(sampleTime, status.LastMid, Finite(status.FilteredMid)));
        }

        var judged = status.Candidates - status.RegimeBlocked;
        return new SymbolView(
            ticker,
            status.Quotes,
            status.Trades,
            status.Candidates,
            status.RegimeBlocked,
            status.JudgeBlocked,
            status.Signals,
            judged > 0 ? status.Signals / (double)judged : null,
            Finite(status.LastMid),
            Finite(status.FilteredMid),
            status.ModelDescription,
            regime is null ? null : new RegimeView(
                regime.Gate,
                regime.FittedDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                regime.Evaluations,
                regime.Passed,
                regime.LastTime?.ToDateTime(),
                Finite(regime.LastValue),
                regime.LastPassed,
                regime.LastReason),
            series.ToArray(),
            candidates.Select(static c => new SignalMark(
                c.Time.ToDateTime(), c.Mid, c.ExpectedLogReturn, c.JudgePassed ? "signal" : c.RegimePassed ? "judge-blocked" : "regime-blocked")).ToArray());
    }
}
