using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Venue;

/// <summary>The venue's matching against the NBBO (resting, stop triggers, displayed size, fills and cancels of
/// remainders), its report and execution-id factory, and its order and book types.</summary>
public sealed partial class SimulatedVenue
{
    private static void Rest(VenueOrder order, SymbolBook book)
    {
        if (!order.Resting)
        {
            order.Resting = true;
            book.Resting.Add(order);
        }
    }

    private static bool StopTriggered(VenueOrder order, Quote quote)
    {
        var stop = order.Request.StopPrice.GetValueOrDefault();
        return order.Request.Side == Side.Buy
            ? quote.AskPrice.IsPositive && quote.AskPrice >= stop
            : quote.BidPrice.IsPositive && quote.BidPrice <= stop;
    }

    /// <summary>Size the order could take now at an acceptable price (zero when the far side is empty or beyond its limit).</summary>
    private static Quantity Available(VenueOrder order, SymbolBook book)
    {
        var isBuy = order.Request.Side == Side.Buy;
        var far = isBuy ? book.Quote.AskPrice : book.Quote.BidPrice;
        var left = isBuy ? book.AskLeft : book.BidLeft;
        if (!far.IsPositive || !left.IsPositive)
        {
            return Quantity.Zero;
        }

        return order.Request.LimitPrice is { } limit && (isBuy ? far > limit : far < limit) ? Quantity.Zero : left;
    }

    /// <summary>Why the order cannot take more than <see cref="Available"/> now (built only when a text is needed).</summary>
    private static string Why(VenueOrder order, SymbolBook book)
    {
        var isBuy = order.Request.Side == Side.Buy;
        var far = isBuy ? book.Quote.AskPrice : book.Quote.BidPrice;
        var left = isBuy ? book.AskLeft : book.BidLeft;
        var sideName = isBuy ? "ask" : "bid";
        if (!far.IsPositive || !left.IsPositive)
        {
            return $"no {sideName} size left for {order.Request.Symbol} in the NBBO at {book.Quote.Time}";
        }

        if (order.Request.LimitPrice is { } limit && (isBuy ? far > limit : far < limit))
        {
            return $"limit {order.Request.Side.ToString().ToLowerInvariant()} {limit} is {(isBuy ? "below" : "above")} the {sideName} {far} (NBBO at {book.Quote.Time})";
        }

        return $"{left} left at the {sideName} {far} (NBBO at {book.Quote.Time})";
    }

    /// <summary>Fills what the prevailing quote allows; returns the quantity filled.</summary>
    private Quantity Match(VenueOrder order, SymbolBook book, bool aggressive, ICollection<ExecutionReport> reports)
    {
        var available = Available(order, book);
        if (!available.IsPositive)
        {
            return Quantity.Zero;
        }

        var request = order.Request;
        var isBuy = request.Side == Side.Buy;
        var far = isBuy ? book.Quote.AskPrice : book.Quote.BidPrice;
        var price = !aggressive && request.LimitPrice is { } limit ? limit : far;
        var qty = Quantity.Min(order.Leaves, available);
        if (isBuy)
        {
            book.AskLeft -= qty;
        }
        else
        {
            book.BidLeft -= qty;
        }

        var feeBefore = Options.Fees.ComputeCumulative(order.CumQty, order.CumNotional);
        order.CumQty += qty;
        order.CumNotional += Money.Notional(price, qty);
        var fee = Options.Fees.ComputeCumulative(order.CumQty, order.CumNotional) - feeBefore;
        var time = Max(order.Arrival, book.Quote.Time);
        var execId = NextExecId();
        var fill = new Fill(execId, request.ClOrdId, request.Account, request.Symbol, request.Side, qty, price, fee, time, book.Quote.Time);
        var status = order.Leaves.Raw == 0 ? OrdStatus.Filled : OrdStatus.PartiallyFilled;
        reports.Add(new ExecutionReport(execId, request.ClOrdId, request.Account, request.Symbol, request.Side, ExecType.Trade, status, request.Quantity, order.CumQty, order.Leaves, time, fill, null, string.Empty)
        {
            OrigClOrdId = order.OrigClOrdId,
        });
        return qty;
    }

    /// <summary>The text of an IOC remainder's cancel after a partial fill of <paramref name="filled"/>.</summary>
    private static string RemainderText(VenueOrder order, SymbolBook book, Quantity filled)
    {
        var isBuy = order.Request.Side == Side.Buy;
        var far = isBuy ? book.Quote.AskPrice : book.Quote.BidPrice;
        var displayed = isBuy ? book.Quote.AskSize : book.Quote.BidSize;
        var sideName = isBuy ? "ask" : "bid";
        return filled == displayed
            ? $"Remainder {order.Leaves} cancelled: only {filled} displayed at the {sideName} {far} (NBBO at {book.Quote.Time})."
            : $"Remainder {order.Leaves} cancelled: only {filled} of the {displayed} displayed at the {sideName} {far} left for it (NBBO at {book.Quote.Time}).";
    }

    private void CancelWorking(VenueOrder order, UnixNanos time, string reason, ICollection<ExecutionReport> reports)
    {
        reports.Add(Report(order, ExecType.PendingCancel, OrdStatus.PendingCancel, time, null, reason));
        CancelRemainder(order, time, reason, reports);
    }

    private void CancelRemainder(VenueOrder order, UnixNanos time, string text, ICollection<ExecutionReport> reports)
    {
        reports.Add(Report(order, ExecType.Canceled, OrdStatus.Canceled, time, null, text));
        Finish(order);
    }

    private void Finish(VenueOrder order)
    {
        if (!order.Done)
        {
            order.Done = true;
            _live.Remove(order.Key);
            if (order.InFlight)
            {
                order.InFlight = false;
                _inFlightCount--;
            }
        }
    }

    private ExecutionReport Report(VenueOrder order, ExecType execType, OrdStatus status, UnixNanos time, OrdRejReason? reason, string text)
    {
        var r = order.Request;
        var leaves = status is OrdStatus.Canceled or OrdStatus.Expired or OrdStatus.Filled or OrdStatus.Rejected ? Quantity.Zero : order.Leaves;
        return new ExecutionReport(NextExecId(), r.ClOrdId, r.Account, r.Symbol, r.Side, execType, status, r.Quantity, order.CumQty, leaves, time, null, reason, text)
        {
            OrigClOrdId = order.OrigClOrdId,
        };
    }

    private void Reject(OrderRequest order, UnixNanos time, OrdRejReason reason, string text, ICollection<ExecutionReport> reports)
        => reports.Add(new ExecutionReport(NextExecId(), order.ClOrdId, order.Account, order.Symbol, order.Side, ExecType.Rejected, OrdStatus.Rejected, order.Quantity, Quantity.Zero, Quantity.Zero, time, null, reason, text));

    private string NextExecId()
    {
        _execSequence++;
        return string.Create(CultureInfo.InvariantCulture, $"{Options.Name}-{_execSequence:D10}");
    }

    private static UnixNanos Max(UnixNanos a, UnixNanos b) => a >= b ? a : b;

    private readonly record struct OrderKey(string Account, ClOrdId ClOrdId);

    private sealed class SymbolBook
    {
        public bool HasQuote { get; private set; }

        public Quote Quote { get; private set; }

        public Quantity BidLeft { get; set; }

        public Quantity AskLeft { get; set; }

        public List<VenueOrder> InFlight { get; } = [];

        public List<VenueOrder> Resting { get; } = [];

        public void SetQuote(Quote quote)
        {
            Quote = quote;
            HasQuote = true;
            BidLeft = quote.BidSize;
            AskLeft = quote.AskSize;
        }
    }

    private sealed class VenueOrder(OrderRequest request, UnixNanos arrival, long sequence)
    {
        public OrderRequest Request { get; } = request;

        public OrderKey Key { get; } = new(request.Account, request.ClOrdId);

        public UnixNanos Arrival { get; } = arrival;

        public long Sequence { get; } = sequence;

        public bool Arrived { get; set; }

        public bool InFlight { get; set; }

        public bool Triggered { get; set; }

        public bool Resting { get; set; }

        public bool Done { get; set; }

        public Quantity CumQty { get; set; }

        public decimal CumNotional { get; set; }

        public ClOrdId? OrigClOrdId { get; init; }

        public Quantity Leaves => Done ? Quantity.Zero : Request.Quantity - CumQty;
    }
}
