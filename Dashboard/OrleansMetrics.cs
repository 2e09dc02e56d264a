using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// Aggregates Orleans's own metrics for the grid panels: a <see cref="MeterListener"/> on every meter named
/// <see cref="MeterName"/> in the process (each Orleans host, silo or client, creates one). Create one per process
/// before the silo starts (activations are counted from then on) and dispose it when the silo has stopped.
/// Which instrument feeds which number (names, types, units and tags in <see cref="OrleansInstrumentNames"/>):
/// <list type="bullet">
/// <item><see cref="RequestLatency"/>, <see cref="Requests"/> ← <c>orleans-app-requests-latency</c> (each completed
/// request's round trip, ms, recorded in ns);</item>
/// <item><see cref="RequestTimeouts"/>, <see cref="RequestsCanceled"/> ← <c>orleans-app-requests-timedout</c>,
/// <c>orleans-app-requests-canceled</c>;</item>
/// <item><see cref="ActivationsByGrainType"/>, <see cref="Activations"/> ← <c>orleans-grains</c> (+1/−1 per
/// activation, by <c>grain_type</c>);</item>
/// <item><see cref="StorageOperations"/> ← <c>orleans-storage-{read,write,clear}-latency</c> (successes and their
/// latencies) and <c>orleans-storage-{read,write,clear}-errors</c>, by provider class and state name;</item>
/// <item><see cref="Messaging"/> ← <c>orleans-messaging-sent-messages-size</c> and
/// <c>…-received-messages-size</c> (messages and bytes over connections), <c>orleans-messaging-sent-local</c>
/// (observable, read on demand), <c>orleans-messaging-{rejected,rerouted,expired,sent-dropped,sent-failed}</c>.</item>
/// </list>
/// Recording is lock-free (see <see cref="MeasurementSink"/>); reading is safe from any thread at any time and sees
/// every measurement recorded before it (counters are read one by one, not as one atomic snapshot). Orleans's
/// meters carry no method names: per-method latencies are on the Orleans dashboard (<c>/orleans</c>).
/// </summary>
public sealed class OrleansMetrics : IDisposable
{
    /// <summary>The name of Orleans's meter (every runtime instrument is on it).</summary>
    public const string MeterName = "Microsoft.Orleans";

    private readonly MeterListener _listener = new();
    private readonly Func<Meter, bool> _listensTo;
    private readonly ConcurrentDictionary<string, byte> _instruments = new(StringComparer.Ordinal);
    private readonly CounterSink _timeouts = new();
    private readonly CounterSink _canceled = new();
    private readonly TaggedCounterSink _activations = new(OrleansInstrumentNames.GrainTypeTag);
    private readonly ConcurrentDictionary<StorageKey, StorageCounters> _storage = new();
    private readonly SizeSink _sent = new();
    private readonly SizeSink _received = new();
    private readonly ObservedSumSink _local = new();
    private readonly CounterSink _rejected = new();
    private readonly CounterSink _rerouted = new();
    private readonly CounterSink _expired = new();
    private readonly CounterSink _dropped = new();
    private readonly CounterSink _failed = new();
    private readonly Dictionary<string, MeasurementSink> _sinks;
    private readonly Lock _observeLock = new();
    private bool _disposed;

    /// <summary>Starts listening to every meter named <see cref="MeterName"/>, those created later included.</summary>
    public OrleansMetrics()
        : this(static meter => meter.Name == MeterName)
    {
    }

    /// <summary>Starts listening to the meters <paramref name="listensTo"/> accepts (tests pass their own meter, so
    /// that other Orleans hosts in the test process do not add to their counts).</summary>
    internal OrleansMetrics(Func<Meter, bool> listensTo)
    {
        _listensTo = listensTo;
        var latency = new LatencySink(RequestLatency);
        _sinks = new Dictionary<string, MeasurementSink>(StringComparer.Ordinal)
        {
            [OrleansInstrumentNames.RequestLatency] = latency,
            [OrleansInstrumentNames.RequestTimeouts] = _timeouts,
            [OrleansInstrumentNames.RequestsCanceled] = _canceled,
            [OrleansInstrumentNames.GrainActivations] = _activations,
            [OrleansInstrumentNames.StorageReadLatency] = new StorageSink(_storage, "read", errors: false),
            [OrleansInstrumentNames.StorageWriteLatency] = new StorageSink(_storage, "write", errors: false),
            [OrleansInstrumentNames.StorageClearLatency] = new StorageSink(_storage, "clear", errors: false),
            [OrleansInstrumentNames.StorageReadErrors] = new StorageSink(_storage, "read", errors: true),
            [OrleansInstrumentNames.StorageWriteErrors] = new StorageSink(_storage, "write", errors: true),
            [OrleansInstrumentNames.StorageClearErrors] = new StorageSink(_storage, "clear", errors: true),
            [OrleansInstrumentNames.MessagesSentSize] = _sent,
            [OrleansInstrumentNames.MessagesReceivedSize] = _received,
            [OrleansInstrumentNames.MessagesSentLocal] = _local,
            [OrleansInstrumentNames.MessagesRejected] = _rejected,
            [OrleansInstrumentNames.MessagesRerouted] = _rerouted,
            [OrleansInstrumentNames.MessagesExpired] = _expired,
            [OrleansInstrumentNames.MessagesDropped] = _dropped,
            [OrleansInstrumentNames.MessagesFailed] = _failed,
        };
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MeasurementSink)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MeasurementSink)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MeasurementSink)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Round-trip latency of every request this process sent and saw complete (its grains' calls, the
    /// co-hosted client's and Orleans's own system calls), since the listener started; ns, log-linear buckets.</summary>
    public LatencyHistogram RequestLatency { get; } = new();

    /// <summary>Requests this process sent that completed (answered, failed, timed out or cancelled) since the listener
    /// started: the count of <see cref="RequestLatency"/>.</summary>
    public long Requests => RequestLatency.Count;

    /// <summary>Requests of this process that timed out, all grain types.</summary>
    public long RequestTimeouts => _timeouts.Total;

    /// <summary>Requests of this process that were cancelled, all grain types.</summary>
    public long RequestsCanceled => _canceled.Total;

    /// <summary>Grain activations living in this process's silos now (system targets excluded): the sum of
    /// <see cref="ActivationsByGrainType"/>.</summary>
    public long Activations => _activations.Total;

    /// <summary>The names of the Orleans instruments this listener has enabled so far, ordinal order (an instrument
    /// appears once an Orleans host in the process has created it).</summary>
    public string[] Instruments => [.. _instruments.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Grain activations living in this process's silos now, per Orleans grain type name (e.g.
    /// <c>symbol</c>), ordinal order; types whose activations all ended stay listed with 0.</summary>
    public KeyValuePair<string, long>[] ActivationsByGrainType() => _activations.Snapshot();

    /// <summary>Storage operations since the listener started, per provider class, state name and operation, ordered
    /// by those; latencies are of the operations that succeeded (0 when none did).</summary>
    public StorageView[] StorageOperations() =>
        _storage
            .Select(static kv => new StorageView(
                kv.Key.Provider,
                kv.Key.State,
                kv.Key.Operation,
                kv.Value.Latency.Count,
                kv.Value.Errors,
                kv.Value.Latency.QuantileNanoseconds(0.50) / 1e3,
                kv.Value.Latency.QuantileNanoseconds(0.99) / 1e3))
            .OrderBy(static s => s.Provider, StringComparer.Ordinal)
            .ThenBy(static s => s.State, StringComparer.Ordinal)
            .ThenBy(static s => s.Operation, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Message counts since the listener started; collects the observable local-message counter now (its
    /// instances in every Orleans host of the process, summed).</summary>
    public MessagingView Messaging()
    {
        long local;
        lock (_observeLock)
        {
            _local.Reset();
            if (!_disposed)
            {
                _listener.RecordObservableInstruments();
            }

            local = _local.Sum;
        }

        return new MessagingView(
            _sent.Count, _sent.Bytes, _received.Count, _received.Bytes, local, _rejected.Total, _rerouted.Total, _expired.Total, _dropped.Total, _failed.Total);
    }

    /// <summary>Stops listening; the counts keep their last values.</summary>
    public void Dispose()
    {
        lock (_observeLock)
        {
            _disposed = true;
        }

        _listener.Dispose();
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (_listensTo(instrument.Meter) && _sinks.TryGetValue(instrument.Name, out var sink))
        {
            _instruments.TryAdd(instrument.Name, 0);
            listener.EnableMeasurementEvents(instrument, sink);
        }
    }
}
