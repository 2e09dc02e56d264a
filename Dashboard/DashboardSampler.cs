using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Quant.Orleans.Engine.Replay;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// The dashboard's only source of data: one sampler per silo that builds a <see cref="DashboardSnapshot"/> once per
/// <see cref="Interval"/> while someone watches. While at least one stream client is subscribed, a loop samples once per interval
/// and hands the serialized snapshot to every subscriber (each keeps only the newest, so a slow browser never queues
/// up work); when the last subscriber leaves the loop ends, so a silo nobody watches pays nothing. A JSON request
/// between samples reuses the latest sample when it is younger than the interval.
/// This design answers the cost OrleansDashboard is known for (10-20% CPU on the hosting silo, dotnet/OrleansDashboard
/// issue #130): no per-call interception (the only per-call work is the <see cref="OrleansMetrics"/> listener's
/// interlocked increment on Orleans's own latency measurement), no per-request recomputation, no polling when nobody looks.
/// </summary>
public sealed class DashboardSampler : IAsyncDisposable
{
    /// <summary>Most points in a chart series (per symbol and for the PnL curve).</summary>
    public const int CurveCapacity = 300;

    /// <summary>Rows in the orders and fills blotters.</summary>
    public const int BlotterRows = 30;

    private readonly GridViewBuilder _grid;
    private readonly TradingViewBuilder _trading;
    private readonly SemaphoreSlim _sampleLock = new(1, 1);
    private readonly Lock _subscribersLock = new();
    private readonly List<Channel<byte[]>> _subscribers = [];
    private readonly CancellationTokenSource _disposed = new();
    private Task _loop = Task.CompletedTask;
    private bool _looping;
    private DashboardSnapshot? _latest;
    private long _latestTimestamp;
    private long _sequence;
    private long _samples;
    private long _busyTicks;

    /// <summary>Creates the sampler (no loop runs until the first subscriber).</summary>
    /// <param name="grains">The silo's grain factory: the management grain and the trading grains are asked through it.</param>
    /// <param name="metrics">The process's Orleans metrics listener (created before the silo started).</param>
    /// <param name="account">The account whose positions, PnL and blotter are shown.</param>
    /// <param name="interval">Sampling period while subscribed (at most one sample per period in any case).</param>
    /// <param name="replay">The replay job feeding this silo, if any (market time and data quality); asked at each sample.</param>
    /// <exception cref="ArgumentNullException"><paramref name="grains"/>, <paramref name="metrics"/>,
    /// <paramref name="account"/> or <paramref name="replay"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="account"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public DashboardSampler(IGrainFactory grains, OrleansMetrics metrics, string account, TimeSpan interval, Func<ReplayJob?> replay)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _grid = new GridViewBuilder(grains, metrics, () => replay() is { Quarantine: { } log } job ? new QualityProgress(log, job.EventsDelivered) : null);
        _trading = new TradingViewBuilder(grains, account, () => replay() is { MarketTime: > 0 } job ? job.MarketTime : null);
    }

    /// <summary>The JSON options of the dashboard (camelCase, enums as names, dates ISO-8601 UTC).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Sampling period.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Stream clients connected now.</summary>
    public int Subscribers
    {
        get
        {
            lock (_subscribersLock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>True while the sampling loop runs (at least one subscriber).</summary>
    public bool IsSampling
    {
        get
        {
            lock (_subscribersLock)
            {
                return _looping;
            }
        }
    }

    /// <summary>Samples taken since the silo started (by the loop or by JSON requests).</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Wall time the loop spent sampling and serializing (grain reads included, waits between ticks excluded).</summary>
    public TimeSpan BusyTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    /// <summary>The latest snapshot, sampling now if the latest is older than <see cref="Interval"/>.</summary>
    public Task<DashboardSnapshot> GetAsync(CancellationToken cancellationToken = default) => SampleAsync(fresh: false, cancellationToken);

    /// <summary>Samples now (<paramref name="fresh"/>, the loop's tick) or returns the latest sample when it is
    /// younger than <see cref="Interval"/> (a JSON request).</summary>
    private async Task<DashboardSnapshot> SampleAsync(bool fresh, CancellationToken cancellationToken)
    {
        await _sampleLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!fresh && _latest is { } latest && Stopwatch.GetElapsedTime(_latestTimestamp) < Interval)
            {
                return latest;
            }

            var sequence = ++_sequence;
            var grid = await _grid.BuildAsync(sequence).ConfigureAwait(false);
            var trading = await _trading.BuildAsync(sequence).ConfigureAwait(false);
            _latest = new DashboardSnapshot(grid, trading);
            _latestTimestamp = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _samples);
            return _latest;
        }
        finally
        {
            _sampleLock.Release();
        }
    }

    /// <summary>Takes a fresh sample and serializes it as the stream sends it (UTF-8 JSON of <see cref="DashboardSnapshot"/>);
    /// the stream's loop calls it once per interval, benchmarks call it to time one sample.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting
    /// for another sample to finish.</exception>
    public async Task<byte[]> SampleAndSerializeAsync(CancellationToken cancellationToken) =>
        JsonSerializer.SerializeToUtf8Bytes(await SampleAsync(fresh: true, cancellationToken).ConfigureAwait(false), Json);

    /// <summary>Subscribes a stream client: the returned reader yields each new snapshot as UTF-8 JSON (only the
    /// newest is kept when the client is slow). Dispose the subscription when the client leaves.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_subscribersLock)
        {
            _subscribers.Add(channel);
            if (!_looping && !_disposed.IsCancellationRequested)
            {
                _looping = true;
                _loop = Task.Run(RunAsync);
            }
        }

        return new Subscription(this, channel);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _disposed.Dispose();
        _sampleLock.Dispose();
    }

    private void Unsubscribe(Channel<byte[]> channel)
    {
        lock (_subscribersLock)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    /// <summary>Ends the loop when nobody is subscribed; decided under the lock that <see cref="Subscribe"/> takes,
    /// so a client arriving meanwhile either is seen here or starts a new loop.</summary>
    private bool StopIfUnwatched(out Channel<byte[]>[] targets)
    {
        lock (_subscribersLock)
        {
            targets = [.. _subscribers];
            if (targets.Length == 0)
            {
                _looping = false;
                return true;
            }

            return false;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await SampleWhileWatchedAsync().ConfigureAwait(false);
        }
        catch
        {
            // Only disposal ends the loop this way (a normal end clears the flag in StopIfUnwatched).
            lock (_subscribersLock)
            {
                _looping = false;
            }

            throw;
        }
    }

    private async Task SampleWhileWatchedAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var token = _disposed.Token;
        do
        {
            if (StopIfUnwatched(out var targets))
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            byte[] payload;
            try
            {
                payload = await SampleAndSerializeAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A grain call failed (e.g. the silo is stopping): tell the browsers, keep sampling.
                payload = JsonSerializer.SerializeToUtf8Bytes(new { error = $"Sampling failed: {e.Message}" }, Json);
            }

            foreach (var target in targets)
            {
                target.Writer.TryWrite(payload);
            }

            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);

            if (StopIfUnwatched(out _))
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
    }

    /// <summary>One stream client's subscription.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly DashboardSampler _owner;
        private readonly Channel<byte[]> _channel;

        internal Subscription(DashboardSampler owner, Channel<byte[]> channel)
        {
            _owner = owner;
            _channel = channel;
        }

        /// <summary>Serialized snapshots (UTF-8 JSON of <see cref="DashboardSnapshot"/>, or <c>{"error": ...}</c>).</summary>
        public ChannelReader<byte[]> Reader => _channel.Reader;

        /// <inheritdoc />
        public void Dispose() => _owner.Unsubscribe(_channel);
    }
}
