using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.MarketData.Tests.Replay;

/// <summary>The merge, batching, failure isolation and pacing of <see cref="ReplayFeed"/> on synthetic sources.</summary>
public sealed class ReplayFeedTests
{
    private sealed class ListSource(string ticker, long[] timesMs, int failAfter = -1) : IMarketEventSource
    {
        private int _next;

        public Symbol Symbol { get; } = new(ticker);

        public bool Disposed { get; private set; }

        public bool TryRead(out MarketEvent marketEvent)
        {
            if (_next == failAfter)
            {
                throw new MarketDataFormatException($"/data/{ticker}.zip", "x.csv", _next + 1, "bad line");
            }

            if (_next >= timesMs.Length)
            {
                marketEvent = default;
                return false;
            }

            var time = new UnixNanos(timesMs[_next] * UnixNanos.NanosPerMillisecond);
            marketEvent = MarketEvent.FromTrade(new Trade(Symbol, time, Price.FromDecimal(1m), Quantity.FromUnits(_next + 1), "P"), _next);
            _next++;
            return true;
        }

        public void Dispose() => Disposed = true;
    }

    private static async Task<(List<MarketEvent> Events, List<int> Batches, DataQualityReport Report)> RunAsync(ReplayFeed feed)
    {
        var events = new List<MarketEvent>();
        var batches = new List<int>();
        var report = await feed.RunAsync(batch =>
        {
            batches.Add(batch.Length);
            events.AddRange(batch.Span);
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);
        return (events, batches, report);
    }

    [Fact]
    public async Task MergesByTimeThenSymbolThenSequence()
    {
        var feed = new ReplayFeed([new ListSource("BBB", [1, 2, 2, 5]), new ListSource("AAA", [2, 3, 5]), new ListSource("CCC", [0, 5])], new QuarantineLog(), new ReplayOptions { BatchSize = 3 });
        var (events, batches, _) = await RunAsync(feed);

        var order = events.Select(e => $"{e.Symbol}{e.Time.Value / UnixNanos.NanosPerMillisecond}.{e.Sequence}").ToList();
        Assert.Equal(["CCC0.0", "BBB1.0", "AAA2.0", "BBB2.1", "BBB2.2", "AAA3.1", "AAA5.2", "BBB5.3", "CCC5.1"], order);
        Assert.Equal([3, 3, 3], batches);
        Assert.Equal(9, feed.EventsDelivered);
    }

    [Fact]
    public async Task SameInputGivesTheSameSequence()
    {
        static ReplayFeed Make() => new([new ListSource("X", [1, 1, 4, 9]), new ListSource("Y", [1, 4, 4]), new ListSource("Z", [0, 9])], new QuarantineLog(), new ReplayOptions { BatchSize = 2 });
        var first = (await RunAsync(Make())).Events;
        var second = (await RunAsync(Make())).Events;
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task AFailingSourceStopsOnlyItselfAndIsReported()
    {
        var bad = new ListSource("BAD", [1, 2, 3, 4], failAfter: 2);
        var feed = new ReplayFeed([new ListSource("AAA", [1, 2, 3, 4]), bad, new ListSource("ZZZ", [1, 5])], new QuarantineLog(), new ReplayOptions { BatchSize = 100 });
        var (events, _, report) = await RunAsync(feed);

        Assert.Equal(2, events.Count(e => e.Symbol == new Symbol("BAD")));
        Assert.Equal(4, events.Count(e => e.Symbol == new Symbol("AAA")));
        Assert.Equal(2, events.Count(e => e.Symbol == new Symbol("ZZZ")));
        var failure = Assert.Single(report.Failures);
        Assert.Equal((new Symbol("BAD"), "/data/BAD.zip", "x.csv", 3L), (failure.Symbol, failure.Path, failure.EntryName, failure.LineNumber));
        Assert.Contains("line 3: bad line", failure.Message, StringComparison.Ordinal);
        Assert.True(bad.Disposed);
    }

    [Fact]
    public async Task PacingWaitsTheScaledGapsThroughTheInjectedDelay()
    {
        var time = new FakeTime();
        var waits = new List<TimeSpan>();
        var options = new ReplayOptions
        {
            BatchSize = 10,
            Speed = 2.0,
            TimeProvider = time,
            Delay = (span, _) =>
            {
                waits.Add(span);
                time.Advance(span);
                return ValueTask.CompletedTask;
            },
        };

        // Data times 0, 0, 1000, 1000.4, 3000 ms at speed 2: due at 0, 0, 500, 500.2, 1500 ms of wall time.
        var feed = new ReplayFeed([new ListSource("A", [0, 0, 1000, 3000]), new ListSource("B", [1000])], new QuarantineLog(), options);
        var (events, batches, _) = await RunAsync(feed);

        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)], waits);
        Assert.Equal([2, 2, 1], batches);
        Assert.Equal(5, events.Count);
    }

    [Fact]
    public async Task RunsOnlyOnce()
    {
        var feed = new ReplayFeed([new ListSource("A", [1])], new QuarantineLog());
        await RunAsync(feed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => feed.RunAsync(_ => ValueTask.CompletedTask, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void RejectsBadOptionsAndDuplicateSymbols()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayFeed([], new QuarantineLog(), new ReplayOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayFeed([], new QuarantineLog(), new ReplayOptions { Speed = 0 }));
        Assert.Throws<ArgumentException>(() => new ReplayFeed([new ListSource("A", []), new ListSource("A", [])], new QuarantineLog()));
    }

    private sealed class FakeTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan span) => _ticks += span.Ticks;
    }
}
