using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Venue;

/// <summary>
/// A deterministic simulated venue that matches orders against the NBBO stream it is fed.
/// <list type="bullet">
/// <item>Latency: an order sent at t arrives at <c>t + LatencyNanos</c> and is matched against the NBBO prevailing at
/// arrival, the last quote with time ≤ arrival. When no quote at or after the arrival has been seen yet the order
/// waits; it is matched when the first quote with time ≥ arrival comes in (against that quote if its time equals the
/// arrival, otherwise against the quote before it).</item>
/// <item>Matching: a market order, or a limit at or through the far side, fills at the far side (buy at the ask, sell
/// at the bid) up to the displayed size; the remainder is cancelled. The venue does not rest orders: a non-marketable
/// limit is cancelled with the reason in the text, whatever its time in force.</item>
/// <item>Reports per order: <see cref="ExecType.New"/> at arrival, then a <see cref="ExecType.Trade"/> carrying the
/// <see cref="Fill"/> (with the time of the quote that priced it) and/or a <see cref="ExecType.Canceled"/>; or a
/// single <see cref="ExecType.Rejected"/> (duplicate ClOrdID, non-positive quantity or limit price, or an arrival
/// earlier than the last quote already seen for the symbol).</item>
/// <item>Quotes must come in time order per symbol; an earlier quote is ignored and counted in
/// <see cref="IgnoredQuoteCount"/>.</item>
/// </list>
/// Execution ids are <c>{Name}-{sequence:D10}</c>, so the same quotes and orders in the same order give identical
/// reports. Not thread-safe (one venue per execution grain).
/// </summary>
public sealed class SimulatedVenue
{
    private readonly Dictionary<Symbol, Quote> _lastQuotes = [];
    private readonly Dictionary<Symbol, List<PendingOrder>> _pending = [];
    private readonly HashSet<ClOrdId> _clOrdIds = [];
    private long _execSequence;
    private int _pendingCount;

    /// <summary>Creates a venue with no quotes and no orders.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public SimulatedVenue(VenueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The venue's settings.</summary>
    public VenueOptions Options { get; }

    /// <summary>Orders that have been submitted and wait for a quote at or after their arrival time.</summary>
    public int PendingCount => _pendingCount;

    /// <summary>Quotes ignored because they were earlier than the last quote of their symbol.</summary>
    public long IgnoredQuoteCount { get; private set; }

    /// <summary>Sequence of the last execution id issued (0 before the first).</summary>
    public long LastExecSequence => _execSequence;

    /// <summary>
    /// Resumes execution ids after a restart: when <paramref name="execId"/> is one of this venue's ids
    /// (<c>{Name}-{sequence}</c>) with a sequence above the last issued, later ids continue after it, so no id issued
    /// before the restart (and booked by an account's journal) is ever issued again. Other ids change nothing.
    /// </summary>
    /// <returns>True when the sequence moved.</returns>
    public bool ResumeAfter(string execId)
    {
        ArgumentNullException.ThrowIfNull(execId);
        var prefix = Options.Name + "-";
        if (execId.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(execId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && sequence > _execSequence)
        {
            _execSequence = sequence;
            return true;
        }

        return false;
    }

    /// <summary>The last quote seen for <paramref name="symbol"/>, if any.</summary>
    public bool TryGetLastQuote(Symbol symbol, out Quote quote) => _lastQuotes.TryGetValue(symbol, out quote);

    /// <summary>
    /// Feeds one NBBO quote: first matches the waiting orders that arrived before it against the previous quote, then
    /// makes it the prevailing quote, then matches the waiting orders that arrive exactly at its time against it.
    /// </summary>
    /// <param name="quote">The NBBO update.</param>
    /// <param name="reports">Receives the execution reports produced, in order.</param>
    /// <returns>The number of reports added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="quote"/> has a default symbol.</exception>
    public int OnQuote(Quote quote, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (quote.Symbol.Ticker is null)
        {
            throw new ArgumentException("Quote must have a symbol, got default(Symbol).", nameof(quote));
        }

        var hasPrevious = _lastQuotes.TryGetValue(quote.Symbol, out var previous);
        if (hasPrevious && quote.Time < previous.Time)
        {
            IgnoredQuoteCount++;
            return 0;
        }

        var before = reports.Count;
        if (_pending.TryGetValue(quote.Symbol, out var waiting) && waiting.Count > 0)
        {
            var taken = 0;
            while (taken < waiting.Count && waiting[taken].Arrival < quote.Time)
            {
                var order = waiting[taken++];
                if (hasPrevious)
                {
                    Match(order.Request, order.Arrival, previous, reports);
                }
                else
                {
                    Acknowledge(order.Request, order.Arrival, reports);
                    Cancel(order.Request, order.Arrival, Quantity.Zero, $"No NBBO for {order.Request.Symbol} at arrival {order.Arrival}.", reports);
                }
            }

            _lastQuotes[quote.Symbol] = quote;
            while (taken < waiting.Count && waiting[taken].Arrival == quote.Time)
            {
                var order = waiting[taken++];
                Match(order.Request, order.Arrival, quote, reports);
            }

            waiting.RemoveRange(0, taken);
            _pendingCount -= taken;
        }
        else
        {
            _lastQuotes[quote.Symbol] = quote;
        }

        return reports.Count - before;
    }

    /// <summary>
    /// Submits an order. It is rejected at once when invalid, matched at once when a quote at its arrival time has
    /// already been seen, and otherwise waits for the quote stream (<see cref="OnQuote"/>).
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="reports">Receives the execution reports produced now, in order (none while the order waits).</param>
    /// <returns>The number of reports added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> or <paramref name="reports"/> is null.</exception>
    /// <exception cref="OverflowException">Sent time plus latency is beyond the range of <see cref="UnixNanos"/>.</exception>
    public int Submit(OrderRequest order, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(reports);
        var before = reports.Count;
        var arrival = order.SentTime.AddNanos(Options.LatencyNanos);
        if (!_clOrdIds.Add(order.ClOrdId))
        {
            Reject(order, arrival, OrdRejReason.DuplicateOrder, $"ClOrdID {order.ClOrdId} was already used at this venue.", reports);
        }
        else if (!order.Quantity.IsPositive)
        {
            Reject(order, arrival, OrdRejReason.IncorrectQuantity, $"Quantity {order.Quantity} must be positive.", reports);
        }
        else if (order.LimitPrice is { } limit && !limit.IsPositive)
        {
            Reject(order, arrival, OrdRejReason.Other, $"Limit price {limit} must be positive.", reports);
        }
        else if (_lastQuotes.TryGetValue(order.Symbol, out var last) && last.Time >= arrival)
        {
            if (last.Time == arrival)
            {
                Match(order, arrival, last, reports);
            }
            else if (Options.RejectLateArrivals)
            {
                Reject(order, arrival, OrdRejReason.TooLateToEnter, $"Arrival {arrival} is earlier than the venue's last {order.Symbol} quote at {last.Time}.", reports);
            }
            else
            {
                Enqueue(new PendingOrder(order, last.Time.AddNanos(1)));
            }
        }
        else
        {
            Enqueue(new PendingOrder(order, arrival));
        }

        return reports.Count - before;
    }

    private void Enqueue(PendingOrder order)
    {
        if (!_pending.TryGetValue(order.Request.Symbol, out var waiting))
        {
            waiting = [];
            _pending.Add(order.Request.Symbol, waiting);
        }

        // Stable insert by arrival: after every order arriving at the same time or earlier.
        var index = waiting.Count;
        while (index > 0 && waiting[index - 1].Arrival > order.Arrival)
        {
            index--;
        }

        waiting.Insert(index, order);
        _pendingCount++;
    }

    private void Match(OrderRequest order, UnixNanos arrival, Quote quote, ICollection<ExecutionReport> reports)
    {
        Acknowledge(order, arrival, reports);
        var isBuy = order.Side == Side.Buy;
        var farPrice = isBuy ? quote.AskPrice : quote.BidPrice;
        var farSize = isBuy ? quote.AskSize : quote.BidSize;
        var sideName = isBuy ? "ask" : "bid";
        if (!farPrice.IsPositive || !farSize.IsPositive)
        {
            Cancel(order, arrival, Quantity.Zero, $"No {sideName} for {order.Symbol} in the NBBO at {quote.Time}.", reports);
            return;
        }

        if (order.LimitPrice is { } limit && (isBuy ? limit < farPrice : limit > farPrice))
        {
            var relation = isBuy ? "below" : "above";
            Cancel(order, arrival, Quantity.Zero, $"Limit {order.Side.ToString().ToLowerInvariant()} {limit} is {relation} the {sideName} {farPrice} (NBBO at {quote.Time}); the venue does not rest orders.", reports);
            return;
        }

        var fillQty = Quantity.Min(order.Quantity, farSize);
        var fee = Options.Fees.Compute(fillQty, farPrice);
        var execId = NextExecId();
        var fill = new Fill(execId, order.ClOrdId, order.Account, order.Symbol, order.Side, fillQty, farPrice, fee, arrival, quote.Time);
        var leaves = order.Quantity - fillQty;
        var status = leaves.Raw == 0 ? OrdStatus.Filled : OrdStatus.PartiallyFilled;
        reports.Add(new ExecutionReport(execId, order.ClOrdId, order.Account, order.Symbol, order.Side, ExecType.Trade, status, order.Quantity, fillQty, leaves, arrival, fill, null, string.Empty));
        if (leaves.Raw != 0)
        {
            Cancel(order, arrival, fillQty, $"Remainder {leaves} cancelled: only {farSize} displayed at the {sideName} {farPrice} (NBBO at {quote.Time}).", reports);
        }
    }

    private void Acknowledge(OrderRequest order, UnixNanos arrival, ICollection<ExecutionReport> reports)
        => reports.Add(new ExecutionReport(NextExecId(), order.ClOrdId, order.Account, order.Symbol, order.Side, ExecType.New, OrdStatus.New, order.Quantity, Quantity.Zero, order.Quantity, arrival, null, null, string.Empty));

    private void Cancel(OrderRequest order, UnixNanos time, Quantity cumQty, string text, ICollection<ExecutionReport> reports)
        => reports.Add(new ExecutionReport(NextExecId(), order.ClOrdId, order.Account, order.Symbol, order.Side, ExecType.Canceled, OrdStatus.Canceled, order.Quantity, cumQty, Quantity.Zero, time, null, null, text));

    private void Reject(OrderRequest order, UnixNanos time, OrdRejReason reason, string text, ICollection<ExecutionReport> reports)
        => reports.Add(new ExecutionReport(NextExecId(), order.ClOrdId, order.Account, order.Symbol, order.Side, ExecType.Rejected, OrdStatus.Rejected, order.Quantity, Quantity.Zero, Quantity.Zero, time, null, reason, text));

    private string NextExecId()
    {
        _execSequence++;
        return string.Create(CultureInfo.InvariantCulture, $"{Options.Name}-{_execSequence:D10}");
    }

    private readonly record struct PendingOrder(OrderRequest Request, UnixNanos Arrival);
}
