using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// Rebuilds an account's <see cref="PortfolioBook"/> from its journal: entries are applied in journal order —
/// <see cref="OrderEntered"/> restores the order as recorded (no check runs again, the ClOrdID sequence resumes),
/// <see cref="ExecutionReported"/> goes through <see cref="PortfolioBook.Apply"/> exactly as when it was first booked,
/// so the ledger's fill-id guard makes a repeated fill a no-op (counted in <see cref="DuplicateFills"/>), and
/// <see cref="ReplayCheckpoint"/> keeps the latest replay progress. The result is the same book, order log, ledger
/// and ClOrdID sequence as before the restart. Not thread-safe.
/// </summary>
public sealed class TradingJournalRecovery
{
    private readonly PortfolioBook _book;

    /// <summary>Starts recovering into <paramref name="book"/> (a new, empty book).</summary>
    public TradingJournalRecovery(PortfolioBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        _book = book;
    }

    /// <summary>Orders restored.</summary>
    public int Orders { get; private set; }

    /// <summary>Execution reports replayed.</summary>
    public int Reports { get; private set; }

    /// <summary>Fills applied to the ledger.</summary>
    public int Fills { get; private set; }

    /// <summary>Trade reports whose fill id the ledger had already applied (changed nothing).</summary>
    public int DuplicateFills { get; private set; }

    /// <summary>Reports for an order the journal does not hold (changed nothing).</summary>
    public int UnknownOrderReports { get; private set; }

    /// <summary>The latest replay progress in the journal, if any.</summary>
    public ReplayCheckpoint? Checkpoint { get; private set; }

    /// <summary>The last signal the account sized, if any.</summary>
    public SignalsProcessed? SignalsProcessed { get; private set; }

    /// <summary>The highest execution id booked (ordinal order, which is numeric order for one venue's
    /// fixed-width ids); null before the first report.</summary>
    public string? HighestExecId { get; private set; }

    /// <summary>Applies one entry.</summary>
    /// <exception cref="ArgumentException">The entry contradicts the book (another account, an order journaled twice).</exception>
    public void Apply(TradingJournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry)
        {
            case OrderEntered order:
                _book.Restore(order.Order, order.Origin, order.Accepted, order.Text);
                Orders++;
                break;
            case ExecutionReported { Report: var report }:
                Reports++;
                if (HighestExecId is null || string.CompareOrdinal(report.ExecId, HighestExecId) > 0)
                {
                    HighestExecId = report.ExecId;
                }

                var duplicate = report.Fill is { } fill && _book.Ledger.HasApplied(fill.FillId);
                if (_book.Apply(report))
                {
                    Fills += report.Fill is null ? 0 : 1;
                }
                else if (duplicate)
                {
                    DuplicateFills++;
                }
                else
                {
                    UnknownOrderReports++;
                }

                break;
            case ReplayCheckpoint checkpoint:
                Checkpoint = checkpoint;
                break;
            case SignalsProcessed signals:
                SignalsProcessed = signals;
                break;
            default:
                throw new ArgumentException($"Unknown journal entry type {entry.GetType().Name}.", nameof(entry));
        }
    }

    /// <summary>
    /// Cancel on disconnect: the orders still working when the account went down are cancelled, as an exchange
    /// cancels a dropped session's orders (the simulated venue does not survive a restart). Returns one
    /// <see cref="ExecType.Canceled"/> report per such order (exec id <c>{ClOrdID}-restart</c>), already applied to
    /// the book; the caller journals them.
    /// </summary>
    /// <param name="time">Stamp for the reports (the account's market time).</param>
    public IReadOnlyList<ExecutionReport> CancelOpenOrders(UnixNanos time)
    {
        var reports = new List<ExecutionReport>();
        foreach (var record in _book.Orders.Where(o => !o.IsTerminal).ToArray())
        {
            var order = record.Order;
            var report = new ExecutionReport(
                order.ClOrdId + "-restart", order.ClOrdId, order.Account, order.Symbol, order.Side, ExecType.Canceled, OrdStatus.Canceled,
                order.Quantity, record.CumQty, Quantity.Zero, time, null, null,
                "Canceled on restart: the order was working when the silo stopped (cancel on disconnect).");
            _book.Apply(report);
            reports.Add(report);
        }

        return reports;
    }
}
