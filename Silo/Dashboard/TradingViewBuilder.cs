using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Silo.Dashboard;

/// <summary>
/// Builds the trading panels with cheap read-only grain calls (each a short turn that copies the grain's counters):
/// <c>ISymbolGrain.GetStatus</c>/<c>GetRecentCandidates</c> and <c>IRegimeGrain.GetStatus</c> for every active symbol
/// grain, <c>IPortfolioGrain.GetSnapshot</c>/<c>GetRecord</c> for the account. Only grains that are already active are
/// asked, so the dashboard never activates a grain. Keeps a bounded chart series per symbol. Not thread-safe:
/// <see cref="DashboardSampler"/> calls it under its lock.
/// </summary>
internal sealed class TradingViewBuilder
{
    private readonly GrainRuntime _runtime;
    private readonly string _account;
    private readonly Func<long?> _marketTime;
    private readonly Dictionary<string, DownsampledSeries<SeriesPoint>> _series = new(StringComparer.Ordinal);

    /// <summary>Creates the builder.</summary>
    /// <param name="runtime">The silo's runtime.</param>
    /// <param name="account">The account to show.</param>
    /// <param name="marketTime">The replay's market time (UTC nanoseconds), null when no replay runs.</param>
    public TradingViewBuilder(GrainRuntime runtime, string account, Func<long?> marketTime)
    {
        _runtime = runtime;
        _account = account;
        _marketTime = marketTime;
    }

    /// <summary>Asks the grains and returns the view; appends one point to each symbol's series.</summary>
    public async Task<TradingView> BuildAsync(long sequence)
    {
        var active = _runtime.GetActivations();
        var symbols = active.Where(static g => g.Type == "SymbolGrain").Select(static g => g.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var regimes = active.Where(static g => g.Type == "RegimeGrain").Select(static g => g.Key).ToHashSet(StringComparer.Ordinal);
        var accountActive = active.Any(g => g.Type == "PortfolioGrain" && g.Key == _account);
        var marketNanos = _marketTime();
        DateTime? marketTime = marketNanos is > 0 ? new UnixNanos(marketNanos.Value).ToDateTime() : null;
        var sampleTime = marketTime ?? DateTime.UtcNow;

        var views = new SymbolView[symbols.Length];
        for (var i = 0; i < symbols.Length; i++)
        {
            var grain = _runtime.GetGrain<ISymbolGrain>(symbols[i]);
            var status = await grain.GetStatus();
            var candidates = await grain.GetRecentCandidates();
            var regime = regimes.Contains(symbols[i]) ? await _runtime.GetGrain<IRegimeGrain>(symbols[i]).GetStatus() : null;
            views[i] = Symbol(status, candidates, regime, sampleTime);
        }

        PortfolioView? portfolio = null;
        CurvePoint[] curve = [];
        OrderView[] orders = [];
        FillView[] fills = [];
        if (accountActive)
        {
            var account = _runtime.GetGrain<IPortfolioGrain>(_account);
            var snapshot = await account.GetSnapshot();
            var record = await account.GetRecord();
            portfolio = Portfolio(snapshot);
            curve = Curve(record.EquityCurve, snapshot.InitialCash, DashboardSampler.CurveCapacity);
            orders = record.Orders.TakeLast(DashboardSampler.BlotterRows).Reverse().Select(Order).ToArray();
            fills = record.Fills.TakeLast(DashboardSampler.BlotterRows).Reverse().Select(Fill).ToArray();
        }

        return new TradingView(sequence, DateTime.UtcNow, marketTime, _account, portfolio, curve, views, orders, fills);
    }

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
            status.ModelVersion,
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

/// <summary>
/// A series bounded to <c>capacity</c> points that covers its whole history: every offered point is kept until the
/// buffer is full; then every other point is dropped and only every second offered point is kept from then on (the
/// stride doubles each time it fills), so the points stay evenly spaced in offers. The newest point is always
/// available as <see cref="Last"/>.
/// </summary>
/// <typeparam name="T">Point type.</typeparam>
internal sealed class DownsampledSeries<T>
    where T : class
{
    private readonly List<T> _points;
    private readonly int _capacity;
    private long _stride = 1;
    private long _offered;

    /// <summary>Creates an empty series.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 2.</exception>
    public DownsampledSeries(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _capacity = capacity;
        _points = new List<T>(capacity);
    }

    /// <summary>The most recently offered point (kept or not); null before the first.</summary>
    public T? Last { get; private set; }

    /// <summary>Points offered so far.</summary>
    public long Offered => _offered;

    /// <summary>Offers a point; it is kept when its offer index is a multiple of the current stride.</summary>
    public void Add(T point)
    {
        Last = point;
        if (_offered++ % _stride != 0)
        {
            return;
        }

        if (_points.Count == _capacity)
        {
            for (var i = 0; i < _capacity / 2; i++)
            {
                _points[i] = _points[2 * i];
            }

            _points.RemoveRange(_capacity / 2, _capacity - (_capacity / 2));
            _stride *= 2;
            if ((_offered - 1) % _stride != 0)
            {
                return;
            }
        }

        _points.Add(point);
    }

    /// <summary>The kept points, oldest first, followed by <see cref="Last"/> when it was not kept.</summary>
    public T[] ToArray()
    {
        if (Last is null || (_points.Count > 0 && ReferenceEquals(_points[^1], Last)))
        {
            return [.. _points];
        }

        return [.. _points, Last];
    }
}
