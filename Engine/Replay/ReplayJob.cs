using System.Diagnostics;
using System.Threading.Channels;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Records;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Engine.Replay;

/// <summary>
/// The main job: replays recorded ticks through the grid — per batch, each symbol's events go to its
/// <see cref="ISymbolGrain"/> (in parallel across symbols); the signals that pass the gates go, in time then symbol
/// order, to the account's <see cref="IPortfolioGrain"/>, which sizes, checks and sends orders to the venue; the
/// batch's NBBO updates then go to the <see cref="IExecutionGrain"/>, whose fills go back to the portfolio; the
/// portfolio marks to market once a minute of market time. Every step is awaited before the next, so a replay with
/// the same data and settings produces the same orders, byte for byte. Orders sent in a batch see the venue's quotes
/// from that batch onwards; fills reach the portfolio at the end of their batch.
/// <para>Resuming: after each batch the job records its progress in the account (<see cref="IPortfolioGrain.RecordReplayProgress"/>:
/// events processed, in the feed's deterministic order, and their market time), which journals it. A replay that
/// starts on an account with progress for the same symbols and days re-reads the events already processed and
/// feeds them to the symbol grains only — their filters, models and gates end in the state they had, signals are
/// dropped, no order is sized or sent and the venue sees nothing — then marks the account and carries on normally
/// from the next event. Pacing starts there too.</para>
/// <para>Recording (<see cref="ReplaySettings.RecordsFolder"/> set): the feed hands over each event's lineage, and the
/// events of every batch that is not warm-up are appended to the day records (<see cref="DayRecordWriter"/>) once the
/// symbol grains have taken them, and flushed before the batch's progress is journaled; a resumed replay's writer
/// skips what its files already hold. Off by default, and then the feed does no lineage work.</para>
/// </summary>
public sealed class ReplayJob
{
    private readonly ReplaySettings _settings;
    private readonly IGrainFactory _grains;

    /// <summary>Creates the job over a started runtime.</summary>
    /// <param name="settings">What to replay.</param>
    /// <param name="grains">The grain factory of a started silo or client.</param>
    public ReplayJob(ReplaySettings settings, IGrainFactory grains)
    {
        _settings = settings;
        _grains = grains;
    }

    /// <summary>Market time reached so far (for progress), UTC nanoseconds.</summary>
    public long MarketTime => Interlocked.Read(ref _marketTime);

    private long _marketTime;
    private ReplayFeed? _feed;

    /// <summary>The running feed's quarantine counters (live, lock-free to read); null before <see cref="RunAsync"/> starts.</summary>
    public QuarantineLog? Quarantine => Volatile.Read(ref _feed)?.Log;

    /// <summary>Market events the feed has delivered to the grid so far.</summary>
    public long EventsDelivered => Volatile.Read(ref _feed)?.EventsDelivered ?? 0;

    /// <summary>Market events this run re-read only to warm the symbol grains up, because the account's journal
    /// recorded them as processed by an earlier run (0 for a fresh replay).</summary>
    public long ResumedAfterEvents { get; private set; }

    /// <summary>How long one grain call of the replay is retried after transient cluster failures (a silo that died,
    /// a connection refused, a time-out, an account journal storage could not take) before the run fails.</summary>
    public static readonly TimeSpan TransientRetryLimit = TimeSpan.FromSeconds(60);

    /// <summary>Day-record lines this run appended (0 when not recording).</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Events this run delivered that its day-record files already held (a resumed replay).</summary>
    public long RecordsSkipped { get; private set; }

    /// <summary>The feed name written in the day records' headers.</summary>
    public const string RecordsFeed = "lean-tick";

    /// <summary>Grain calls retried after a transient failure so far.</summary>
    public long TransientRetries => Interlocked.Read(ref _transientRetries);

    private long _transientRetries;

    /// <summary>Identifies a replay's input (symbols and days) in its progress records.</summary>
    private string ReplayKey(Symbol[] symbols) =>
        $"{string.Join(',', symbols.Select(s => s.Ticker))} {_settings.From:yyyy-MM-dd}..{_settings.To:yyyy-MM-dd}";

    /// <summary>Ticks since <paramref name="start"/>; moves <paramref name="start"/> to now.</summary>
    private static long Lap(ref long start)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = now - start;
        start = now;
        return elapsed;
    }

    /// <summary>Runs the replay to its end and gathers what happened.</summary>
    /// <exception cref="DirectoryNotFoundException">The data folder does not exist.</exception>
    public async Task<ReplayResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_settings.DataFolder))
        {
            throw new DirectoryNotFoundException($"Lean data folder '{Path.GetFullPath(_settings.DataFolder)}' does not exist (set Replay:DataFolder or --data).");
        }

        var symbols = _settings.Symbols.Select(s => new Symbol(s)).OrderBy(s => s.Ticker, StringComparer.Ordinal).ToArray();
        var symbolGrains = symbols.ToDictionary(s => s, s => _grains.GetGrain<ISymbolGrain>(s.Ticker));
        var portfolio = _grains.GetGrain<IPortfolioGrain>(_settings.Account);
        var replayKey = ReplayKey(symbols);
        var resume = await portfolio.GetReplayProgress();
        if (resume is not null && resume.Replay != replayKey)
        {
            throw new InvalidOperationException(
                $"Account {_settings.Account}'s journal holds the progress of replay '{resume.Replay}', not of this one ('{replayKey}'); resume that replay, or use another Journal:Path.");
        }

        var skip = resume?.EventsProcessed ?? 0;
        ResumedAfterEvents = skip;
        var venue = _grains.GetGrain<IExecutionGrain>(IExecutionGrain.SimulatedVenue);
        var index = symbols.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var lastQuotes = new Dictionary<Symbol, Quote>();
        var counters = new ReplayCounters();
        var stopwatch = Stopwatch.StartNew();
        long processed = 0, lastTime = 0;
        var warmedUp = false;
        long waitTicks = 0, symbolTicks = 0, portfolioTicks = 0, venueTicks = 0, markTicks = 0;
        DateOnly? tradingDay = null;
        var lastTimeOfDay = default(UnixNanos);

        // The feed (decode, NBBO, quality checks, splitting by symbol) runs one batch ahead of the grains, through a
        // small bounded channel: on two cores, decoding the next batch overlaps the grains' work on this one. The order
        // of batches, and so every result, is the same as running them one after the other.
        var channel = Channel.CreateBounded<(PreparedBatch Batch, RecordedEvents? Records)>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var feed = ReplayFeed.FromLean(
            new LeanDataFolder(_settings.DataFolder),
            symbols,
            _settings.TradingDays(),
            new ReplayOptions { BatchSize = _settings.BatchSize, Speed = _settings.Speed is > 0 ? _settings.Speed : null, PaceFrom = resume?.MarketTime });
        Volatile.Write(ref _feed, feed);
        long produced = 0;
        using var records = _settings.Records
            ? new DayRecordWriter(_settings.RecordsFolder, DayRecordFormat.TryParseRegime(_settings.RecordsRegime) ?? throw new InvalidOperationException($"Replay:RecordsRegime '{_settings.RecordsRegime}' is not maintenance_replay or prod_live."), RecordsFeed, Console.Error.WriteLine)
            : null;

        // Events up to the recorded progress only warm the symbol grains up; a batch that straddles it is split there.
        // With recording on, the delivered part is copied with its lineage and the delivery time (the feed reuses its buffers).
        async ValueTask Deliver(ReadOnlyMemory<MarketEvent> batch, ReadOnlyMemory<EventOrigin> origins)
        {
            var warm = (int)Math.Clamp(skip - produced, 0, batch.Length);
            produced += batch.Length;
            if (warm > 0)
            {
                await channel.Writer.WriteAsync((PreparedBatch.From(batch.Span[..warm], index, warmUp: true), null), stop.Token);
            }

            if (warm < batch.Length)
            {
                var recorded = records is null
                    ? null
                    : new RecordedEvents(batch.Span[warm..].ToArray(), origins.Span[warm..].ToArray(), UnixNanos.FromDateTime(DateTime.UtcNow));
                await channel.Writer.WriteAsync((PreparedBatch.From(batch.Span[warm..], index, warmUp: false), recorded), stop.Token);
            }
        }

        var producer = Task.Run(
            async () =>
            {
                try
                {
                    return records is null
                        ? await feed.RunAsync(batch => Deliver(batch, ReadOnlyMemory<EventOrigin>.Empty), stop.Token)
                        : await feed.RunAsync(Deliver, stop.Token);
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
            },
            stop.Token);

        try
        {
            while (true)
            {
                var waitStart = Stopwatch.GetTimestamp();
                if (!await channel.Reader.WaitToReadAsync(stop.Token) || !channel.Reader.TryRead(out var item))
                {
                    break;
                }

                var batch = item.Batch;

                var stageStart = Stopwatch.GetTimestamp();
                waitTicks += stageStart - waitStart;
                foreach (var quote in batch.LastQuotes)
                {
                    lastQuotes[quote.Symbol] = quote;
                }

                Interlocked.Exchange(ref _marketTime, batch.Time);
                if (!batch.WarmUp && warmedUp)
                {
                    // The account's marks as they were when the interrupted run processed these events.
                    var marks = new QuoteBatch([.. lastQuotes.Values]);
                    await Retry(() => portfolio.Mark(marks, new UnixNanos(lastTime)), stop.Token);
                    warmedUp = false;
                }

                var calls = new List<(Symbol Symbol, ValueTask<SymbolBatchResult> Call)>(symbols.Length);
                for (var i = 0; i < symbols.Length; i++)
                {
                    if (batch.PerSymbol[i].Length > 0)
                    {
                        var grain = symbolGrains[symbols[i]];
                        var marketBatch = new MarketBatch(replayKey, batch.PerSymbol[i], batch.WarmUp);
                        calls.Add((symbols[i], Retry(() => grain.OnMarketData(marketBatch), stop.Token)));
                    }
                }

                var signals = new List<Signal>();
                foreach (var (symbol, call) in calls)
                {
                    var result = await call;
                    if (!batch.WarmUp)
                    {
                        counters.Add(symbol, result);
                        signals.AddRange(result.Signals);
                    }
                }

                if (item.Records is { } delivered)
                {
                    // The symbol grains have these events: record them before the batch's progress is journaled.
                    records!.Append(delivered.Events, delivered.Origins, delivered.Arrival);
                    records.Flush();
                    RecordsWritten = records.Written;
                    RecordsSkipped = records.Skipped;
                }

                symbolTicks += Lap(ref stageStart);
                processed += batch.Count;
                lastTime = batch.Time;
                if (batch.WarmUp)
                {
                    // The trading day the interrupted run had reached, so the next day's first quote ends it.
                    if (batch.Quotes.Length > 0)
                    {
                        tradingDay = batch.Quotes[^1].Time.UtcDate;
                        lastTimeOfDay = batch.Quotes[^1].Time;
                    }

                    warmedUp = true;
                    continue;
                }

                if (signals.Count > 0)
                {
                    signals.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Symbol.Ticker, b.Symbol.Ticker));
                    var signalBatch = new SignalBatch([.. signals]);
                    await Retry(() => portfolio.OnSignals(signalBatch), stop.Token);
                }

                portfolioTicks += Lap(ref stageStart);
                if (batch.Quotes.Length > 0)
                {
                    // A batch may straddle two trading days: the venue sees the first day's quotes, then the end of
                    // that day (DAY orders expire), then the next day's quotes.
                    var start = 0;
                    for (var i = 0; i < batch.Quotes.Length; i++)
                    {
                        var day = batch.Quotes[i].Time.UtcDate;
                        if (tradingDay is { } current && day != current)
                        {
                            await FeedVenue(venue, new ArraySegment<Quote>(batch.Quotes, start, i - start), stop.Token);
                            await EndOfDay(venue, lastTimeOfDay, stop.Token);
                            start = i;
                        }

                        tradingDay = day;
                        lastTimeOfDay = batch.Quotes[i].Time;
                    }

                    await FeedVenue(venue, new ArraySegment<Quote>(batch.Quotes, start, batch.Quotes.Length - start), stop.Token);
                }

                venueTicks += Lap(ref stageStart);

                // Mark every batch, so the account's view of the market (and of market time, which manual orders are
                // stamped with) is never behind the venue's; the grain records equity once a minute of market time.
                var quotes = new QuoteBatch([.. lastQuotes.Values]);
                var checkpoint = new ReplayCheckpoint(replayKey, processed, new UnixNanos(batch.Time));
                await Retry(() => portfolio.Mark(quotes, new UnixNanos(batch.Time)), stop.Token);
                await Retry(() => portfolio.RecordReplayProgress(checkpoint), stop.Token);
                markTicks += Lap(ref stageStart);
            }
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAny(producer);
            throw;
        }

        var quality = await producer;
        if (tradingDay is not null)
        {
            await EndOfDay(venue, lastTimeOfDay, cancellationToken);
        }

        if (lastQuotes.Count > 0)
        {
            await portfolio.Mark(new QuoteBatch([.. lastQuotes.Values]), new UnixNanos(MarketTime));
        }

        var gridTime = stopwatch.Elapsed;
        var statuses = new List<SymbolStatus>();
        foreach (var symbol in symbols)
        {
            statuses.Add(await symbolGrains[symbol].GetStatus());
        }

        var symbolsTime = Stopwatch.GetElapsedTime(0, symbolTicks);
        var portfolioTime = Stopwatch.GetElapsedTime(0, portfolioTicks);
        var venueTime = Stopwatch.GetElapsedTime(0, venueTicks);
        var markTime = Stopwatch.GetElapsedTime(0, markTicks);
        var stages = new ReplayStageTimings(Stopwatch.GetElapsedTime(0, waitTicks), symbolsTime, portfolioTime, venueTime, markTime);
        return new ReplayResult(
            _settings, quality, statuses.ToArray(), counters, await portfolio.GetSnapshot(), await portfolio.GetRecord(), feed.EventsDelivered, gridTime)
        {
            Stages = stages,
            ResumedAfterEvents = ResumedAfterEvents,
            ResumedAtMarketTime = resume?.MarketTime,
        };
    }

    /// <summary>Feeds quotes to the venue and lets every account that got reports book them, in account order. A
    /// retried feed is harmless: the venue ignores quotes earlier than its last one of the symbol.</summary>
    private async Task FeedVenue(IExecutionGrain venue, ArraySegment<Quote> quotes, CancellationToken cancellationToken)
    {
        if (quotes.Count == 0)
        {
            return;
        }

        var batch = new QuoteBatch(quotes.Offset == 0 && quotes.Count == quotes.Array!.Length ? quotes.Array : quotes.ToArray());
        var accounts = await Retry(() => venue.OnQuotes(batch), cancellationToken);
        foreach (var account in accounts)
        {
            var grain = _grains.GetGrain<IPortfolioGrain>(account);
            await Retry(() => grain.SyncWithVenue(), cancellationToken);
        }
    }

    /// <summary>Calls <paramref name="call"/>, again after a transient cluster failure (with a growing pause, 0.1 s
    /// to 2 s) for up to <see cref="TransientRetryLimit"/>. Every call retried here is idempotent: symbol grains skip
    /// events they have (and answer their passed signals again), accounts ignore signals they sized and progress they
    /// recorded, the venue ignores quotes older than its last.</summary>
    private async ValueTask<T> Retry<T>(Func<ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e) && Stopwatch.GetElapsedTime(started) < TransientRetryLimit && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _transientRetries);
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private async ValueTask Retry(Func<ValueTask> call, CancellationToken cancellationToken) =>
        await Retry(
            async () =>
            {
                await call();
                return true;
            },
            cancellationToken);

    private ValueTask Retry(Func<Task> call, CancellationToken cancellationToken) => Retry(() => new ValueTask(call()), cancellationToken);

    /// <summary>A failure of the cluster rather than of the call: the runtime's own exceptions and time-outs, and an
    /// account journal that could not be written (the account recovers on the next call).</summary>
    private static bool IsTransient(Exception e) => e is OrleansException or TimeoutException or JournalUnavailableException;

    /// <summary>The end of a trading day at <paramref name="time"/>: the venue expires DAY orders, then every account
    /// (the replay's, those with reports, and every account of the directory) books its reports and frees the day's
    /// ClOrdIDs, in ordinal order.</summary>
    private async Task EndOfDay(IExecutionGrain venue, UnixNanos time, CancellationToken cancellationToken)
    {
        var accounts = new SortedSet<string>(StringComparer.Ordinal) { _settings.Account };
        accounts.UnionWith(await Retry(() => venue.EndOfDay(time), cancellationToken));
        var directory = _grains.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key);
        accounts.UnionWith(await Retry(() => new ValueTask<string[]>(directory.GetAccounts()), cancellationToken));
        foreach (var account in accounts)
        {
            var grain = _grains.GetGrain<IPortfolioGrain>(account);
            await Retry(() => grain.EndOfDay(time), cancellationToken);
        }
    }

    /// <summary>A delivered (not warm-up) part of a feed batch, copied for the day records.</summary>
    /// <param name="Events">The events, in feed order.</param>
    /// <param name="Origins">Their lineage (origin i belongs to event i).</param>
    /// <param name="Arrival">UTC wall-clock time at which the feed delivered the batch.</param>
    private sealed record RecordedEvents(MarketEvent[] Events, EventOrigin[] Origins, UnixNanos Arrival);
}
