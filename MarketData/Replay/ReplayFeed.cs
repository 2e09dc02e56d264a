using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Nbbo;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.MarketData.Replay;

/// <summary>
/// Merges several symbols' event streams by time (a k-way merge over a heap of the sources' next events) and hands
/// them to a consumer in batches of at most <see cref="ReplayOptions.BatchSize"/> events, never reordered.
/// Order: ascending time; at equal times by symbol ticker (ordinal), then by the event's per-symbol sequence, so the
/// same input always gives the same sequence. A source that throws <see cref="MarketDataFormatException"/>,
/// <see cref="IOException"/> or <see cref="InvalidDataException"/> is stopped, its failure (path, line, message) is
/// recorded in <see cref="Log"/>, and the other sources run to completion. Events are delivered as fast as possible or
/// paced at real time × <see cref="ReplayOptions.Speed"/>. Run once.
/// </summary>
public sealed class ReplayFeed : IDisposable
{
    private readonly IMarketEventSource[] _sources;
    private readonly ReplayOptions _options;
    private long _eventsDelivered;
    private int _started;

    /// <summary>Creates a feed over <paramref name="sources"/> (one per symbol; tickers must be distinct).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two sources have the same symbol.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid (see <see cref="ReplayOptions.Validate"/>).</exception>
    public ReplayFeed(IEnumerable<IMarketEventSource> sources, QuarantineLog log, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(log);
        _options = options ?? new ReplayOptions();
        _options.Validate();
        _sources = [.. sources.OrderBy(source => source.Symbol.Ticker, StringComparer.Ordinal)];
        for (var i = 1; i < _sources.Length; i++)
        {
            if (_sources[i].Symbol == _sources[i - 1].Symbol)
            {
                throw new ArgumentException($"Symbol {_sources[i].Symbol} has two sources.", nameof(sources));
            }
        }

        Log = log;
    }

    /// <summary>Quarantine counts, examples, failures and missing files; <see cref="QuarantineLog.CreateReport"/> gives a snapshot at any time.</summary>
    public QuarantineLog Log { get; }

    /// <summary>Events handed to the consumer so far.</summary>
    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);

    /// <summary>
    /// A feed of Lean US equity ticks: one <see cref="LeanTickSource"/> per symbol over <paramref name="dates"/>.
    /// </summary>
    /// <param name="folder">The Lean data folder (holding <c>equity/usa/tick</c>).</param>
    /// <param name="symbols">The equities, e.g. AIG, BAC, IBM.</param>
    /// <param name="dates">Trading dates (New York).</param>
    /// <param name="options">Batching, pacing and the quality filter's outlier rule; null for defaults.</param>
    /// <param name="log">Log to record into; null creates one (keeping 20 examples per reason and every quarantined
    /// record in its <see cref="QuarantineLog.Records"/>).</param>
    /// <param name="convention">How quote lines build the NBBO.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public static ReplayFeed FromLean(
        LeanDataFolder folder,
        IEnumerable<Symbol> symbols,
        IEnumerable<DateOnly> dates,
        ReplayOptions? options = null,
        QuarantineLog? log = null,
        NbboInputConvention convention = NbboInputConvention.ConsolidatedSides)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(dates);
        options ??= new ReplayOptions();
        options.Validate();
        var quarantine = log ?? new QuarantineLog();
        var days = dates.ToArray();
        return new ReplayFeed([.. symbols.Distinct().Select(symbol => new LeanTickSource(folder, symbol, days, quarantine, convention, options.Quality))], quarantine, options);
    }

    /// <summary>
    /// Replays every source to the end and returns the data-quality report. The consumer receives batches of 1 to
    /// <see cref="ReplayOptions.BatchSize"/> events; the memory is reused after the call returns, so copy what must be kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">The feed was already run.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<DataQualityReport> RunAsync(Func<ReadOnlyMemory<MarketEvent>, ValueTask> consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return RunCoreAsync((events, _) => consumer(events), lineage: null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="RunAsync(Func{ReadOnlyMemory{MarketEvent}, ValueTask}, CancellationToken)"/>, and hands the
    /// consumer, beside each batch, the <see cref="EventOrigin"/> of every event (same length and order: origin i
    /// belongs to event i), taken from the sources right after each read. Both buffers are reused after the call returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The feed was already run, or a source does not implement
    /// <see cref="IEventLineage"/> (the message names its symbol).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<DataQualityReport> RunAsync(Func<ReadOnlyMemory<MarketEvent>, ReadOnlyMemory<EventOrigin>, ValueTask> consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var lineage = new IEventLineage[_sources.Length];
        for (var i = 0; i < _sources.Length; i++)
        {
            lineage[i] = _sources[i] as IEventLineage
                ?? throw new InvalidOperationException($"The source of {_sources[i].Symbol} ({_sources[i].GetType().Name}) cannot report lineage: it does not implement IEventLineage.");
        }

        return RunCoreAsync(consumer, lineage, cancellationToken);
    }

    /// <summary>The merge. With <paramref name="lineage"/> null no origin is asked for or copied (one null test per event).</summary>
    private async Task<DataQualityReport> RunCoreAsync(Func<ReadOnlyMemory<MarketEvent>, ReadOnlyMemory<EventOrigin>, ValueTask> consumer, IEventLineage[]? lineage, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A ReplayFeed runs once; create a new one to replay again.");
        }

        var heads = new MarketEvent[_sources.Length];
        var headOrigins = lineage is null ? null : new EventOrigin[_sources.Length];
        var queue = new PriorityQueue<int, MergeKey>(_sources.Length, MergeKey.Comparer);
        for (var i = 0; i < _sources.Length; i++)
        {
            if (TryAdvance(i, heads, lineage, headOrigins))
            {
                queue.Enqueue(i, new MergeKey(heads[i].Time.Value, i, heads[i].Sequence));
            }
        }

        var batch = new MarketEvent[_options.BatchSize];
        var origins = lineage is null ? null : new EventOrigin[_options.BatchSize];
        var count = 0;
        var pacer = _options.Speed is { } speed ? new Pacer(_options, speed) : null;
        try
        {
            while (queue.TryDequeue(out var index, out _))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = heads[index];
                if (pacer is not null && pacer.WaitFor(next.Time) is { } wait)
                {
                    count = await FlushAsync(consumer, batch, origins, count).ConfigureAwait(false);
                    await pacer.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                }

                if (origins is not null)
                {
                    origins[count] = headOrigins![index];
                }

                batch[count++] = next;
                if (count == batch.Length)
                {
                    count = await FlushAsync(consumer, batch, origins, count).ConfigureAwait(false);
                }

                if (TryAdvance(index, heads, lineage, headOrigins))
                {
                    queue.Enqueue(index, new MergeKey(heads[index].Time.Value, index, heads[index].Sequence));
                }
            }

            await FlushAsync(consumer, batch, origins, count).ConfigureAwait(false);
        }
        finally
        {
            Dispose();
        }

        return Log.CreateReport();
    }

    /// <summary>Closes every source (also done when a <c>RunAsync</c> ends).</summary>
    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }
    }

    private async ValueTask<int> FlushAsync(Func<ReadOnlyMemory<MarketEvent>, ReadOnlyMemory<EventOrigin>, ValueTask> consumer, MarketEvent[] batch, EventOrigin[]? origins, int count)
    {
        if (count > 0)
        {
            var lineage = origins is null ? ReadOnlyMemory<EventOrigin>.Empty : new ReadOnlyMemory<EventOrigin>(origins, 0, count);
            await consumer(new ReadOnlyMemory<MarketEvent>(batch, 0, count), lineage).ConfigureAwait(false);
            Interlocked.Add(ref _eventsDelivered, count);
        }

        return 0;
    }

    private bool TryAdvance(int index, MarketEvent[] heads, IEventLineage[]? lineage, EventOrigin[]? headOrigins)
    {
        var source = _sources[index];
        try
        {
            if (source.TryRead(out heads[index]))
            {
                if (lineage is not null)
                {
                    headOrigins![index] = lineage[index].OriginOf(heads[index]);
                }

                return true;
            }
        }
        catch (MarketDataFormatException e)
        {
            Log.AddFailure(new SourceFailure(source.Symbol, e.FilePath, e.EntryName, e.LineNumber, e.Message));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Log.AddFailure(new SourceFailure(source.Symbol, (e as FileNotFoundException)?.FileName, null, 0, e.Message));
        }

        source.Dispose();
        return false;
    }

    private readonly record struct MergeKey(long Time, int Source, long Sequence)
    {
        public static IComparer<MergeKey> Comparer { get; } = Comparer<MergeKey>.Create(static (a, b) =>
        {
            var byTime = a.Time.CompareTo(b.Time);
            if (byTime != 0)
            {
                return byTime;
            }

            var bySource = a.Source.CompareTo(b.Source);
            return bySource != 0 ? bySource : a.Sequence.CompareTo(b.Sequence);
        });
    }

    private sealed class Pacer(ReplayOptions options, double speed)
    {
        private long _startTimestamp;
        private long _firstEventTime = long.MinValue;

        public TimeSpan? WaitFor(UnixNanos time)
        {
            var provider = options.TimeProvider;
            if (options.PaceFrom is { } from && time < from)
            {
                return null;
            }

            if (_firstEventTime == long.MinValue)
            {
                _firstEventTime = time.Value;
                _startTimestamp = provider.GetTimestamp();
                return null;
            }

            var dueTicks = (time.Value - _firstEventTime) / 100.0 / speed;
            var due = TimeSpan.FromTicks((long)Math.Min(dueTicks, TimeSpan.MaxValue.Ticks / 2.0));
            var wait = due - provider.GetElapsedTime(_startTimestamp);
            return wait >= options.PacingResolution && wait > TimeSpan.Zero ? wait : null;
        }

        public ValueTask DelayAsync(TimeSpan wait, CancellationToken cancellationToken) =>
            options.Delay is { } delay ? delay(wait, cancellationToken) : new ValueTask(Task.Delay(wait, options.TimeProvider, cancellationToken));
    }
}
