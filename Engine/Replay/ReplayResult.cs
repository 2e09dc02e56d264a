using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Engine.Replay;

/// <summary>Everything a replay produced.</summary>
/// <param name="Settings">What was replayed.</param>
/// <param name="Quality">Quarantine counts, failures and missing files.</param>
/// <param name="Symbols">Each symbol grain's counters.</param>
/// <param name="Counters">Signals per symbol.</param>
/// <param name="Portfolio">The account at the end.</param>
/// <param name="Record">Orders, fills and the equity curve.</param>
/// <param name="EventsDelivered">Market events delivered to the grid.</param>
/// <param name="Elapsed">Wall time of the replay.</param>
public sealed record ReplayResult(
    ReplaySettings Settings,
    DataQualityReport Quality,
    SymbolStatus[] Symbols,
    ReplayCounters Counters,
    PortfolioSnapshot Portfolio,
    PortfolioRecord Record,
    long EventsDelivered,
    TimeSpan Elapsed)
{
    /// <summary>Wall time per stage of the replay loop.</summary>
    public ReplayStageTimings Stages { get; init; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Market events an interrupted run of the same replay had processed before this run resumed it from the
    /// account's journal (0 for a run from the start). The account's orders, fills and equity curve cover the whole
    /// replay either way.</summary>
    public long ResumedAfterEvents { get; init; }

    /// <summary>Market time the interrupted run had reached, UTC; null for a run from the start.</summary>
    public UnixNanos? ResumedAtMarketTime { get; init; }

    /// <summary>Identifies this execution of the replay (a time-ordered GUID), so that its run record has an id of its
    /// own even when the same replay runs again.</summary>
    public string ExecutionId { get; init; } = Guid.CreateVersion7().ToString("N");

    /// <summary>Orders of one symbol.</summary>
    public int OrdersOf(Symbol symbol) => Record.Orders.Count(o => o.Order.Symbol == symbol);

    /// <summary>Fills of one symbol.</summary>
    public int FillsOf(Symbol symbol) => Record.Fills.Count(f => f.Symbol == symbol);

    /// <summary>Realised plus unrealised PnL minus fees of one symbol, USD.</summary>
    public decimal PnlOf(Symbol symbol) =>
        Portfolio.Positions.Where(p => p.Symbol == symbol).Sum(p => p.RealizedPnl + p.UnrealizedPnl - p.Fees);

    /// <summary>Fills of an order.</summary>
    public IEnumerable<Fill> FillsOf(ClOrdId order) => Record.Fills.Where(f => f.ClOrdId == order);

    /// <summary>The equity marks whose session date (<paramref name="calendar"/>) is in <paramref name="range"/>, and the
    /// equity before them: the last mark of an earlier session date, else the initial cash. Marks with a non-positive
    /// equity are left out (they cannot give a return).</summary>
    /// <param name="range">Session dates to keep.</param>
    /// <param name="calendar">The trading calendar of the session dates.</param>
    /// <returns>Times (UTC nanoseconds) and equity (USD) of the kept marks, shape (n), and the equity before them.</returns>
    public (long[] Times, double[] Equity, double EquityBefore) EquityCurveIn(DateRange range, TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var before = (double)Portfolio.InitialCash;
        var times = new List<long>();
        var equity = new List<double>();
        foreach (var point in Record.EquityCurve)
        {
            if (!(point.Equity > 0))
            {
                continue;
            }

            var day = calendar.SessionDate(point.Time.Value);
            if (day < range.From)
            {
                before = (double)point.Equity;
            }
            else if (day <= range.To)
            {
                times.Add(point.Time.Value);
                equity.Add((double)point.Equity);
            }
        }

        return (times.ToArray(), equity.ToArray(), before);
    }

    /// <summary>Σ |quantity × price| of the fills whose session date is in <paramref name="range"/>, USD.</summary>
    /// <param name="range">Session dates.</param>
    /// <param name="calendar">The trading calendar of the session dates.</param>
    /// <returns>The traded notional.</returns>
    public double TradedNotionalIn(DateRange range, TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Record.Fills
            .Where(f => range.Contains(calendar.SessionDate(f.Time.Value)))
            .Sum(f => Math.Abs(f.LastQty.ToDouble() * f.LastPx.ToDouble()));
    }
}

/// <summary>Where a replay's wall time went on the grid side (the grain stages run one after another per batch; the
/// symbol stage runs the symbols in parallel, so it is the slowest symbol's time per batch). The feed decodes the
/// next batch while the grains work, so only the time the grains waited for it counts here.</summary>
/// <param name="Feed">Time the grains waited for the feed (reading, decoding, NBBO building, batching not overlapped).</param>
/// <param name="Symbols">Symbol grains: wavelet/UKF filter, features, forecasts, regime and judge gates.</param>
/// <param name="Portfolio">Portfolio grain: sizing, pre-trade checks, sending orders.</param>
/// <param name="Venue">Execution grain: quotes, fills, and the fills' reports to the portfolio.</param>
/// <param name="Mark">Marking the portfolio to market.</param>
public sealed record ReplayStageTimings(TimeSpan Feed, TimeSpan Symbols, TimeSpan Portfolio, TimeSpan Venue, TimeSpan Mark);
