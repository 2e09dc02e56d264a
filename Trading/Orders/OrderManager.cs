using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Orders;

/// <summary>What <see cref="OrderManager.Classify"/> found for a new order's ClOrdID.</summary>
public enum ClOrdIdUse
{
    /// <summary>Not used today and not working: the order may be created.</summary>
    Fresh,

    /// <summary>The same ClOrdID with the same content (symbol, side, quantity, type, prices, time in force): a resend;
    /// answer with the existing order's status and create nothing.</summary>
    Resend,

    /// <summary>The same ClOrdID with different content: reject as a duplicate (FIX OrdRejReason 6).</summary>
    Duplicate,
}

/// <summary>
/// An account's order manager (OMS): every order keyed by ClOrdID, unique per account and trading day (a working GTC
/// order keeps its ClOrdID across days); the OrdStatus of each order changes only by applying execution reports,
/// checked by <see cref="OrderStateMachine"/>; working quantity per symbol and side and the working notional are kept
/// up to date for the risk engine. Order ids are <c>{account}-O{sequence:D10}</c> and system execution ids
/// <c>{account}-E{sequence:D10}</c>, so the same calls give the same ids. Not thread-safe: one per portfolio.
/// </summary>
public sealed partial class OrderManager
{
    private readonly List<Order> _orders = [];
    private readonly Dictionary<ClOrdId, Order> _index = [];
    private readonly HashSet<ClOrdId> _today = [];
    private readonly Dictionary<ClOrdId, OrderRequest> _pendingReplacements = [];
    private readonly Dictionary<Symbol, (long Buy, long Sell)> _working = [];
    private long _orderSequence;
    private long _execSequence;

    /// <summary>Creates an empty order manager for <paramref name="account"/>.</summary>
    /// <exception cref="ArgumentException">The account breaks the <see cref="AccountName"/> rule.</exception>
    public OrderManager(string account) => Account = AccountName.Validate(account, nameof(account));

    /// <summary>The account.</summary>
    public string Account { get; }

    /// <summary>Every logged order, in creation order (a replacement is logged when the venue confirms it).</summary>
    public IReadOnlyList<Order> Orders => _orders;

    /// <summary>Orders not yet terminal.</summary>
    public int WorkingCount { get; private set; }

    /// <summary>Σ leaves quantity × reference price of the working orders, quote currency.</summary>
    public decimal WorkingNotional { get; private set; }

    /// <summary>The order now known under <paramref name="clOrdId"/>, or null.</summary>
    public Order? Find(ClOrdId clOrdId) => _index.GetValueOrDefault(clOrdId);

    /// <summary>Leaves quantity of the working buy and sell orders in <paramref name="symbol"/>, units.</summary>
    public (Quantity Buy, Quantity Sell) Working(Symbol symbol)
        => _working.TryGetValue(symbol, out var w) ? (new Quantity(w.Buy), new Quantity(w.Sell)) : (Quantity.Zero, Quantity.Zero);

    /// <summary>The working orders in creation order.</summary>
    public IEnumerable<Order> WorkingOrders() => _orders.Where(o => !o.IsTerminal);

    /// <summary>Whether <paramref name="request"/>'s ClOrdID is fresh, a resend of an existing order, or a duplicate.</summary>
    /// <param name="request">The new order.</param>
    /// <param name="existing">The order already using the ClOrdID, or null when fresh.</param>
    public ClOrdIdUse Classify(OrderRequest request, out Order? existing)
    {
        ArgumentNullException.ThrowIfNull(request);
        existing = null;
        if (_pendingReplacements.ContainsKey(request.ClOrdId))
        {
            return ClOrdIdUse.Duplicate;
        }

        if (!_index.TryGetValue(request.ClOrdId, out var order) || (!_today.Contains(request.ClOrdId) && order.IsTerminal))
        {
            return ClOrdIdUse.Fresh;
        }

        existing = order;
        var r = order.Request;
        var same = r.Symbol == request.Symbol && r.Side == request.Side && r.Quantity == request.Quantity && r.Type == request.Type
            && r.LimitPrice == request.LimitPrice && r.StopPrice == request.StopPrice && r.TimeInForce == request.TimeInForce;
        return same ? ClOrdIdUse.Resend : ClOrdIdUse.Duplicate;
    }

    /// <summary>True when <paramref name="clOrdId"/> may be used for a new order or a replacement now.</summary>
    public bool IsFresh(ClOrdId clOrdId)
        => !_pendingReplacements.ContainsKey(clOrdId) && (!_index.TryGetValue(clOrdId, out var o) || (!_today.Contains(clOrdId) && o.IsTerminal));

    /// <summary>Logs an order that passed the pre-trade checks, in <see cref="OrdStatus.PendingNew"/>; returns it and
    /// its PendingNew report.</summary>
    /// <param name="request">The order; its ClOrdID must be fresh (<see cref="Classify"/>).</param>
    /// <param name="origin"><c>signal</c> or <c>manual</c>.</param>
    /// <param name="referencePrice">Price valuing its working quantity for gross exposure, quote currency.</param>
    /// <exception cref="InvalidOperationException">The ClOrdID is not fresh.</exception>
    public (Order Order, ExecutionReport Report) Accept(OrderRequest request, string origin, decimal referencePrice)
    {
        var order = Log(request, origin, OrdStatus.PendingNew, referencePrice);
        Adjust(order, order.LeavesQty.Raw);
        return (order, SystemReport(order, ExecType.PendingNew, string.Empty));
    }

    /// <summary>Logs an order the pre-trade checks rejected, in <see cref="OrdStatus.Rejected"/>; returns it and its
    /// Rejected report.</summary>
    /// <exception cref="InvalidOperationException">The ClOrdID is not fresh.</exception>
    public (Order Order, ExecutionReport Report) RejectNew(OrderRequest request, string origin, OrdRejReason reason, PreTradeRejectReason? riskReason, string text)
    {
        var order = Log(request, origin, OrdStatus.Rejected, 0m);
        order.Reject(reason, riskReason, text);
        return (order, SystemReport(order, ExecType.Rejected, text) with { RejectReason = reason, RiskReason = riskReason });
    }

    /// <summary>The rejection of a new order whose ClOrdID is already used with other content (FIX OrdRejReason 6,
    /// DuplicateOrder). The rejected order is not logged: the ClOrdID keeps naming the existing order.</summary>
    public (Order Order, ExecutionReport Report) RejectDuplicate(OrderRequest request, string origin)
    {
        ArgumentNullException.ThrowIfNull(request);
        var order = new Order(request, string.Empty, origin, OrdStatus.Rejected, null, Quantity.Zero, 0m, 0m);
        var text = $"ClOrdID {request.ClOrdId} is already used by {Account} today with other content.";
        order.Reject(OrdRejReason.DuplicateOrder, null, text);
        return (order, SystemReport(order, ExecType.Rejected, text) with { RejectReason = OrdRejReason.DuplicateOrder });
    }

    /// <summary>Registers a cancel/replace about to be sent: the venue's PendingReplace and Replaced reports for
    /// <paramref name="replacement"/>'s ClOrdID will refer to it.</summary>
    /// <exception cref="InvalidOperationException">The new ClOrdID is not fresh.</exception>
    public void BeginReplace(OrderRequest replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        if (!IsFresh(replacement.ClOrdId))
        {
            throw new InvalidOperationException($"ClOrdID {replacement.ClOrdId} is already used by {Account}.");
        }

        _pendingReplacements[replacement.ClOrdId] = replacement;
    }

    /// <summary>Forgets a cancel/replace the venue refused or never confirmed.</summary>
    public void AbandonReplace(ClOrdId newClOrdId) => _pendingReplacements.Remove(newClOrdId);

    /// <summary>
    /// Applies an execution report from the venue and returns it stamped with the order id, the OMS status and the
    /// average price; null when it is for an unknown order. A fill's <see cref="Fill"/> adds to the order's filled
    /// quantity; the caller books it in the ledger.
    /// </summary>
    /// <exception cref="InvalidOrderTransitionException">The report asks for a transition the state machine forbids;
    /// nothing is changed.</exception>
    public ExecutionReport? Apply(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var replacing = report.ExecType is ExecType.PendingReplace or ExecType.Replaced;
        var key = replacing ? report.OrigClOrdId.GetValueOrDefault() : report.ClOrdId;
        if (key.IsDefault || !_index.TryGetValue(key, out var order))
        {
            return null;
        }

        var leavesBefore = order.LeavesQty.Raw;
        var time = report.TransactTime;
        switch (report.ExecType)
        {
            case ExecType.New:
                order.MoveTo(OrdStatus.New, time, null);
                break;
            case ExecType.Trade when report.Fill is { } fill:
                var filled = order.CumQty + fill.LastQty;
                var next = filled >= order.Request.Quantity ? OrdStatus.Filled : OrdStatus.PartiallyFilled;
                OrderStateMachine.Require(order.ClOrdId, order.Status, next);
                order.AddFill(fill);
                order.MoveTo(next, time, null);
                break;
            case ExecType.Canceled:
                order.MoveTo(OrdStatus.Canceled, time, report.Text);
                break;
            case ExecType.PendingCancel:
                order.MoveTo(OrdStatus.PendingCancel, time, null);
                break;
            case ExecType.Expired:
                order.MoveTo(OrdStatus.Expired, time, report.Text);
                break;
            case ExecType.Rejected:
                order.MoveTo(OrdStatus.Rejected, time, report.Text);
                order.Reject(report.RejectReason ?? OrdRejReason.Other, null, report.Text);
                break;
            case ExecType.PendingReplace:
                order.MoveTo(OrdStatus.PendingReplace, time, null);
                break;
            case ExecType.Replaced:
                if (!_pendingReplacements.Remove(report.ClOrdId, out var replacement))
                {
                    return null;
                }

                order.MoveTo(OrdStatus.Replaced, time, null);
                Adjust(order, -leavesBefore);
                var status = order.CumQty.Raw > 0 ? OrdStatus.PartiallyFilled : OrdStatus.New;
                var successor = new Order(replacement, order.OrderId, order.Origin, status, order.ClOrdId, order.CumQty, order.CumNotional, ReferencePrice(replacement, order.ReferencePrice)) { Sizing = order.Sizing };
                Index(successor);
                Adjust(successor, successor.LeavesQty.Raw);
                return Stamp(report, successor);
            default:
                throw new ArgumentException($"Report {report.ExecId} has ExecType {report.ExecType} without what it needs (a Trade needs a Fill).", nameof(report));
        }

        Adjust(order, order.LeavesQty.Raw - leavesBefore);
        return Stamp(report, order);
    }

    /// <summary>The end of the trading day: the day's ClOrdIDs may be used again once their orders are terminal
    /// (DAY orders expire through the venue's Expired reports; working GTC orders keep their ClOrdIDs).</summary>
    public void EndOfDay() => _today.Clear();

    /// <summary>The reference price of an order: its limit, else its stop, else <paramref name="marketPrice"/>.</summary>
    public static decimal ReferencePrice(OrderRequest request, decimal marketPrice)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.LimitPrice?.ToDecimal() ?? request.StopPrice?.ToDecimal() ?? marketPrice;
    }

    private Order Log(OrderRequest request, string origin, OrdStatus status, decimal referencePrice)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsFresh(request.ClOrdId))
        {
            throw new InvalidOperationException($"ClOrdID {request.ClOrdId} is already used by {Account} today or still working.");
        }

        if (request.Account != Account)
        {
            throw new ArgumentException($"Order account '{request.Account}' is not this order manager's account '{Account}'.", nameof(request));
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{Account}-O{++_orderSequence:D10}");
        var order = new Order(request, id, origin, status, null, Quantity.Zero, 0m, referencePrice);
        Index(order);
        return order;
    }

    private void Index(Order order)
    {
        _orders.Add(order);
        _index[order.ClOrdId] = order;
        _today.Add(order.ClOrdId);
    }

    private void Adjust(Order order, long deltaLeavesRaw)
    {
        if (deltaLeavesRaw == 0)
        {
            return;
        }

        var symbol = order.Request.Symbol;
        var w = _working.GetValueOrDefault(symbol);
        _working[symbol] = order.Request.Side == Side.Buy ? (w.Buy + deltaLeavesRaw, w.Sell) : (w.Buy, w.Sell + deltaLeavesRaw);
        WorkingNotional += new Quantity(deltaLeavesRaw).ToDecimal() * order.ReferencePrice;
        var wasWorking = order.LeavesQty.Raw - deltaLeavesRaw > 0;
        var isWorking = order.LeavesQty.Raw > 0;
        WorkingCount += (isWorking ? 1 : 0) - (wasWorking ? 1 : 0);
    }

    private ExecutionReport SystemReport(Order order, ExecType execType, string text)
    {
        var r = order.Request;
        var id = string.Create(CultureInfo.InvariantCulture, $"{Account}-E{++_execSequence:D10}");
        return new ExecutionReport(id, r.ClOrdId, r.Account, r.Symbol, r.Side, execType, order.Status, r.Quantity, order.CumQty, order.LeavesQty, r.SentTime, null, null, text)
        {
            OrderId = order.OrderId.Length == 0 ? null : order.OrderId,
            OrigClOrdId = order.OrigClOrdId,
        };
    }

    private static ExecutionReport Stamp(ExecutionReport report, Order order)
        => report with { OrderId = order.OrderId, OrdStatus = order.Status, AveragePrice = order.AveragePrice, OrigClOrdId = report.OrigClOrdId ?? order.OrigClOrdId };
}
