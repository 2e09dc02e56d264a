using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Trading.Portfolio;

/// <summary>
/// An account's trading book: turns forecasts into orders (fractional Kelly on a Gaussian forecast, capped per
/// symbol, net of working orders), runs the pre-trade checks, keeps the order log, applies execution reports to the
/// <see cref="PortfolioLedger"/>, and records the equity curve. Deterministic: the same calls in the same order give
/// the same orders, ids included. Not thread-safe; the portfolio grain owns one.
/// </summary>
public sealed class PortfolioBook
{
    private readonly PortfolioBookOptions _options;
    private readonly KellySizer _sizer;
    private readonly PreTradeChecks _checks;
    private readonly ClOrdIdGenerator _ids;
    private readonly Dictionary<ClOrdId, int> _orderIndex = [];
    private readonly List<OrderRecord> _orders = [];
    private readonly Dictionary<Symbol, long> _workingRaw = [];
    private readonly Dictionary<Symbol, Quote> _lastQuotes = [];
    private readonly List<EquityPoint> _equity = [];

    /// <summary>Creates an empty book for <paramref name="account"/>.</summary>
    /// <exception cref="ArgumentException">The account name or an option is invalid.</exception>
    public PortfolioBook(string account, PortfolioBookOptions? options = null)
    {
        _options = options ?? new PortfolioBookOptions();
        _options.Validate();
        Ledger = new PortfolioLedger(account, _options.InitialCash);
        _sizer = new KellySizer(_options.Sizing);
        _checks = new PreTradeChecks(_options.Limits);
        _ids = new ClOrdIdGenerator(account);
    }

    /// <summary>Cash, positions and PnL.</summary>
    public PortfolioLedger Ledger { get; }

    /// <summary>Every order in the order it was created.</summary>
    public IReadOnlyList<OrderRecord> Orders => _orders;

    /// <summary>Equity marks in time order.</summary>
    public IReadOnlyList<EquityPoint> EquityCurve => _equity;

    /// <summary>Orders the pre-trade checks rejected.</summary>
    public int RiskRejections { get; private set; }

    /// <summary>Signed quantity of orders sent and not yet terminal, for <paramref name="symbol"/>.</summary>
    public Quantity Working(Symbol symbol) => new(_workingRaw.GetValueOrDefault(symbol));

    /// <summary>
    /// Sizes a forecast into an order. Target position = fractional Kelly f = κ·μ/σ² of equity (capped), where μ is
    /// the expected log return and σ the noise over the same horizon (Kelly 1956; Thorp 2006); the order moves
    /// position + working orders to the target when the change is at least the minimum rebalance. The order is a
    /// marketable limit at the far side of the NBBO, IOC, clipped to the per-order quantity and notional limits.
    /// Returns null when no order is due; otherwise the order and
    /// whether it passed the pre-trade checks (a rejected order is logged as Rejected and not sent).
    /// </summary>
    public (OrderRequest Order, PreTradeResult Check)? OnForecast(Quote nbbo, double expectedLogReturn, double noiseStandardDeviation)
    {
        if (!nbbo.IsTwoSided || !(noiseStandardDeviation > 0))
        {
            return null;
        }

        var symbol = nbbo.Symbol;
        var mid = (nbbo.BidPrice.ToDecimal() + nbbo.AskPrice.ToDecimal()) / 2m;
        var current = Ledger.GetPosition(symbol).Quantity + Working(symbol);
        var change = _sizer.SizeGaussian(expectedLogReturn, noiseStandardDeviation * noiseStandardDeviation, Ledger.Equity, mid, current);
        var minimumUnits = _options.Sizing.MaxNotional * (decimal)_options.MinimumRebalanceFraction / mid;
        if (change.IsNoOp || change.OrderQuantity.ToDecimal() < Math.Max(1m, decimal.Floor(minimumUnits)))
        {
            return null;
        }

        var side = change.OrderSide;
        var price = side == Side.Buy ? nbbo.AskPrice : nbbo.BidPrice;

        // Clip to the per-order limits (the rest follows on later forecasts) instead of sending an order the
        // pre-trade checks would reject.
        var byNotional = Quantity.FromUnits((long)decimal.Floor(_options.Limits.MaxOrderNotional / price.ToDecimal()));
        var quantity = Quantity.Min(change.OrderQuantity, Quantity.Min(_options.Limits.MaxOrderQuantity, byNotional));
        var order = OrderRequest.Limit(_ids.Next(), Ledger.Account, symbol, side, quantity, price, nbbo.Time);
        return (order, Record(order, nbbo, "signal"));
    }

    /// <summary>Checks and logs an order from a person (the client console); it is sent only when accepted.</summary>
    /// <exception cref="ArgumentException">The order's account is not this book's account.</exception>
    public PreTradeResult SubmitManual(OrderRequest order, Quote? nbbo)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Account != Ledger.Account)
        {
            throw new ArgumentException($"Order account '{order.Account}' is not this book's account '{Ledger.Account}'.", nameof(order));
        }

        return Record(order, nbbo, "manual");
    }

    /// <summary>
    /// Puts an order back into the log as it was first recorded (recovery from the journal): no pre-trade check runs
    /// again — the journaled outcome stands — and the ClOrdID sequence resumes after the order's id. Execution reports
    /// that followed are replayed with <see cref="Apply"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The order's account is not this book's, or its ClOrdID is already in the log.</exception>
    public void Restore(OrderRequest order, string origin, bool accepted, string text)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Account != Ledger.Account)
        {
            throw new ArgumentException($"Order account '{order.Account}' is not this book's account '{Ledger.Account}'.", nameof(order));
        }

        if (!_orderIndex.TryAdd(order.ClOrdId, _orders.Count))
        {
            throw new ArgumentException($"Order {order.ClOrdId} is already in the log; a journal holds each order once.", nameof(order));
        }

        _ids.Observe(order.ClOrdId);
        if (accepted)
        {
            _orders.Add(new OrderRecord(order, OrdStatus.New, Quantity.Zero, 0m, string.Empty, origin));
            _workingRaw[order.Symbol] = _workingRaw.GetValueOrDefault(order.Symbol) + (order.Quantity.Raw * order.Side.Sign());
        }
        else
        {
            RiskRejections++;
            _orders.Add(new OrderRecord(order, OrdStatus.Rejected, Quantity.Zero, 0m, text, origin));
        }
    }

    /// <summary>The sequence of the last ClOrdID this book generated or restored.</summary>
    public long LastClOrdIdSequence => _ids.LastSequence;

    /// <summary>The next ClOrdID of this account.</summary>
    public ClOrdId NextClOrdId() => _ids.Next();

    /// <summary>Applies an execution report: updates the order log and working quantity, and books a fill.</summary>
    /// <returns>False when the report is for an unknown order or repeats an applied fill.</returns>
    public bool Apply(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!_orderIndex.TryGetValue(report.ClOrdId, out var index))
        {
            return false;
        }

        if (report.Fill is { } fill && Ledger.Apply(fill) == FillOutcome.Duplicate)
        {
            return false;
        }

        var previous = _orders[index];
        var average = previous.AveragePrice;
        if (report.Fill is { } f)
        {
            var filledBefore = previous.CumQty.ToDecimal();
            average = ((average * filledBefore) + (f.LastPx.ToDecimal() * f.LastQty.ToDecimal())) / (filledBefore + f.LastQty.ToDecimal());
            _workingRaw[report.Symbol] = _workingRaw.GetValueOrDefault(report.Symbol) - (f.LastQty.Raw * report.Side.Sign());
        }

        var record = previous with { Status = report.OrdStatus, CumQty = report.CumQty, AveragePrice = average, Text = report.Text ?? string.Empty };
        _orders[index] = record;
        if (record.IsTerminal && !previous.IsTerminal)
        {
            var leaves = previous.Order.Quantity.Raw - record.CumQty.Raw;
            _workingRaw[report.Symbol] = _workingRaw.GetValueOrDefault(report.Symbol) - (leaves * report.Side.Sign());
        }

        return true;
    }

    /// <summary>Marks positions to the NBBO mid; keeps the quote for manual orders' checks.</summary>
    public void Mark(Quote quote)
    {
        _lastQuotes[quote.Symbol] = quote;
        Ledger.Mark(quote);
    }

    /// <summary>The last quote marked for <paramref name="symbol"/>, if any.</summary>
    public Quote? LastQuote(Symbol symbol) => _lastQuotes.TryGetValue(symbol, out var q) ? q : null;

    /// <summary>Appends the current equity to the curve at <paramref name="time"/> (ignored if not after the last point).</summary>
    public void RecordEquity(UnixNanos time)
    {
        if (_equity.Count == 0 || _equity[^1].Time < time)
        {
            _equity.Add(new EquityPoint(time, Ledger.Equity));
        }
    }

    private PreTradeResult Record(OrderRequest order, Quote? nbbo, string origin)
    {
        var check = _checks.Check(order, nbbo);
        _orderIndex.Add(order.ClOrdId, _orders.Count);
        if (check.IsAccepted)
        {
            _orders.Add(new OrderRecord(order, OrdStatus.New, Quantity.Zero, 0m, string.Empty, origin));
            _workingRaw[order.Symbol] = _workingRaw.GetValueOrDefault(order.Symbol) + (order.Quantity.Raw * order.Side.Sign());
        }
        else
        {
            RiskRejections++;
            _orders.Add(new OrderRecord(order, OrdStatus.Rejected, Quantity.Zero, 0m, check.Text ?? check.Reason.ToString(), origin));
        }

        return check;
    }
}
