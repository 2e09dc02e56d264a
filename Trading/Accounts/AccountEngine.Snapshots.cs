using System.Collections.Immutable;
using System.Diagnostics;

namespace Quant.Orleans.Trading.Accounts;

/// <content>Capture of the account's full state for a persistent grain state, and its restore.</content>
public sealed partial class AccountEngine
{
    /// <summary>
    /// The account's full state now, as immutable data sharing nothing with the engine (a deep copy): the book (orders
    /// with their full state, ledger, risk engine, ClOrdID sequence, last quotes, equity curve, risk rejections) and
    /// the engine's market time, equity cadence, replay checkpoint, forecast guard, venue execution sequences and the
    /// number of journal entries it covers. Records appended without a flush are flushed first, so the entries the
    /// snapshot covers are durable (a snapshot covering entries the journal lost would be refused at recovery). Blocks
    /// the thread on the store's I/O; in a grain use <see cref="CaptureAsync"/>. Pass the snapshot to
    /// <see cref="RecoverAsync"/> of a new engine to start from it.
    /// </summary>
    /// <exception cref="IOException">The journal's flush failed.</exception>
    public AccountSnapshot Capture()
    {
        Debug.Assert(_unjournaled.Count == 0, "Invariant: every call commits its journal entries before it returns.");
        _journal?.Flush();
        return CaptureFlushed();
    }

    /// <summary><see cref="Capture"/>, flushing the journal asynchronously and then confirming that this engine still
    /// holds it (<see cref="Journal.IRecordJournal.ConfirmWriterAsync"/>): an activation that lost its account to another
    /// silo, or whose journal refused a write (its state may be ahead of its journal), never produces a snapshot.</summary>
    /// <exception cref="InvalidOperationException">An earlier journal write failed; no snapshot is taken.</exception>
    /// <exception cref="IOException">The journal's flush failed, or another writer took the journal over
    /// (<see cref="Journal.JournalConflictException"/>); no snapshot is taken.</exception>
    public async ValueTask<AccountSnapshot> CaptureAsync()
    {
        Debug.Assert(_unjournaled.Count == 0, "Invariant: every call commits its journal entries before it returns.");
        if (_journal is not null)
        {
            await _journal.FlushAsync();
            await _journal.ConfirmWriterAsync();
        }

        return CaptureFlushed();
    }

    private AccountSnapshot CaptureFlushed()
    {
        var venues = _execSequences.Entries();
        var exec = ImmutableArray.CreateBuilder<VenueExecSequence>(venues.Count);
        foreach (var (venue, sequence) in venues)
        {
            exec.Add(new VenueExecSequence(venue, sequence));
        }

        return new AccountSnapshot(
            AccountSnapshot.CurrentSchemaVersion, _account, JournalEntries, _marketTime, _nextEquityPoint, _checkpoint, _signalsProcessed, exec.MoveToImmutable(), _book.Capture());
    }

    /// <summary>Puts the new engine in the state <paramref name="snapshot"/> holds, after checking it.</summary>
    /// <exception cref="AccountSnapshotException">The snapshot is refused (see <see cref="AccountSnapshotValidator.Validate"/>).</exception>
    private void Restore(AccountSnapshot snapshot)
    {
        AccountSnapshotValidator.Validate(snapshot, _account, _options);
        _book.Restore(snapshot.Book);
        _marketTime = snapshot.MarketTime;
        _nextEquityPoint = snapshot.NextEquityPoint;
        _checkpoint = snapshot.Checkpoint;
        _signalsProcessed = snapshot.SignalsProcessed;
        foreach (var (venue, sequence) in snapshot.ExecSequences)
        {
            _execSequences.Restore(venue, sequence);
        }

        _journalEntries = snapshot.JournalEntries;
    }
}
