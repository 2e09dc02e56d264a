using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Venue;

/// <summary>
/// A deterministic simulated venue that matches orders against the NBBO stream it is fed.
/// <list type="bullet">
/// <item>Latency (new orders): an order sent at t arrives at <c>t + LatencyNanos</c> and meets the NBBO prevailing at
/// arrival, the last quote with time ≤ arrival. When no quote at or after the arrival has been seen yet the order is
/// in flight; it arrives when the first quote with time ≥ arrival comes in (against that quote if its time equals the
/// arrival, otherwise against the quote before it). Cancels, cancel/replaces, the kill switch and the end of day act
/// at once, when the venue receives them.</item>
/// <item>Liquidity: each NBBO update offers its displayed bid and ask sizes once. Orders that meet the same quote
/// share them in time priority (resting orders first, then arrivals), so a quote never fills more than it shows.</item>
/// <item>Becoming active: at arrival (or, for a stop, at its trigger) an order is aggressive: a market order, or a
/// limit at or through the far side, fills at the far side (buy at the ask, sell at the bid) up to the size left.
/// Then by time in force: IOC cancels what is left; FOK fills the whole quantity or, when the size left at an
/// acceptable price is smaller, cancels it all without a fill; DAY and GTC rest what is left.</item>
/// <item>Resting orders (time priority): on every later quote, a resting limit buy fills when the ask ≤ its limit and
/// a resting limit sell when the bid ≥ its limit, at its limit price (it was on the book at that price) and up to the
/// size left; a resting market remainder fills at the far side.</item>
/// <item>Stops trigger on the NBBO: a buy stop when the ask ≥ its stop price, a sell stop when the bid ≤ its stop
/// price (checked at arrival and on every quote). A triggered stop becomes a market order, a triggered stop-limit a
/// limit order at its limit; either becomes active on the triggering quote.</item>
/// <item>DAY orders still working (in flight, resting or untriggered) expire at <see cref="EndOfDay"/> (ExecType
/// Expired); GTC orders stay. ClOrdIDs must be unique per account among working orders and the orders of the
/// current trading day.</item>
/// <item>Reports per order: <see cref="ExecType.New"/> at arrival; <see cref="ExecType.Trade"/> per fill carrying the
/// <see cref="Fill"/> with the time of the quote that caused it; <see cref="ExecType.Canceled"/>,
/// <see cref="ExecType.Expired"/>; <see cref="ExecType.PendingCancel"/> then <see cref="ExecType.Canceled"/> for a
/// cancel; <see cref="ExecType.PendingReplace"/> then <see cref="ExecType.Replaced"/> for a cancel/replace; or a
/// single <see cref="ExecType.Rejected"/> (duplicate ClOrdID, non-positive quantity or price, arrival before a quote
/// already seen).</item>
/// <item>Fees: each fill pays the increase of the order's total fee (<see cref="FeeSchedule.ComputeCumulative"/>).</item>
/// <item>Quotes must come in time order per symbol; an earlier quote is ignored and counted in
/// <see cref="IgnoredQuoteCount"/>.</item>
/// </list>
/// Execution ids are <c>{Name}-{sequence:D10}</c>, so the same quotes and orders in the same order give identical
/// reports. Not thread-safe (one venue per execution grain).
/// </summary>
public sealed partial class SimulatedVenue
{
    private readonly Dictionary<Symbol, SymbolBook> _books = [];
    private readonly Dictionary<OrderKey, VenueOrder> _live = [];
    private readonly HashSet<OrderKey> _usedToday = [];
    private readonly List<VenueOrder> _scratch = [];
    private long _execSequence;
    private long _orderSequence;
    private int _inFlightCount;

    /// <summary>Creates a venue with no quotes and no orders.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public SimulatedVenue(VenueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The venue's settings.</summary>
    public VenueOptions Options { get; }

    /// <summary>Orders that have been submitted and wait for a quote at or after their arrival time (in flight).</summary>
    public int PendingCount => _inFlightCount;

    /// <summary>Orders working at the venue: in flight, resting or waiting for their stop.</summary>
    public int WorkingCount => _live.Count;

    /// <summary>Quotes ignored because they were earlier than the last quote of their symbol.</summary>
    public long IgnoredQuoteCount { get; private set; }

    /// <summary>Sequence of the last execution id issued (0 before the first).</summary>
    public long LastExecSequence => _execSequence;

    /// <summary>
    /// Resumes execution ids after a restart: later ids continue after <paramref name="lastSequence"/> when it is
    /// above the last issued, so no id issued before the restart (and booked by an account's journal) is issued again.
    /// </summary>
    /// <returns>True when the sequence moved.</returns>
    public bool ResumeAfter(long lastSequence)
    {
        if (lastSequence <= _execSequence)
        {
            return false;
        }

        _execSequence = lastSequence;
        return true;
    }

    /// <summary>The latest quote time seen over every symbol (the venue's market time, UTC); the epoch before the first quote.</summary>
    public UnixNanos MarketTime { get; private set; }

    /// <summary>The last quote seen for <paramref name="symbol"/>, if any.</summary>
    public bool TryGetLastQuote(Symbol symbol, out Quote quote)
    {
        if (_books.TryGetValue(symbol, out var book) && book.HasQuote)
        {
            quote = book.Quote;
            return true;
        }

        quote = default;
        return false;
    }

    /// <summary>True when the order <paramref name="clOrdId"/> of <paramref name="account"/> is working at the venue.</summary>
    public bool IsWorking(string account, ClOrdId clOrdId) => _live.ContainsKey(new OrderKey(account, clOrdId));

    /// <summary>
    /// Feeds one NBBO quote: orders arriving before it arrive against the previous quote; then it becomes the
    /// prevailing quote; resting orders (time priority) check their stops and match against it; then orders arriving
    /// exactly at its time arrive against it.
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

        var book = Book(quote.Symbol);
        if (book.HasQuote && quote.Time < book.Quote.Time)
        {
            IgnoredQuoteCount++;
            return 0;
        }

        if (quote.Time > MarketTime)
        {
            MarketTime = quote.Time;
        }

        var before = reports.Count;
        var inFlight = book.InFlight;
        var taken = 0;
        while (taken < inFlight.Count && inFlight[taken].Arrival < quote.Time)
        {
            Arrive(inFlight[taken++], book, reports);
        }

        book.SetQuote(quote);
        var resting = book.Resting;
        if (resting.Count > 0)
        {
            var count = resting.Count;
            for (var i = 0; i < count; i++)
            {
                var order = resting[i];
                if (order.Done)
                {
                    continue;
                }

                if (!order.Triggered)
                {
                    if (!StopTriggered(order, quote))
                    {
                        continue;
                    }

                    order.Triggered = true;
                    Activate(order, book, reports);
                    continue;
                }

                Match(order, book, aggressive: false, reports);
                if (order.Leaves.Raw == 0)
                {
                    Finish(order);
                }
            }

            resting.RemoveAll(static o => o.Done || !o.Resting);
        }

        while (taken < inFlight.Count && inFlight[taken].Arrival == quote.Time)
        {
            Arrive(inFlight[taken++], book, reports);
        }

        if (taken > 0)
        {
            inFlight.RemoveRange(0, taken);
        }

        return reports.Count - before;
    }

    /// <summary>
    /// Submits an order. It is rejected at once when invalid, arrives at once when a quote at its arrival time has
    /// already been seen, and otherwise is in flight until the quote stream reaches its arrival (<see cref="OnQuote"/>).
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="reports">Receives the execution reports produced now, in order (none while the order is in flight).</param>
    /// <returns>The number of reports added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> or <paramref name="reports"/> is null.</exception>
    /// <exception cref="OverflowException">Sent time plus latency is beyond the range of <see cref="UnixNanos"/>.</exception>
    public int Submit(OrderRequest order, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(reports);
        var before = reports.Count;
        var arrival = order.SentTime.AddNanos(Options.LatencyNanos);
        var key = new OrderKey(order.Account, order.ClOrdId);
        if (_live.ContainsKey(key) || !_usedToday.Add(key))
        {
            Reject(order, arrival, OrdRejReason.DuplicateOrder, $"ClOrdID {order.ClOrdId} was already used at this venue by {order.Account} today or is still working.", reports);
        }
        else if (!order.Quantity.IsPositive)
        {
            Reject(order, arrival, OrdRejReason.IncorrectQuantity, $"Quantity {order.Quantity} must be positive.", reports);
        }
        else if (order.LimitPrice is { } limit && !limit.IsPositive)
        {
            Reject(order, arrival, OrdRejReason.Other, $"Limit price {limit} must be positive.", reports);
        }
        else if (order.StopPrice is { } stop && !stop.IsPositive)
        {
            Reject(order, arrival, OrdRejReason.Other, $"Stop price {stop} must be positive.", reports);
        }
        else
        {
            var book = Book(order.Symbol);
            if (book.HasQuote && book.Quote.Time >= arrival)
            {
                if (book.Quote.Time == arrival)
                {
                    Arrive(Track(order, arrival), book, reports);
                }
                else if (Options.RejectLateArrivals)
                {
                    Reject(order, arrival, OrdRejReason.TooLateToEnter, $"Arrival {arrival} is earlier than the venue's last {order.Symbol} quote at {book.Quote.Time}.", reports);
                }
                else
                {
                    Enqueue(book, Track(order, book.Quote.Time.AddNanos(1)));
                }
            }
            else
            {
                Enqueue(book, Track(order, arrival));
            }
        }

        return reports.Count - before;
    }

    /// <summary>
    /// Cancels a working order at once (a cancel request, FIX 35=F): reports PendingCancel then Canceled with the
    /// quantity filled so far. Returns false, adding nothing, when the order is not working here (unknown, or already
    /// filled, cancelled or expired: "too late to cancel", FIX CxlRejReason 0).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/> is null.</exception>
    public bool Cancel(string account, ClOrdId clOrdId, UnixNanos time, string reason, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (!_live.TryGetValue(new OrderKey(account, clOrdId), out var order))
        {
            return false;
        }

        CancelWorking(order, time, reason, reports);
        return true;
    }

    /// <summary>
    /// Cancels every working order of <paramref name="account"/> (null: of every account) at once, in submission order
    /// (the kill switch): PendingCancel then Canceled for each.
    /// </summary>
    /// <returns>The number of orders cancelled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/> is null.</exception>
    public int CancelAll(string? account, UnixNanos time, string reason, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var orders = Collect(o => account is null || o.Request.Account == account);
        foreach (var order in orders)
        {
            CancelWorking(order, time, reason, reports);
        }

        return orders.Count;
    }

    /// <summary>
    /// Cancel/replace (FIX 35=G) of a working order that has arrived: the order continues under the new ClOrdID with
    /// the new quantity and prices, keeping what it filled, and loses its time priority. Reports PendingReplace then
    /// Replaced (ClOrdID = new, OrigClOrdID = old), then whatever the replacement fills at once against the prevailing
    /// quote. Returns false, adding nothing, when the order is not working here or is still in flight, when the new
    /// quantity is not above the filled quantity, or when the new ClOrdID is taken.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="replacement"/> or <paramref name="reports"/> is null.</exception>
    /// <exception cref="ArgumentException">The replacement is for another account, symbol, side, type or time in force.</exception>
    public bool Replace(ClOrdId origClOrdId, OrderRequest replacement, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(reports);
        if (!_live.TryGetValue(new OrderKey(replacement.Account, origClOrdId), out var old) || !old.Arrived)
        {
            return false;
        }

        var o = old.Request;
        if (o.Symbol != replacement.Symbol || o.Side != replacement.Side || o.Type != replacement.Type || o.TimeInForce != replacement.TimeInForce)
        {
            throw new ArgumentException($"A replacement keeps symbol, side, type and time in force; {origClOrdId} is {o.Side} {o.Type} {o.TimeInForce} {o.Symbol}.", nameof(replacement));
        }

        var newKey = new OrderKey(replacement.Account, replacement.ClOrdId);
        if (replacement.Quantity <= old.CumQty || _live.ContainsKey(newKey) || _usedToday.Contains(newKey))
        {
            return false;
        }

        _usedToday.Add(newKey);
        var time = replacement.SentTime;
        reports.Add(Report(old, ExecType.PendingReplace, OrdStatus.PendingReplace, time, null, string.Empty) with { ClOrdId = replacement.ClOrdId, OrigClOrdId = origClOrdId });
        old.Done = true;
        _live.Remove(old.Key);
        var book = Book(o.Symbol);
        var next = new VenueOrder(replacement, old.Arrival, ++_orderSequence)
        {
            Arrived = true,
            Triggered = old.Triggered,
            CumQty = old.CumQty,
            CumNotional = old.CumNotional,
            OrigClOrdId = origClOrdId,
        };
        _live.Add(next.Key, next);
        var status = next.CumQty.Raw > 0 ? OrdStatus.PartiallyFilled : OrdStatus.New;
        reports.Add(Report(next, ExecType.Replaced, status, time, null, string.Empty));
        if (!next.Triggered && book.HasQuote && StopTriggered(next, book.Quote))
        {
            next.Triggered = true;
        }

        if (next.Triggered && book.HasQuote)
        {
            Match(next, book, aggressive: true, reports);
        }

        if (next.Leaves.Raw == 0)
        {
            Finish(next);
        }
        else
        {
            next.Resting = true;
            book.Resting.Add(next);
        }

        return true;
    }

    /// <summary>
    /// The end of the trading day: every DAY order still working (in flight, resting or waiting for its stop) expires
    /// (ExecType Expired, in submission order) and the day's ClOrdIDs are released; GTC orders stay.
    /// </summary>
    /// <param name="time">When the day ended, UTC (the reports' transact time).</param>
    /// <param name="reports">Receives the Expired reports.</param>
    /// <returns>The number of orders expired.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/> is null.</exception>
    public int EndOfDay(UnixNanos time, ICollection<ExecutionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var orders = Collect(static o => o.Request.TimeInForce == TimeInForce.Day);
        foreach (var order in orders)
        {
            reports.Add(Report(order, ExecType.Expired, OrdStatus.Expired, time, null, $"DAY order expired at the end of the trading day ({time}); {order.Leaves} left unfilled."));
            Finish(order);
        }

        _usedToday.Clear();
        foreach (var book in _books.Values)
        {
            book.Resting.RemoveAll(static o => o.Done);
        }

        return orders.Count;
    }

    private List<VenueOrder> Collect(Func<VenueOrder, bool> predicate)
    {
        _scratch.Clear();
        foreach (var order in _live.Values)
        {
            if (predicate(order))
            {
                _scratch.Add(order);
            }
        }

        _scratch.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return [.. _scratch];
    }

    private SymbolBook Book(Symbol symbol)
    {
        if (!_books.TryGetValue(symbol, out var book))
        {
            book = new SymbolBook();
            _books.Add(symbol, book);
        }

        return book;
    }

    private VenueOrder Track(OrderRequest request, UnixNanos arrival)
    {
        var order = new VenueOrder(request, arrival, ++_orderSequence) { Triggered = request.StopPrice is null };
        _live.Add(order.Key, order);
        return order;
    }

    private void Enqueue(SymbolBook book, VenueOrder order)
    {
        // Stable insert by arrival: after every order arriving at the same time or earlier.
        var waiting = book.InFlight;
        var index = waiting.Count;
        while (index > 0 && waiting[index - 1].Arrival > order.Arrival)
        {
            index--;
        }

        waiting.Insert(index, order);
        order.InFlight = true;
        _inFlightCount++;
    }

    private void Arrive(VenueOrder order, SymbolBook book, ICollection<ExecutionReport> reports)
    {
        if (order.InFlight)
        {
            order.InFlight = false;
            _inFlightCount--;
        }

        if (order.Done)
        {
            return;
        }

        order.Arrived = true;
        reports.Add(Report(order, ExecType.New, OrdStatus.New, order.Arrival, null, string.Empty));
        if (!book.HasQuote)
        {
            if (order.Request.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok)
            {
                CancelRemainder(order, order.Arrival, $"No NBBO for {order.Request.Symbol} at arrival {order.Arrival}.", reports);
            }
            else
            {
                Rest(order, book);
            }

            return;
        }

        if (!order.Triggered)
        {
            if (!StopTriggered(order, book.Quote))
            {
                Rest(order, book);
                return;
            }

            order.Triggered = true;
        }

        Activate(order, book, reports);
    }

    /// <summary>The order becomes active (arrival, or its stop triggered): aggressive match, then its time in force.</summary>
    private void Activate(VenueOrder order, SymbolBook book, ICollection<ExecutionReport> reports)
    {
        var time = Max(order.Arrival, book.Quote.Time);
        var tif = order.Request.TimeInForce;
        if (tif == TimeInForce.Fok)
        {
            var available = Available(order, book);
            if (available < order.Leaves)
            {
                CancelRemainder(order, time, $"Fill or kill: only {available} of {order.Leaves} available ({Why(order, book)}).", reports);
                return;
            }
        }

        var filled = Match(order, book, aggressive: true, reports);
        if (order.Leaves.Raw == 0)
        {
            Finish(order);
        }
        else if (tif == TimeInForce.Ioc)
        {
            CancelRemainder(order, time, filled.IsPositive ? RemainderText(order, book, filled) : Why(order, book), reports);
        }
        else
        {
            Rest(order, book);
        }
    }
}
