using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Trading.Portfolio;

/// <content>Recovery from an account's journal: the entries put the book back without running a check again.</content>
public sealed partial class PortfolioBook
{
    /// <summary>
    /// Enters an order as it was first entered (<see cref="Enter"/> before a restart): the journaled outcome stands —
    /// accepted (risk windows and working exposure restored at the journaled reference price), rejected by the risk
    /// checks (counted, with its reasons), or rejected as a duplicate ClOrdID — and the ClOrdID sequence resumes
    /// after the order's id.
    /// </summary>
    /// <exception cref="ArgumentException">The order is for another account, or its outcome is not defined.</exception>
    /// <exception cref="InvalidOperationException">The ClOrdID is already working or used today (a journal that
    /// contradicts itself).</exception>
    public Order Restore(OrderEntered entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var order = entry.Order;
        if (order.Account != Ledger.Account)
        {
            throw new ArgumentException($"Journaled order {order.ClOrdId} is for account '{order.Account}', this book is '{Ledger.Account}'.", nameof(entry));
        }

        _ids.Observe(order.ClOrdId);
        Order restored;
        switch (entry.Outcome)
        {
            case OrderEntryOutcome.Accepted:
                Risk.RestoreAccepted(order);
                restored = Oms.Accept(order, entry.Origin, entry.ReferencePrice).Order;
                break;
            case OrderEntryOutcome.RiskRejected:
                RiskRejections++;
                Risk.CountRejection(entry.RiskReason ?? PreTradeRejectReason.None);
                restored = Oms.RejectNew(order, entry.Origin, entry.RejectReason ?? OrdRejReason.Other, entry.RiskReason, entry.Text).Order;
                break;
            case OrderEntryOutcome.DuplicateRejected:
                restored = Oms.RejectDuplicate(order, entry.Origin).Order;
                break;
            default:
                throw new ArgumentException($"Journaled order {order.ClOrdId} has an undefined outcome {(int)entry.Outcome}.", nameof(entry));
        }

        // the audit trail of the sizing decision as journaled; none on a signal order: Kelly without a model version
        // (SizingAudit.UnversionedKelly, which the journal omits)
        restored.Sizing = entry.Sizing ?? (string.Equals(entry.Origin, "signal", StringComparison.Ordinal) ? SizingAudit.UnversionedKelly : null);
        return restored;
    }

    /// <summary>
    /// Repeats a cancel/replace request as it was first prepared (<see cref="PrepareReplace"/>): when its risk check
    /// passed, the replacement waits for the venue's Replaced report (which follows in the journal, if it came);
    /// otherwise the rejection is counted as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The original order is not in the book.</exception>
    public void Restore(ReplaceEntered entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Oms.Find(entry.OrigClOrdId) is not { } order)
        {
            throw new ArgumentException($"Journaled replace of {entry.OrigClOrdId}: no such order in the journal before it.", nameof(entry));
        }

        var replacement = entry.Replacement;
        _ids.Observe(replacement.ClOrdId);
        if (entry.Accepted)
        {
            Risk.RestoreAccepted(replacement.Replace(replacement.ClOrdId, replacement.Quantity - order.CumQty, replacement.LimitPrice, replacement.StopPrice, replacement.SentTime));
            Oms.BeginReplace(replacement);
        }
        else
        {
            RiskRejections++;
            Risk.CountRejection(entry.RiskReason ?? PreTradeRejectReason.None);
            Oms.RejectDuplicate(replacement, order.Origin);
        }
    }
}
