using System.Diagnostics;
using System.Threading.Channels;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Silo.Replay;

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
/// </summary>
public sealed class ReplayJob
{
    private readonly ReplaySettings _settings;
    private readonly IGrainFactory _grains;
    private readonly Func<string[]>? _accounts;

    /// <summary>Creates the job over a started runtime.</summary>
    /// <param name="settings">What to replay.</param>
    /// <param name="grains">The started runtime.</param>
    /// <param name="accounts">The accounts trading besides the replay's own (e.g. the event hub's registry in a serving
    /// silo), so that they also get their venue reports and end-of-day; null for the replay's account alone.</param>
    public ReplayJob(ReplaySettings settings, IGrainFactory grains, Func<string[]>? accounts = null)
    {
        _settings = settings;
        _grains = grains;
        _accounts = accounts;
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
        var venue = _grains.GetGrain<IExecutionGrain>(Grains.StrategyOptions.DefaultVenueName);
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
        var channel = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var feed = ReplayFeed.FromLean(
            new LeanDataFolder(_settings.DataFolder),
            symbols,
            _settings.TradingDays(),
            new ReplayOptions { BatchSize = _settings.BatchSize, Speed = _settings.Speed is > 0 ? _settings.Speed : null, PaceFrom = resume?.MarketTime });
        Volatile.Write(ref _feed, feed);
        long produced = 0;

        var producer = Task.Run(
            async () =>
            {
                try
                {
                    return await feed.RunAsync(
                        async batch =>
                        {
                            // Events up to the recorded progress only warm the symbol grains up; a batch that straddles
                            // it is split there.
                            var warm = (int)Math.Clamp(skip - produced, 0, batch.Length);
                            produced += batch.Length;
                            if (warm > 0)
                            {
                                await channel.Writer.WriteAsync(PreparedBatch.From(batch.Span[..warm], index, warmUp: true), stop.Token);
                            }

                            if (warm < batch.Length)
                            {
                                await channel.Writer.WriteAsync(PreparedBatch.From(batch.Span[warm..], index, warmUp: false), stop.Token);
                            }
                        },
                        stop.Token);
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
                if (!await channel.Reader.WaitToReadAsync(stop.Token) || !channel.Reader.TryRead(out var batch))
                {
                    break;
                }

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
                    await portfolio.Mark(lastQuotes.Values.ToArray(), new UnixNanos(lastTime));
                    warmedUp = false;
                }

                var calls = new List<(Symbol Symbol, ValueTask<SymbolBatchResult> Call)>(symbols.Length);
                for (var i = 0; i < symbols.Length; i++)
                {
                    if (batch.PerSymbol[i].Length > 0)
                    {
                        calls.Add((symbols[i], symbolGrains[symbols[i]].OnMarketData(batch.PerSymbol[i])));
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
                    await portfolio.OnSignals(signals.ToArray());
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
                            await FeedVenue(venue, new ArraySegment<Quote>(batch.Quotes, start, i - start));
                            await EndOfDay(venue, lastTimeOfDay);
                            start = i;
                        }

                        tradingDay = day;
                        lastTimeOfDay = batch.Quotes[i].Time;
                    }

                    await FeedVenue(venue, new ArraySegment<Quote>(batch.Quotes, start, batch.Quotes.Length - start));
                }

                venueTicks += Lap(ref stageStart);

                // Mark every batch, so the account's view of the market (and of market time, which manual orders are
                // stamped with) is never behind the venue's; the grain records equity once a minute of market time.
                await portfolio.Mark(lastQuotes.Values.ToArray(), new UnixNanos(batch.Time));
                await portfolio.RecordReplayProgress(new ReplayCheckpoint(replayKey, processed, new UnixNanos(batch.Time)));
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
            await EndOfDay(venue, lastTimeOfDay);
        }

        if (lastQuotes.Count > 0)
        {
            await portfolio.Mark(lastQuotes.Values.ToArray(), new UnixNanos(MarketTime));
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
        };
    }

    /// <summary>Feeds quotes to the venue and lets every account that got reports book them, in account order.</summary>
    private async Task FeedVenue(IExecutionGrain venue, ArraySegment<Quote> quotes)
    {
        if (quotes.Count == 0)
        {
            return;
        }

        var reports = await venue.OnQuotes(quotes.Offset == 0 && quotes.Count == quotes.Array!.Length ? quotes.Array : quotes.ToArray());
        if (reports.Length > 0)
        {
            foreach (var account in reports.Select(r => r.Account).Distinct().Order(StringComparer.Ordinal))
            {
                await _grains.GetGrain<IPortfolioGrain>(account).SyncWithVenue();
            }
        }
    }

    /// <summary>The end of a trading day at <paramref name="time"/>: the venue expires DAY orders, then every account
    /// books its reports and frees the day's ClOrdIDs.</summary>
    private async Task EndOfDay(IExecutionGrain venue, UnixNanos time)
    {
        var reports = await venue.EndOfDay(time);
        var accounts = new SortedSet<string>(StringComparer.Ordinal) { _settings.Account };
        accounts.UnionWith(reports.Select(r => r.Account));
        if (_accounts is not null)
        {
            accounts.UnionWith(_accounts());
        }

        foreach (var account in accounts)
        {
            await _grains.GetGrain<IPortfolioGrain>(account).EndOfDay(time);
        }
    }
}

/// <summary>One batch of the feed, split for the grains (the feed reuses its buffer, so this is a copy).</summary>
/// <param name="PerSymbol">Events of each symbol, in the replay's symbol order, in time order.</param>
/// <param name="Quotes">Every NBBO update of the batch, in time order (for the venue).</param>
/// <param name="LastQuotes">The last NBBO of each symbol that changed in the batch.</param>
/// <param name="Time">Market time of the batch's last event, UTC nanoseconds.</param>
/// <param name="Count">Events in the batch.</param>
/// <param name="WarmUp">True for events a resumed replay had already processed (symbol grains only).</param>
internal sealed record PreparedBatch(MarketEvent[][] PerSymbol, Quote[] Quotes, Quote[] LastQuotes, long Time, int Count, bool WarmUp)
{
    public static PreparedBatch From(ReadOnlySpan<MarketEvent> batch, IReadOnlyDictionary<Symbol, int> index, bool warmUp = false)
    {
        var counts = new int[index.Count];
        var quoteCount = 0;
        foreach (ref readonly var e in batch)
        {
            counts[index[e.Symbol]]++;
            quoteCount += e.Kind == MarketEventKind.Quote ? 1 : 0;
        }

        var perSymbol = counts.Select(c => c == 0 ? [] : new MarketEvent[c]).ToArray();
        var quotes = new Quote[quoteCount];
        var last = new Quote?[index.Count];
        var filled = new int[index.Count];
        var q = 0;
        foreach (ref readonly var e in batch)
        {
            var i = index[e.Symbol];
            perSymbol[i][filled[i]++] = e;
            if (e.Kind == MarketEventKind.Quote)
            {
                quotes[q++] = e.Quote;
                last[i] = e.Quote;
            }
        }

        return new PreparedBatch(perSymbol, quotes, last.Where(x => x is not null).Select(x => x!.Value).ToArray(), batch[^1].Time.Value, batch.Length, warmUp);
    }
}

/// <summary>Per-symbol gate counters of a replay.</summary>
public sealed class ReplayCounters
{
    private readonly Dictionary<Symbol, long> _signals = [];

    /// <summary>Signals that reached the portfolio, by symbol.</summary>
    public IReadOnlyDictionary<Symbol, long> Signals => _signals;

    internal void Add(Symbol symbol, SymbolBatchResult result) => _signals[symbol] = _signals.GetValueOrDefault(symbol) + result.Signals.Length;
}

/// <summary>Everything a replay produced.</summary>
/// <param name="Settings">What was replayed.</param>
/// <param name="Quality">Quarantine counts, failures and missing files.</param>
/// <param name="Symbols">Each symbol grain's counters.</param>
/// <param name="Counters">Signals per symbol.</param>
/// <param name="Portfolio">The account at the end.</param>
/// <param name="Record">Orders, fills and the equity curve.</param>
/// <param name="EventsDelivered">Market events delivered to the grid.</param>
/// <param name="Elapsed">Wall time of the replay.</param>
public sealed record ReplayResult(
    ReplaySettings Settings,
    DataQualityReport Quality,
    SymbolStatus[] Symbols,
    ReplayCounters Counters,
    PortfolioSnapshot Portfolio,
    PortfolioRecord Record,
    long EventsDelivered,
    TimeSpan Elapsed)
{
    /// <summary>Wall time per stage of the replay loop.</summary>
    public ReplayStageTimings Stages { get; init; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Orders of one symbol.</summary>
    public int OrdersOf(Symbol symbol) => Record.Orders.Count(o => o.Order.Symbol == symbol);

    /// <summary>Fills of one symbol.</summary>
    public int FillsOf(Symbol symbol) => Record.Fills.Count(f => f.Symbol == symbol);

    /// <summary>Realised plus unrealised PnL minus fees of one symbol, USD.</summary>
    public decimal PnlOf(Symbol symbol) =>
        Portfolio.Positions.Where(p => p.Symbol == symbol).Sum(p => p.RealizedPnl + p.UnrealizedPnl - p.Fees);

    /// <summary>Fills of an order.</summary>
    public IEnumerable<Fill> FillsOf(ClOrdId order) => Record.Fills.Where(f => f.ClOrdId == order);
}

/// <summary>Where a replay's wall time went on the grid side (the grain stages run one after another per batch; the
/// symbol stage runs the symbols in parallel, so it is the slowest symbol's time per batch). The feed decodes the
/// next batch while the grains work, so only the time the grains waited for it counts here.</summary>
/// <param name="Feed">Time the grains waited for the feed (reading, decoding, NBBO building, batching not overlapped).</param>
/// <param name="Symbols">Symbol grains: wavelet/UKF filter, features, forecasts, regime and judge gates.</param>
/// <param name="Portfolio">Portfolio grain: sizing, pre-trade checks, sending orders.</param>
/// <param name="Venue">Execution grain: quotes, fills, and the fills' reports to the portfolio.</param>
/// <param name="Mark">Marking the portfolio to market.</param>
public sealed record ReplayStageTimings(TimeSpan Feed, TimeSpan Symbols, TimeSpan Portfolio, TimeSpan Venue, TimeSpan Mark);
