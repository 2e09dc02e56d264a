using System.Runtime.InteropServices;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Accounts;

/// <content>The account's two outputs besides its answers: the journal (group commit per call) and the event sink
/// (published only while someone listens).</content>
public sealed partial class AccountEngine
{
    /// <summary>Journals an order entry with its outcome (a resend of an existing order changed nothing).</summary>
    private void JournalEntry(OrderRequest request, Order order, ClOrdIdUse use)
    {
        if (use == ClOrdIdUse.Resend)
        {
            return;
        }

        var outcome = use == ClOrdIdUse.Duplicate ? OrderEntryOutcome.DuplicateRejected
            : order.Status == OrdStatus.Rejected ? OrderEntryOutcome.RiskRejected
            : OrderEntryOutcome.Accepted;
        Journal(new OrderEntered(request, order.Origin, outcome, order.ReferencePrice, order.RejectReason, order.RiskReason, order.Text,
            order.Sizing == Sizing.SizingAudit.UnversionedKelly ? null : order.Sizing));
    }

    private void Journal(TradingJournalEntry entry)
    {
        if (_journal is not null)
        {
            _unjournaled.Add(entry);
        }
    }

    /// <summary>Appends this call's entries as one batch (group commit) and waits until it survives a process kill
    /// (<paramref name="flush"/> false: write-ahead, before the venue sees an order) or is durable (true: before the
    /// call returns). With nothing to append, a flushed commit still flushes the call's write-ahead batch (orders the
    /// venue answered nothing for yet are acknowledged as PendingNew, so they must be durable too); equity points and
    /// replay progress alone wait for a later flush.</summary>
    private async ValueTask CommitAsync(bool flush)
    {
        if (_journal is null)
        {
            return;
        }

        if (_unjournaled.Count == 0)
        {
            if (flush && _writeAheadUnflushed)
            {
                await _journal.FlushAsync();
                _writeAheadUnflushed = false;
            }

            return;
        }

        var payloads = JsonJournal<TradingJournalEntry>.Encode(CollectionsMarshal.AsSpan(_unjournaled), TradingJournalJson.Default.TradingJournalEntry);
        await _journal.AppendAsync(payloads, flush);
        _writeAheadUnflushed = !flush;
        _unjournaled.Clear();
    }

    /// <summary>Appends this call's entries as one batch without a flush and without waiting
    /// (<see cref="IRecordJournal.AppendUnflushed"/>): for equity points and replay progress.</summary>
    private void CommitUnflushed()
    {
        if (_journal is null || _unjournaled.Count == 0)
        {
            return;
        }

        _journal.AppendUnflushed(JsonJournal<TradingJournalEntry>.Encode(CollectionsMarshal.AsSpan(_unjournaled), TradingJournalJson.Default.TradingJournalEntry));
        _unjournaled.Clear();
    }

    private void PublishCreated(Order order, PreTradeResult check)
    {
        if (!_events.IsListening)
        {
            return;
        }

        var r = order.Request;
        var report = new ExecutionReport(
            $"{order.OrderId}-{(check.IsAccepted ? "A" : "8")}", r.ClOrdId, _account, r.Symbol, r.Side, check.IsAccepted ? ExecType.PendingNew : ExecType.Rejected,
            order.Status, r.Quantity, order.CumQty, order.LeavesQty, r.SentTime, null, order.RejectReason, order.Text)
        {
            OrderId = order.OrderId,
            RiskReason = order.RiskReason,
        };
        Publish(report);
    }

    private void Publish(ExecutionReport report)
    {
        if (!_events.IsListening)
        {
            return;
        }

        _events.PublishExecutionReport(report);
        if (report.Fill is { } fill)
        {
            _events.PublishFill(fill);
        }
    }

    private void PublishRisk(RiskSnapshot risk)
    {
        if (_events.IsListening)
        {
            _events.PublishRisk(risk);
        }
    }
}
