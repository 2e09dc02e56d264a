using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// Rebuilds an account's <see cref="PortfolioBook"/> from its journal: entries are applied in journal order —
/// <see cref="OrderEntered"/> and <see cref="ReplaceEntered"/> repeat the entry's journaled outcome without running a
/// check again (order manager, risk windows and counters, ClOrdID sequence); <see cref="ExecutionReported"/> goes
/// through <see cref="PortfolioBook.Apply"/> exactly as when it was first booked, so the ledger's fill-id guard makes
/// a repeated fill a no-op (counted in <see cref="DuplicateFills"/>); <see cref="RiskStateChanged"/>,
/// <see cref="DayEnded"/> and <see cref="ReplaceAbandoned"/> repeat themselves; the last <see cref="ReplayCheckpoint"/>
/// and <see cref="SignalsProcessed"/> are kept. Not thread-safe.
/// </summary>
public sealed class TradingJournalRecovery
{
    private readonly PortfolioBook _book;
    private readonly ExecSequenceTracker _execSequences;

    /// <summary>Starts recovering into <paramref name="book"/> (a new, empty book).</summary>
    public TradingJournalRecovery(PortfolioBook book)
        : this(book, new ExecSequenceTracker())
    {
    }

    /// <summary>Starts recovering into <paramref name="book"/> (a new book, or one restored from a snapshot whose exec
    /// sequences <paramref name="execSequences"/> holds and goes on updating).</summary>
    internal TradingJournalRecovery(PortfolioBook book, ExecSequenceTracker execSequences)
    {
        ArgumentNullException.ThrowIfNull(book);
        _book = book;
        _execSequences = execSequences;
    }

    /// <summary>Orders restored (replacements included once replaced).</summary>
    public int Orders { get; private set; }

    /// <summary>Execution reports replayed.</summary>
    public int Reports { get; private set; }

    /// <summary>Fills applied to the ledger.</summary>
    public int Fills { get; private set; }

    /// <summary>Trade reports whose fill id the ledger had already applied (they changed nothing).</summary>
    public int DuplicateFills { get; private set; }

    /// <summary>The latest replay progress in the journal, if any.</summary>
    public ReplayCheckpoint? Checkpoint { get; private set; }

    /// <summary>The last signal the account sized, if any.</summary>
    public SignalsProcessed? SignalsProcessed { get; private set; }

    /// <summary>The highest sequence of the execution ids <c>{venue}-{sequence}</c> booked from <paramref name="venue"/>
    /// (0 when none): a venue that restarted must continue after it.</summary>
    public long LastExecSequence(string venue) => _execSequences.Last(venue);

    /// <summary>Applies one entry.</summary>
    /// <exception cref="ArgumentException">The entry contradicts the book (another account, an unknown original order).</exception>
    /// <exception cref="InvalidOperationException">An order journaled twice, or a state transition the order state
    /// machine refuses (a journal that contradicts itself).</exception>
    public void Apply(TradingJournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry)
        {
            case OrderEntered order:
                _book.Restore(order);
                Orders++;
                break;
            case ReplaceEntered replace:
                _book.Restore(replace);
                break;
            case ReplaceAbandoned abandoned:
                _book.Oms.AbandonReplace(abandoned.ClOrdId);
                break;
            case ExecutionReported { Report: var report }:
                Reports++;
                _execSequences.Note(report.ExecId);
                var duplicate = report.Fill is { } fill && _book.Ledger.HasApplied(fill.FillId);
                if (_book.Apply(report) is not null && report.Fill is not null)
                {
                    Fills++;
                }
                else if (duplicate)
                {
                    DuplicateFills++;
                }

                break;
            case RiskStateChanged risk:
                _book.Risk.SetState(risk.State, risk.Reason);
                break;
            case DayEnded:
                _book.Oms.EndOfDay();
                break;
            case SignalsProcessed signals:
                SignalsProcessed = signals;
                break;
            case ReplayCheckpoint checkpoint:
                Checkpoint = checkpoint;
                break;
            case EquityRecorded equity:
                _book.RestoreEquity(new EquityPoint(equity.Time, equity.Equity));
                break;
            default:
                throw new ArgumentException($"Unknown journal entry type {entry.GetType().Name}.", nameof(entry));
        }
    }

    /// <summary>
    /// Cancel on disconnect: the orders still open that the venue no longer works (it did not survive the restart)
    /// are cancelled, as an exchange cancels a dropped session's orders. An order the venue had not acknowledged yet
    /// (PendingNew: in flight when the silo stopped) never reached its book, so it is rejected instead (FIX forbids
    /// PendingNew → Canceled; OrdRejReason 99, other). Returns one <see cref="ExecType.Canceled"/> or
    /// <see cref="ExecType.Rejected"/> report per such order (exec id <c>{ClOrdID}-restart</c>), already applied to the
    /// book; the caller journals them.
    /// </summary>
    /// <param name="stillWorking">Orders the venue reports as still working; they stay open.</param>
    /// <param name="time">Stamp for the reports (the account's market time).</param>
    public IReadOnlyList<ExecutionReport> CancelOrdersTheVenueLost(IReadOnlySet<ClOrdId> stillWorking, UnixNanos time)
    {
        ArgumentNullException.ThrowIfNull(stillWorking);
        var reports = new List<ExecutionReport>();
        foreach (var order in _book.Orders.Where(o => !o.IsTerminal && !stillWorking.Contains(o.ClOrdId)).ToArray())
        {
            var r = order.Request;
            var report = order.Status == OrdStatus.PendingNew
                ? new ExecutionReport(
                    r.ClOrdId + "-restart", r.ClOrdId, r.Account, r.Symbol, r.Side, ExecType.Rejected, OrdStatus.Rejected,
                    r.Quantity, order.CumQty, Quantity.Zero, time, null, OrdRejReason.Other,
                    "Rejected on restart: the order was in flight to the venue when the silo stopped and the venue never acknowledged it.")
                : new ExecutionReport(
                    r.ClOrdId + "-restart", r.ClOrdId, r.Account, r.Symbol, r.Side, ExecType.Canceled, OrdStatus.Canceled,
                    r.Quantity, order.CumQty, Quantity.Zero, time, null, null,
                    "Canceled on restart: the order was working when the silo stopped and the venue no longer holds it (cancel on disconnect).");
            if (_book.Apply(report) is not null)
            {
                reports.Add(report);
            }
        }

        return reports;
    }
}
