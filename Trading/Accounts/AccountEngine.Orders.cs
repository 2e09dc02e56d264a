using Quant.Orleans.Core;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Accounts;

/// <content>Order commands from people (the client console, the gateway): new order single, cancel, cancel/replace,
/// with the FIX answers (OrderCancelReject as <see cref="OrderCommandStatus.Conflict"/>).</content>
public sealed partial class AccountEngine
{
    /// <summary>A new order (FIX 35=D): see <see cref="NewOrdersAsync"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async ValueTask<OrderCommandResult> NewOrderAsync(NewOrderCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var results = await NewOrdersAsync([command]);
        return results[0];
    }

    /// <summary>
    /// New orders (FIX 35=D), sent to the venue together. Each command's ClOrdID (or a fresh generated one) is checked:
    /// a resend of an existing order with the same content answers with that order and creates nothing; the same
    /// ClOrdID with other content is rejected as a duplicate (OrdRejReason 6); otherwise the order is stamped with its
    /// symbol's NBBO time (the venue's NBBO is taken first when newer than the account's) and checked by the risk
    /// engine: accepted orders go to the venue, rejections are answered <see cref="OrderCommandStatus.Ok"/> with the
    /// order Rejected. Journal: the entries are appended before the venue sees the orders, its reports after, all
    /// flushed before this returns.
    /// </summary>
    /// <returns>One result per command, in order: <see cref="OrderCommandStatus.Invalid"/> when the command cannot make
    /// an order (the error names the rule), else <see cref="OrderCommandStatus.Ok"/> with the order and its reports
    /// (the PendingNew or Rejected report, then the venue's reports for it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="commands"/> is null.</exception>
    public async ValueTask<OrderCommandResult[]> NewOrdersAsync(NewOrderCommand[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        await RefreshQuotes(commands);
        var results = new OrderCommandResult[commands.Length];
        var entries = new (Order? Order, ExecutionReport? Report)[commands.Length];
        List<OrderRequest>? toSend = null;
        for (var i = 0; i < commands.Length; i++)
        {
            var c = commands[i];
            OrderRequest request;
            try
            {
                QuantityRules.Validate(c.Symbol, c.Quantity);
                var id = c.ClOrdId is null ? NextFreshClOrdId() : new ClOrdId(c.ClOrdId);
                request = new OrderRequest(id, _account, c.Symbol, c.Side, c.Quantity, c.OrdType, c.LimitPrice, c.TimeInForce, SentTime(c.Symbol), c.StopPrice);
            }
            catch (ArgumentException e)
            {
                results[i] = new OrderCommandResult(OrderCommandStatus.Invalid, null, [], e.Message);
                continue;
            }

            var entry = _book.Enter(request, "manual");
            JournalEntry(request, entry.Order, entry.ClOrdIdUse);
            entries[i] = (entry.Order, entry.Report);
            if (entry.Report is { } report)
            {
                Publish(report);
            }

            if (entry.Send)
            {
                (toSend ??= []).Add(request);
            }
        }

        _booked.Clear();
        if (toSend is not null)
        {
            await CommitAsync(flush: false);
            Book(await _venue.Submit(toSend.ToArray()));
        }

        await CommitAsync(flush: true);

        // The venue's reports, grouped by order (one pass, so a batch costs O(reports)).
        Dictionary<ClOrdId, List<ExecutionReport>>? byOrder = null;
        if (_booked.Count > 0)
        {
            byOrder = [];
            foreach (var r in _booked)
            {
                if (!byOrder.TryGetValue(r.ClOrdId, out var list))
                {
                    byOrder.Add(r.ClOrdId, list = []);
                }

                list.Add(r);
            }
        }

        for (var i = 0; i < commands.Length; i++)
        {
            if (results[i] is not null)
            {
                continue;
            }

            var (order, report) = entries[i];
            List<ExecutionReport>? mine = null;
            byOrder?.TryGetValue(order!.ClOrdId, out mine);
            ExecutionReport[] reports = (report, mine) switch
            {
                (null, null) => [],
                (null, _) => [.. mine],
                (_, null) => [report],
                _ => [report, .. mine],
            };
            results[i] = new OrderCommandResult(OrderCommandStatus.Ok, order!.ToRecord(), reports, null);
        }

        return results;
    }

    /// <summary>
    /// Cancels a working order (FIX 35=F) at the venue, stamped with the account's market time.
    /// </summary>
    /// <returns><see cref="OrderCommandStatus.Ok"/> with the order and the reports booked when the venue cancelled it;
    /// <see cref="OrderCommandStatus.Invalid"/> for a malformed ClOrdID; <see cref="OrderCommandStatus.NotFound"/>;
    /// <see cref="OrderCommandStatus.Conflict"/> (OrderCancelReject) when the order is terminal — too late to cancel,
    /// CxlRejReason 0 — or a cancel or replace is pending (CxlRejReason 3), also when the venue no longer had it.</returns>
    public async ValueTask<OrderCommandResult> CancelOrderAsync(string clOrdId)
    {
        if (!TryParse(clOrdId, out var id, out var problem))
        {
            return new OrderCommandResult(OrderCommandStatus.Invalid, null, [], problem);
        }

        if (_book.Oms.Find(id) is not { } order)
        {
            return new OrderCommandResult(OrderCommandStatus.NotFound, null, [], $"No order {clOrdId} in account {_account}.");
        }

        if (!OrderStateMachine.CanCancel(order.Status))
        {
            return CancelReject(order);
        }

        _booked.Clear();
        Book(await _venue.Cancel(id, Now(), $"Cancelled on request of {_account}."));
        await CommitAsync(flush: true);
        return _booked.Any(r => r.ExecType == ExecType.Canceled && r.ClOrdId == id)
            ? new OrderCommandResult(OrderCommandStatus.Ok, order.ToRecord(), [.. _booked], null)
            : CancelReject(order) with { Reports = [.. _booked] };
    }

    /// <summary>
    /// Cancel/replace (FIX 35=G) of a working order: the replacement (quantity and prices from
    /// <paramref name="command"/>, the rest from the original) is checked by the risk engine with the original's
    /// working quantity taken out; a rejection is journaled and answered with the rejected replacement; otherwise the
    /// request is journaled, sent, and the answer is the replacement once the venue replaced it. When the venue did
    /// not (the original filled or was cancelled meanwhile), the pending replacement is dropped and journaled as
    /// abandoned.
    /// </summary>
    /// <returns><see cref="OrderCommandStatus.Ok"/> with the replacement (or the risk-rejected replacement);
    /// <see cref="OrderCommandStatus.Invalid"/> (malformed or taken ClOrdID, quantity not above the filled quantity,
    /// prices not matching the type); <see cref="OrderCommandStatus.NotFound"/>; <see cref="OrderCommandStatus.Conflict"/>
    /// when the original is terminal or pending, or the venue no longer had it (too late to replace, CxlRejReason 0).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async ValueTask<OrderCommandResult> ReplaceOrderAsync(string origClOrdId, ReplaceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!TryParse(origClOrdId, out var orig, out var problem))
        {
            return new OrderCommandResult(OrderCommandStatus.Invalid, null, [], problem);
        }

        ClOrdId newId;
        try
        {
            newId = command.ClOrdId is null ? NextFreshClOrdId() : new ClOrdId(command.ClOrdId);
        }
        catch (ArgumentException e)
        {
            return new OrderCommandResult(OrderCommandStatus.Invalid, null, [], $"clOrdId: {e.Message}");
        }

        if (_book.Oms.Find(orig) is { } existing)
        {
            if (command.Quantity is { } quantity && QuantityRules.Problem(existing.Request.Symbol, quantity) is { } lots)
            {
                return new OrderCommandResult(OrderCommandStatus.Invalid, existing.ToRecord(), [], lots);
            }

            await RefreshQuote(existing.Request.Symbol);
        }

        var entry = _book.PrepareReplace(orig, newId, command.Quantity, command.LimitPrice, command.StopPrice, SentTime(_book.Oms.Find(orig)?.Request.Symbol));
        switch (entry.Outcome)
        {
            case ReplaceOutcome.NotFound:
                return new OrderCommandResult(OrderCommandStatus.NotFound, null, [], entry.Problem);
            case ReplaceOutcome.Conflict:
                return new OrderCommandResult(OrderCommandStatus.Conflict, entry.Order!.ToRecord(), [], entry.Problem);
            case ReplaceOutcome.Invalid:
                return new OrderCommandResult(OrderCommandStatus.Invalid, entry.Order?.ToRecord(), [], entry.Problem);
            case ReplaceOutcome.RiskRejected:
                Journal(new ReplaceEntered(orig, entry.Replacement!, false, entry.Report!.RiskReason));
                await CommitAsync(flush: true);
                Publish(entry.Report!);
                return new OrderCommandResult(OrderCommandStatus.Ok, entry.Order!.ToRecord() with { OrigClOrdId = orig }, [entry.Report!], null);
        }

        Journal(new ReplaceEntered(orig, entry.Replacement!, true, null));
        await CommitAsync(flush: false);
        _booked.Clear();
        Book(await _venue.Replace(orig, entry.Replacement!));
        if (_book.Oms.Find(newId) is { } replacement && _booked.Any(r => r.ExecType == ExecType.Replaced && r.ClOrdId == newId))
        {
            await CommitAsync(flush: true);
            return new OrderCommandResult(OrderCommandStatus.Ok, replacement.ToRecord(), [.. _booked], null);
        }

        _book.Oms.AbandonReplace(newId);
        Journal(new ReplaceAbandoned(newId));
        await CommitAsync(flush: true);
        var now = _book.Oms.Find(orig)!;
        return new OrderCommandResult(OrderCommandStatus.Conflict, now.ToRecord(), [.. _booked], $"Order {orig} is {now.Status} at the venue: too late to replace (CxlRejReason 0).");
    }

    private static bool TryParse(string text, out ClOrdId id, out string problem)
    {
        try
        {
            id = new ClOrdId(text);
            problem = string.Empty;
            return true;
        }
        catch (ArgumentException e)
        {
            id = default;
            problem = $"clOrdId: {e.Message}";
            return false;
        }
    }

    private static OrderCommandResult CancelReject(Order order) => new(
        OrderCommandStatus.Conflict, order.ToRecord(), [],
        order.IsTerminal
            ? $"Order {order.ClOrdId} is {order.Status}: too late to cancel (CxlRejReason 0)."
            : $"Order {order.ClOrdId} is {order.Status}: a cancel or replace is already pending (CxlRejReason 3).");

    private ClOrdId NextFreshClOrdId()
    {
        while (true)
        {
            var id = _book.NextClOrdId();
            if (_book.Oms.IsFresh(id))
            {
                return id;
            }
        }
    }

    /// <summary>Takes the venue's NBBO for the commands' symbols (the account may not be marked by a replay).</summary>
    private async ValueTask RefreshQuotes(NewOrderCommand[] commands)
    {
        if (_marketTime.Value == 0 && await _venue.GetMarketTime() is { } venueTime)
        {
            Advance(venueTime); // an account with no market data of its own (a new account, an unseen symbol)
        }

        Symbol previous = default;
        foreach (var c in commands)
        {
            if (c is not null && c.Symbol != previous && c.Symbol.Ticker is not null)
            {
                previous = c.Symbol;
                await RefreshQuote(c.Symbol);
            }
        }
    }

    private async ValueTask RefreshQuote(Symbol symbol)
    {
        if (await _venue.GetQuote(symbol) is { } quote && (_book.LastQuote(symbol) is not { } mine || mine.Time < quote.Time))
        {
            _book.Mark(quote);
            Advance(quote.Time);
        }
    }

    /// <summary>The time a manual order is stamped with: the account's view of market time (the NBBO of the symbol,
    /// else the latest market time seen), or the clock when it has seen no market data.</summary>
    private UnixNanos SentTime(Symbol? symbol)
    {
        if (symbol is { } s && _book.LastQuote(s) is { } q)
        {
            return q.Time;
        }

        return Now();
    }
}
