using Quant.Orleans.Core;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>
/// One account's trading engine: a <see cref="PortfolioBook"/> (sizing, risk engine, order manager, ledger) that sends
/// orders to its venue through an <see cref="IVenueSession"/>, books what comes back and publishes its execution
/// reports, fills and risk changes to an <see cref="IAccountEventSink"/>. A grain is a thin adapter around it.
/// <para>Write-ahead journal (with a journal store, once <see cref="RecoverAsync"/> opened the account's journal
/// there): every order entry, cancel/replace, execution report, risk change, end of day and replay checkpoint of a call
/// is appended to the account's <see cref="IRecordJournal"/> (one JSON document per entry, the encoding of
/// <see cref="JsonJournal{T}"/>) as one batch (group commit) and made durable before the call returns — before
/// anything is acknowledged; orders reach the journal (surviving a process kill, not yet flushed) before they reach the
/// venue. <see cref="Mark"/> and <see cref="RecordReplayProgress"/> append without a flush and without waiting
/// (<see cref="IRecordJournal.AppendUnflushed"/>): the file store writes them to the OS, the blob store holds them in
/// memory until the next flushed append, so there a killed process loses them (equity points, replay progress: the
/// replay resumes a little earlier), as a power loss does with the file store. Replaying the journal
/// (<see cref="TradingJournalRecovery"/>) rebuilds the account; then the engine reconnects to the venue and cancels
/// the open orders the venue no longer works (cancel on disconnect).</para>
/// <para>Time: the account's market time is the latest forecast, quote, mark or order time it has seen; a manual order
/// is stamped with its symbol's last NBBO time, else the market time, else the wall clock of the
/// <see cref="TimeProvider"/>. The equity curve gets one point per minute of market time (the first mark of each
/// minute).</para>
/// Deterministic: the same calls with the same venue answers give the same orders, ids and journal entries. Not
/// thread-safe: one caller at a time (a grain's turns); its awaits resume on the caller's context (no
/// <c>ConfigureAwait(false)</c>), so a grain's turn stays single-threaded.
/// </summary>
public sealed partial class AccountEngine : IDisposable
{
    /// <summary>Market time between two points of the equity curve: one minute, in nanoseconds.</summary>
    private const long EquityInterval = 60L * UnixNanos.NanosPerSecond;

    private readonly PortfolioBook _book;
    private readonly PortfolioBookOptions _options;
    private readonly string _account;
    private readonly string _venueName;
    private readonly IVenueSession _venue;
    private readonly IAccountEventSink _events;
    private readonly TimeProvider _time;
    private readonly List<ExecutionReport> _booked = [];
    private readonly IJournalStore? _journalStore;
    private readonly List<TradingJournalEntry> _unjournaled = [];
    private readonly ExecSequenceTracker _execSequences = new();
    private IRecordJournal? _journal;
    private ReplayCheckpoint? _checkpoint;
    private SignalsProcessed? _signalsProcessed;
    private long _nextEquityPoint = long.MinValue;
    private long _journalEntries;
    private bool _writeAheadUnflushed;
    private bool _recovered;
    private UnixNanos _marketTime;

    /// <summary>Creates an empty account; call <see cref="RecoverAsync"/> before anything else to recover it from its
    /// journal (and a snapshot) and reconnect to the venue.</summary>
    /// <param name="account">The account name (see <see cref="AccountName"/>).</param>
    /// <param name="options">Starting cash, sizing and risk limits.</param>
    /// <param name="venueName">The venue's name: the prefix of its execution ids <c>{venue}-{sequence}</c>.</param>
    /// <param name="venue">The account's session with the venue.</param>
    /// <param name="events">Where live events go (<see cref="NullAccountEventSink.Instance"/> for none).</param>
    /// <param name="timeProvider">The wall clock, used only while the account has seen no market time.</param>
    /// <param name="journalStore">Where the account's journal (<see cref="JournalName"/>) lives: a
    /// <see cref="FileJournalStore"/> on this machine's disk, or a store another machine can recover from (the silo's
    /// Azure Blob store); null for an account without one (nothing is journaled and nothing survives a restart but what
    /// a snapshot holds).</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="journalStore"/> is null.</exception>
    /// <exception cref="ArgumentException">The account name or an option is invalid, or the venue name is empty.</exception>
    public AccountEngine(string account, PortfolioBookOptions options, string venueName, IVenueSession venue, IAccountEventSink events, TimeProvider timeProvider, IJournalStore? journalStore = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(venueName);
        ArgumentNullException.ThrowIfNull(venue);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _book = new PortfolioBook(account, options);
        _options = options;
        _account = account;
        _venueName = venueName;
        _venue = venue;
        _events = events;
        _time = timeProvider;
        _journalStore = journalStore;
    }

    /// <summary>The account.</summary>
    public string Account => _account;

    /// <summary>The venue's name.</summary>
    public string VenueName => _venueName;

    /// <summary>The account's market time: the latest forecast, quote, mark or order time seen (UTC); 0 when none.</summary>
    public UnixNanos MarketTime => _marketTime;

    /// <summary>The sequence of the last journal entry written or recovered (the number of entries the journal holds);
    /// 0 without a journal, or the count a restored snapshot covered when the engine has no journal.</summary>
    public long JournalEntries => _journal?.LastSequence ?? _journalEntries;

    /// <summary>The latest replay progress recovered from or written to the journal (or restored from a snapshot);
    /// null when there is none.</summary>
    public ReplayCheckpoint? ReplayProgress => _checkpoint;

    /// <summary>The journal's name for an account: <c>portfolio-{account}</c>.</summary>
    public static string JournalName(string account) => "portfolio-" + account;

    /// <summary>
    /// Recovers the account, then reconnects to the venue. With <paramref name="snapshot"/>, the book and the engine's
    /// state are first put back as captured (<see cref="Capture"/>); with a journal store, the journal is opened there
    /// and its entries after the snapshot's <see cref="AccountSnapshot.JournalEntries"/> (all of them without one) are
    /// replayed (<see cref="TradingJournalRecovery"/>: orders, reports and fills, risk state, ClOrdID sequence). Then,
    /// when there was a journal or a snapshot, the account reconnects: the venue's execution ids continue after the
    /// last booked, reports queued meanwhile are booked, and open orders the venue no longer works (it restarted) are
    /// cancelled (cancel on disconnect), journaled and published. Without a journal and a snapshot it does nothing.
    /// </summary>
    /// <param name="snapshot">A snapshot of this account, or null to recover from the journal alone.</param>
    /// <exception cref="InvalidOperationException">The engine has already recovered or been used.</exception>
    /// <exception cref="AccountSnapshotException">The snapshot is not this account's, is inconsistent, or covers more
    /// entries than the journal holds; the account is not recovered and the engine is to be discarded.</exception>
    /// <exception cref="JournalCorruptedException">The journal is damaged (the message names the segment and offset).</exception>
    /// <exception cref="IOException">Another writer holds the journal (<see cref="JournalConflictException"/> when it
    /// changed under this one), or the storage failed.</exception>
    public async ValueTask RecoverAsync(AccountSnapshot? snapshot = null)
    {
        if (_recovered || _book.Orders.Count > 0 || _book.Ledger.Fills.Count > 0 || _book.EquityCurve.Count > 0)
        {
            throw new InvalidOperationException($"Account {_account} has already recovered or traded; recovery runs once, first.");
        }

        _recovered = true;
        if (snapshot is not null)
        {
            Restore(snapshot);
        }

        if (_journalStore is null && snapshot is null)
        {
            return;
        }

        var recovery = new TradingJournalRecovery(_book, _execSequences);
        if (_journalStore is not null)
        {
            var covered = _journalEntries;
            var typeInfo = TradingJournalJson.Default.TradingJournalEntry;
            _journal = await _journalStore.OpenAsync(JournalName(_account), record =>
            {
                if (record.Sequence > covered)
                {
                    recovery.Apply(JsonJournal<TradingJournalEntry>.Decode(record, typeInfo));
                }
            });
            if (_journal.LastSequence < covered)
            {
                var held = _journal.LastSequence;
                await _journal.DisposeAsync();
                _journal = null;
                throw new AccountSnapshotException("journalEntries", $"the snapshot covers {covered} journal entries but the journal {_journalStore.Describe(JournalName(_account))} holds {held}.");
            }

            _checkpoint = recovery.Checkpoint ?? _checkpoint;
            _signalsProcessed = recovery.SignalsProcessed ?? _signalsProcessed;
            if (_book.EquityCurve is [.., var last] && last.Time.Value >= _nextEquityPoint)
            {
                // The curve continues after the last recovered point: the next point is due in the following minute.
                _nextEquityPoint = (last.Time.Value / EquityInterval * EquityInterval) + EquityInterval;
            }
        }

        foreach (var order in _book.Orders)
        {
            Advance(order.Request.SentTime);
        }

        if (_checkpoint is { } checkpoint)
        {
            Advance(checkpoint.MarketTime);
        }

        await ReconnectAsync(recovery);
    }

    /// <summary>
    /// Reconciles the account with a venue that restarted while the account stayed up (the venue's grain came back on
    /// another silo, empty): as after a recovery, the venue's execution ids continue after the last booked, reports it
    /// queued are booked, and open orders it no longer works are cancelled (a working order) or rejected (one still
    /// PendingNew), journaled, flushed and published. Does nothing before <see cref="RecoverAsync"/>.
    /// </summary>
    /// <exception cref="IOException">The journal could not be written.</exception>
    public async ValueTask ReconcileWithVenueAsync()
    {
        if (!_recovered)
        {
            return;
        }

        await ReconnectAsync(new TradingJournalRecovery(_book, _execSequences));
    }

    private async ValueTask ReconnectAsync(TradingJournalRecovery recovery)
    {
        var open = _book.Orders.Where(o => !o.IsTerminal).Select(o => o.ClOrdId).ToArray();
        var reconnect = await _venue.Reconnect(_execSequences.Last(_venueName), open);
        _booked.Clear();
        Book(reconnect.Reports);
        foreach (var report in recovery.CancelOrdersTheVenueLost(reconnect.Working.ToHashSet(), Now()))
        {
            _execSequences.Note(report.ExecId);
            Journal(new ExecutionReported(report));
            Publish(report);
        }

        await CommitAsync(flush: true);
    }

    /// <summary>
    /// Sizes forecasts (in time, then ticker order) into orders and sends them: each forecast marks its NBBO, advances
    /// market time and goes through <see cref="PortfolioBook.OnForecast(Quote, in Sizing.SizingForecast)"/>; accepted orders are sent together, risk
    /// rejections are only logged. A forecast at or before the last one sized before a restart
    /// (<see cref="SignalsProcessed"/>) is skipped: its orders are already in the journal. Journal: the order entries
    /// and the last forecast sized are appended before the orders go to the venue, the venue's reports after, all
    /// flushed before this returns.
    /// </summary>
    /// <returns>The venue's reports booked now (stamped by the order manager), in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="forecasts"/> is null.</exception>
    public async ValueTask<ExecutionReport[]> OnForecastsAsync(IReadOnlyList<AccountForecast> forecasts)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        List<OrderRequest>? orders = null;
        AccountForecast? last = null;
        _booked.Clear();
        for (var i = 0; i < forecasts.Count; i++)
        {
            var forecast = forecasts[i];
            if (_signalsProcessed is { } done && done.Covers(forecast.Time, forecast.Symbol))
            {
                continue; // sized before a restart: its orders are in the journal
            }

            last = forecast;
            _book.Mark(forecast.Nbbo);
            Advance(forecast.Time);
            if (_book.OnForecast(forecast.Nbbo, forecast.ToSizing()) is { } sized)
            {
                var order = _book.Oms.Find(sized.Order.ClOrdId)!;
                JournalEntry(sized.Order, order, ClOrdIdUse.Fresh);
                PublishCreated(order, sized.Check);
                if (sized.Check.IsAccepted)
                {
                    (orders ??= []).Add(sized.Order);
                }
            }
        }

        if (last is { } sizedLast && _journal is not null && _unjournaled.Count > 0)
        {
            _signalsProcessed = new SignalsProcessed(sizedLast.Time, sizedLast.Symbol);
            Journal(_signalsProcessed);
        }

        if (orders is null)
        {
            await CommitAsync(flush: true);
            return [];
        }

        await CommitAsync(flush: false); // write-ahead: the orders reach the journal before the venue
        Book(await _venue.Submit(orders.ToArray()));
        await CommitAsync(flush: true);
        return _booked.ToArray();
    }

    /// <summary>Takes and books the reports the venue has queued for the account (fills, cancels, expiries caused by
    /// quotes or the end of the day), in the venue's order; journaled and flushed before this returns.</summary>
    public async ValueTask SyncWithVenueAsync()
    {
        _booked.Clear();
        Book(await _venue.TakeReports());
        await CommitAsync(flush: true);
    }

    /// <summary>Marks positions to <paramref name="quotes"/> (NBBO mids) at market time <paramref name="time"/>; the
    /// first mark of each minute of market time also records a point of the equity curve, journaled without a flush and
    /// without waiting (<see cref="IRecordJournal.AppendUnflushed"/>: durable with the next flushed append; the blob
    /// store holds it in memory until then).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="quotes"/> is null.</exception>
    public void Mark(IReadOnlyList<Quote> quotes, UnixNanos time)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        for (var i = 0; i < quotes.Count; i++)
        {
            _book.Mark(quotes[i]);
        }

        Advance(time);
        if (time.Value >= _nextEquityPoint)
        {
            _book.RecordEquity(time);
            if (_journal is not null && _book.EquityCurve is [.., var point] && point.Time == time)
            {
                Journal(new EquityRecorded(point.Time, point.Equity));
                CommitUnflushed(); // durable with the next flush, like replay progress
            }

            _nextEquityPoint = (time.Value / EquityInterval * EquityInterval) + EquityInterval;
        }
    }

    /// <summary>The end of the trading day at market time <paramref name="time"/>: books the venue's queued reports
    /// (expiries), then frees the day's ClOrdIDs; journaled (<see cref="DayEnded"/>) and flushed.</summary>
    public async ValueTask EndOfDayAsync(UnixNanos time)
    {
        await SyncWithVenueAsync();
        Advance(time);
        _book.Oms.EndOfDay();
        Journal(new DayEnded(time));
        await CommitAsync(flush: true);
    }

    /// <summary>Records that a replay has processed every market event up to <paramref name="checkpoint"/>: journaled
    /// without a flush of its own and without waiting (<see cref="IRecordJournal.AppendUnflushed"/>: it becomes durable
    /// with the next flushed append — the file store has written it to the OS meanwhile, the blob store holds it in
    /// memory, so a killed process loses it there; a lost one only makes the replay resume a little earlier). Does
    /// nothing without a journal.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="checkpoint"/> is null.</exception>
    public void RecordReplayProgress(ReplayCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (_journal is not null)
        {
            _checkpoint = checkpoint;
            Journal(checkpoint);
            CommitUnflushed();
        }
    }

    /// <summary>Flushes and closes the journal (the writer is released); the engine journals nothing afterwards.
    /// Idempotent. Blocks the thread on the store's I/O; in a grain use <see cref="CloseAsync"/>.</summary>
    /// <exception cref="IOException">The final flush failed (the journal is released all the same).</exception>
    public void Close()
    {
        if (_journal is { } journal)
        {
            _journalEntries = journal.LastSequence;
            _journal = null;
            journal.Dispose();
        }
    }

    /// <summary>Flushes and closes the journal asynchronously (see <see cref="Close"/>). Idempotent.</summary>
    /// <exception cref="IOException">The final flush failed (the journal is released all the same).</exception>
    public async ValueTask CloseAsync()
    {
        if (_journal is { } journal)
        {
            _journalEntries = journal.LastSequence;
            _journal = null;
            await journal.DisposeAsync();
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    private UnixNanos Now() => _marketTime.Value != 0 ? _marketTime : UnixNanos.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private void Advance(UnixNanos time)
    {
        if (time > _marketTime)
        {
            _marketTime = time;
        }
    }

    private void Book(ExecutionReport[] reports)
    {
        foreach (var report in reports)
        {
            if (_book.Apply(report) is { } stamped)
            {
                _execSequences.Note(report.ExecId);
                Journal(new ExecutionReported(report));
                _booked.Add(stamped);
                Publish(stamped);
            }
        }
    }
}
