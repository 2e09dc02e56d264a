using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Trading.Portfolio;

/// <summary>
/// An account's trading book: turns forecasts into orders (fractional Kelly on a Gaussian forecast, or a policy
/// head's position times the risk budget, capped per symbol, net of working orders), runs every order through the <see cref="RiskEngine"/>, keeps the orders in the
/// <see cref="OrderManager"/>, applies execution reports to it and to the <see cref="PortfolioLedger"/>, and records
/// the equity curve. Deterministic: the same calls in the same order give the same orders, ids included. Not
/// thread-safe; the portfolio grain owns one.
/// </summary>
public sealed partial class PortfolioBook
{
    private readonly PortfolioBookOptions _options;
    private readonly KellySizer _sizer;
    private readonly ClOrdIdGenerator _ids;
    private readonly Dictionary<Symbol, Quote> _lastQuotes = [];
    private readonly List<EquityPoint> _equity = [];
    private readonly IPolicyServer? _policy;
    private readonly float[] _state = new float[PolicyState.Width];

    /// <summary>Creates an empty book for <paramref name="account"/>.</summary>
    /// <exception cref="ArgumentException">The account name or an option is invalid.</exception>
    public PortfolioBook(string account, PortfolioBookOptions? options = null)
    {
        _options = options ?? new PortfolioBookOptions();
        _options.Validate();
        Ledger = new PortfolioLedger(account, _options.InitialCash);
        _sizer = new KellySizer(_options.Sizing);
        _policy = _options.Policy?.CreateServer() ?? (_options.Policy is null ? null : throw new ArgumentException("PortfolioBookOptions.Policy.CreateServer returned null.", nameof(options)));
        Risk = new RiskEngine(_options.Risk);
        Oms = new OrderManager(account);
        _ids = new ClOrdIdGenerator(account);
    }

    /// <summary>Cash, positions and PnL.</summary>
    public PortfolioLedger Ledger { get; }

    /// <summary>The account's pre-trade risk engine (limits, state, rejection counters).</summary>
    public RiskEngine Risk { get; }

    /// <summary>The account's orders.</summary>
    public OrderManager Oms { get; }

    /// <summary>Every logged order in creation order.</summary>
    public IReadOnlyList<Order> Orders => Oms.Orders;

    /// <summary>Equity marks in time order.</summary>
    public IReadOnlyList<EquityPoint> EquityCurve => _equity;

    /// <summary>Orders the risk engine rejected.</summary>
    public int RiskRejections { get; private set; }

    /// <summary>Signed leaves quantity of working orders (buys − sells) in <paramref name="symbol"/>, units.</summary>
    public Quantity Working(Symbol symbol)
    {
        var (buy, sell) = Oms.Working(symbol);
        return buy - sell;
    }

    /// <summary>What the risk engine sees of the account for <paramref name="symbol"/>.</summary>
    public RiskExposure Exposure(Symbol symbol)
    {
        var (buy, sell) = Oms.Working(symbol);
        return new RiskExposure(Ledger.GetPosition(symbol).Quantity, buy, sell, Ledger.GrossMarketValue + Oms.WorkingNotional, Ledger.Equity);
    }

    /// <summary>
    /// Sizes a forecast into an order by fractional Kelly (the method <see cref="OnForecast(Quote, in SizingForecast)"/>
    /// uses when no policy is set), with no model version in the audit trail. See that overload.
    /// </summary>
    public (OrderRequest Order, PreTradeResult Check)? OnForecast(Quote nbbo, double expectedLogReturn, double noiseStandardDeviation)
        => OnForecast(nbbo, new SizingForecast(expectedLogReturn, noiseStandardDeviation, TimeSpan.Zero, double.NaN, double.NaN, string.Empty));

    /// <summary>
    /// Sizes a forecast into an order. Kelly (no <see cref="PortfolioBookOptions.Policy"/>): target position =
    /// fractional Kelly f = κ·μ/σ² of equity (capped), where μ is the expected log return and σ the noise over the same
    /// horizon (Kelly 1956; Thorp 2006). Policy: the state row <see cref="PolicyState.Write"/> of the forecast, the
    /// policy's serving position p ∈ [−1, 1], target = <see cref="PolicySizer.TargetPosition"/> (p × the per-symbol
    /// budget); a forecast the state function refuses (e.g. no trend) or a non-finite p gives no order and is counted
    /// in <see cref="PolicyRefusals"/>. Either way the order moves position + working orders to the target when the
    /// change is at least the minimum rebalance; it is a marketable limit at the far side of the NBBO, IOC, clipped to
    /// the per-order quantity and notional limits, and the risk engine has the last word. The order keeps its
    /// <see cref="SizingAudit"/> (method, p, the signal's model version).
    /// Returns null when no order is due; otherwise the order and the risk engine's verdict (a rejected order is
    /// logged as Rejected and not sent; an accepted one is logged as PendingNew).
    /// </summary>
    public (OrderRequest Order, PreTradeResult Check)? OnForecast(Quote nbbo, in SizingForecast forecast)
    {
        var noiseStandardDeviation = forecast.NoiseStandardDeviation;
        if (!nbbo.IsTwoSided || !(noiseStandardDeviation > 0))
        {
            return null;
        }

        var symbol = nbbo.Symbol;
        var mid = (nbbo.BidPrice.ToDecimal() + nbbo.AskPrice.ToDecimal()) / 2m;
        var current = Ledger.GetPosition(symbol).Quantity + Working(symbol);
        PositionChange change;
        var policyPosition = double.NaN;
        if (_policy is null)
        {
            change = _sizer.SizeGaussian(forecast.ExpectedLogReturn, noiseStandardDeviation * noiseStandardDeviation, Ledger.Equity, mid, current);
        }
        else
        {
            if (PolicyState.Refusal(forecast.ExpectedLogReturn, noiseStandardDeviation, forecast.Horizon, forecast.RealisedVolatility, forecast.Trend) is not null)
            {
                PolicyRefusals++;
                return null;
            }

            PolicyState.Write(forecast.ExpectedLogReturn, noiseStandardDeviation, forecast.Horizon, forecast.RealisedVolatility, forecast.Trend, _state);
            var p = _policy.Position(_state);
            if (!(p >= -1.0 && p <= 1.0))
            {
                PolicyRefusals++;
                return null;
            }

            change = KellySizer.Change(PolicySizer.TargetPosition(p, _options.Sizing, Ledger.Equity, mid), current);
            policyPosition = p;
        }

        var minimumUnits = _options.Sizing.MaxNotional * (decimal)_options.MinimumRebalanceFraction / mid;
        if (change.IsNoOp || change.OrderQuantity.ToDecimal() < Math.Max(1m, decimal.Floor(minimumUnits)))
        {
            return null;
        }

        var side = change.OrderSide;
        var price = side == Side.Buy ? nbbo.AskPrice : nbbo.BidPrice;

        // Clip to the per-order limits (the rest follows on later forecasts) instead of sending an order the
        // pre-trade checks would reject.
        var limits = _options.Risk.Order;
        var byNotional = Quantity.FromUnits((long)decimal.Floor(limits.MaxOrderNotional / price.ToDecimal()));
        var quantity = Quantity.Min(change.OrderQuantity, Quantity.Min(limits.MaxOrderQuantity, byNotional));
        var order = OrderRequest.Limit(_ids.Next(), Ledger.Account, symbol, side, quantity, price, nbbo.Time);
        _lastQuotes[symbol] = nbbo;
        var entry = Enter(order, "signal");
        entry.Order.Sizing = new SizingAudit(SizingMethod, policyPosition, forecast.ModelVersion ?? string.Empty);
        return (order, entry.Check);
    }

    /// <summary>Signals the policy did not size: the state function refused the forecast (a non-finite input, e.g. no
    /// trend) or the policy's position was not a number in [−1, 1]. Always 0 under Kelly.</summary>
    public long PolicyRefusals { get; private set; }

    /// <summary>The sizing method of signals: <c>kelly</c> or <c>policy@&lt;version&gt;</c>.</summary>
    public string SizingMethod => _options.Policy?.Method ?? SizingAudit.Kelly;

    /// <summary>Checks and logs an order from a person (the client console) against <paramref name="nbbo"/>; it is to
    /// be sent only when accepted.</summary>
    /// <exception cref="ArgumentException">The order's account is not this book's account.</exception>
    public PreTradeResult SubmitManual(OrderRequest order, Quote? nbbo)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (nbbo is { } q)
        {
            _lastQuotes[q.Symbol] = q;
        }

        return Enter(order, "manual").Check;
    }

    /// <summary>
    /// Enters a new order: a resend of an existing ClOrdID with the same content answers with that order (nothing
    /// created); the same ClOrdID with other content is rejected as a duplicate (FIX OrdRejReason 6); otherwise the
    /// risk engine checks it against the last marked NBBO and it is logged as PendingNew (to be sent) or Rejected.
    /// </summary>
    /// <exception cref="ArgumentException">The order's account is not this book's account.</exception>
    public OrderEntry Enter(OrderRequest order, string origin)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Account != Ledger.Account)
        {
            throw new ArgumentException($"Order account '{order.Account}' is not this book's account '{Ledger.Account}'.", nameof(order));
        }

        switch (Oms.Classify(order, out var existing))
        {
            case ClOrdIdUse.Resend:
                return new OrderEntry(existing!, null, false, ClOrdIdUse.Resend, PreTradeResult.Accepted);
            case ClOrdIdUse.Duplicate:
                var (duplicate, duplicateReport) = Oms.RejectDuplicate(order, origin);
                return new OrderEntry(duplicate, duplicateReport, false, ClOrdIdUse.Duplicate, PreTradeResult.Accepted);
        }

        var nbbo = LastQuote(order.Symbol);
        var check = Risk.Check(order, nbbo, Exposure(order.Symbol));
        if (check.IsAccepted)
        {
            var far = nbbo is { } q ? (order.Side == Side.Buy ? q.AskPrice : q.BidPrice).ToDecimal() : 0m;
            var (accepted, pending) = Oms.Accept(order, origin, OrderManager.ReferencePrice(order, far));
            return new OrderEntry(accepted, pending, true, ClOrdIdUse.Fresh, check);
        }

        RiskRejections++;
        var (rejected, report) = Oms.RejectNew(order, origin, check.Reason.ToOrdRejReason(), check.Reason, check.Text);
        return new OrderEntry(rejected, report, false, ClOrdIdUse.Fresh, check);
    }

    /// <summary>
    /// Prepares a cancel/replace of the working order <paramref name="origClOrdId"/>: the replacement keeps symbol,
    /// side, type and time in force; quantity and prices default to the original's. The replacement is checked by the
    /// risk engine as a new order, with the original's working quantity taken out of the exposure.
    /// </summary>
    /// <returns>The outcome; when <see cref="ReplaceOutcome.Ready"/>, send <see cref="ReplaceEntry.Replacement"/> to the
    /// venue (it is registered with <see cref="OrderManager.BeginReplace"/>).</returns>
    public ReplaceEntry PrepareReplace(ClOrdId origClOrdId, ClOrdId newClOrdId, Quantity? quantity, Price? limitPrice, Price? stopPrice, UnixNanos time)
    {
        if (Oms.Find(origClOrdId) is not { } order)
        {
            return new ReplaceEntry(ReplaceOutcome.NotFound, null, null, null, $"No order {origClOrdId} in account {Ledger.Account}.");
        }

        if (order.Status is not (OrdStatus.New or OrdStatus.PartiallyFilled))
        {
            return new ReplaceEntry(ReplaceOutcome.Conflict, order, null, null, $"Order {origClOrdId} is {order.Status}; only a New or PartiallyFilled order can be replaced (CxlRejReason {(order.IsTerminal ? "0, too late to cancel" : "3, already pending")}).");
        }

        if (!Oms.IsFresh(newClOrdId))
        {
            return new ReplaceEntry(ReplaceOutcome.Invalid, order, null, null, $"clOrdId {newClOrdId} is already used by {Ledger.Account} (CxlRejReason 6, duplicate ClOrdID).");
        }

        var r = order.Request;
        var qty = quantity ?? r.Quantity;
        if (qty <= order.CumQty)
        {
            return new ReplaceEntry(ReplaceOutcome.Invalid, order, null, null, $"quantity {qty} must be above the filled quantity {order.CumQty} of {origClOrdId}.");
        }

        OrderRequest replacement;
        try
        {
            replacement = r.Replace(newClOrdId, qty, limitPrice ?? r.LimitPrice, stopPrice ?? r.StopPrice, time);
        }
        catch (ArgumentException e)
        {
            return new ReplaceEntry(ReplaceOutcome.Invalid, order, null, null, e.Message);
        }

        var exposure = Exposure(r.Symbol);
        var oldLeaves = order.LeavesQty;
        exposure = r.Side == Side.Buy ? exposure with { WorkingBuy = exposure.WorkingBuy - oldLeaves } : exposure with { WorkingSell = exposure.WorkingSell - oldLeaves };
        exposure = exposure with { GrossExposure = exposure.GrossExposure - (oldLeaves.ToDecimal() * order.ReferencePrice) };
        var remaining = r.Replace(newClOrdId, qty - order.CumQty, replacement.LimitPrice, replacement.StopPrice, time);
        var check = Risk.Check(remaining, LastQuote(r.Symbol), exposure);
        if (!check.IsAccepted)
        {
            RiskRejections++;
            var (rejected, report) = Oms.RejectDuplicate(replacement, order.Origin);
            var reason = check.Reason.ToOrdRejReason();
            report = report with { RejectReason = reason, RiskReason = check.Reason, Text = check.Text, OrigClOrdId = origClOrdId, OrderId = order.OrderId };
            return new ReplaceEntry(ReplaceOutcome.RiskRejected, rejected, replacement, report, check.Text);
        }

        Oms.BeginReplace(replacement);
        return new ReplaceEntry(ReplaceOutcome.Ready, order, replacement, null, string.Empty);
    }

    /// <summary>The next ClOrdID of this account.</summary>
    public ClOrdId NextClOrdId() => _ids.Next();

    /// <summary>Applies an execution report: updates the order and books a fill in the ledger.</summary>
    /// <returns>The report stamped by the order manager; null when it is for an unknown order or repeats a fill
    /// already booked (nothing changes).</returns>
    /// <exception cref="InvalidOrderTransitionException">The report asks for an illegal OrdStatus transition.</exception>
    public ExecutionReport? Apply(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Fill is { } fill && Ledger.HasApplied(fill.FillId))
        {
            return null;
        }

        var stamped = Oms.Apply(report);
        if (stamped?.Fill is { } booked)
        {
            Ledger.Apply(booked);
        }

        return stamped;
    }

    /// <summary>Marks positions to the NBBO mid; keeps the quote for the risk checks of later orders.</summary>
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

    /// <summary>Appends a recovered point of the equity curve (from the journal) when it is after the last one.</summary>
    /// <param name="point">The point as it was recorded.</param>
    public void RestoreEquity(EquityPoint point)
    {
        if (_equity.Count == 0 || _equity[^1].Time < point.Time)
        {
            _equity.Add(point);
        }
    }
}

/// <summary>The outcome of <see cref="PortfolioBook.Enter"/>.</summary>
/// <param name="Order">The order now (for a resend: the existing order; for a duplicate: the rejected, unlogged order).</param>
/// <param name="Report">The report to publish (PendingNew or Rejected); null for a resend.</param>
/// <param name="Send">True when the order passed the checks and must be sent to the venue.</param>
/// <param name="ClOrdIdUse">Whether the ClOrdID was fresh, a resend or a duplicate.</param>
/// <param name="Check">The risk engine's verdict (accepted for a resend or a duplicate, which it did not see).</param>
public readonly record struct OrderEntry(Order Order, ExecutionReport? Report, bool Send, ClOrdIdUse ClOrdIdUse, PreTradeResult Check);

/// <summary>What <see cref="PortfolioBook.PrepareReplace"/> decided.</summary>
public enum ReplaceOutcome
{
    /// <summary>Send the replacement to the venue.</summary>
    Ready,

    /// <summary>No order with that ClOrdID.</summary>
    NotFound,

    /// <summary>The order's state does not allow it (terminal: too late; pending: already pending).</summary>
    Conflict,

    /// <summary>The request is invalid (quantity not above the filled quantity, prices not matching the type, ClOrdID taken).</summary>
    Invalid,

    /// <summary>The risk engine rejected the replacement; the original order is unchanged.</summary>
    RiskRejected,
}

/// <summary>The result of <see cref="PortfolioBook.PrepareReplace"/>.</summary>
/// <param name="Outcome">What was decided.</param>
/// <param name="Order">The original order (for <see cref="ReplaceOutcome.RiskRejected"/>: the rejected replacement, not logged); null when not found.</param>
/// <param name="Replacement">The replacement request; null unless ready or risk-rejected.</param>
/// <param name="Report">The rejection report for <see cref="ReplaceOutcome.RiskRejected"/>; null otherwise.</param>
/// <param name="Problem">Why it is not ready; empty when ready.</param>
public sealed record ReplaceEntry(ReplaceOutcome Outcome, Order? Order, OrderRequest? Replacement, ExecutionReport? Report, string Problem);
