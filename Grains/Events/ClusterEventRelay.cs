using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Grains.Interfaces.Events;

namespace Quant.Orleans.Grains.Events;

/// <summary>
/// Makes a silo's <see cref="TradingEventHub"/> one of the cluster's: while the silo has subscribers it keeps an
/// Orleans grain observer (<see cref="ITradingEventListener"/>) registered with the <see cref="ITradingEventRegistryGrain"/>;
/// every <see cref="RefreshInterval"/> (and whenever a local subscriber comes or goes) it learns which other silos
/// listen; the events its grains publish are batched (up to <see cref="MaxBatch"/>, in publication order) and sent to
/// each of them. A silo that does not answer within <see cref="SendTimeout"/> loses that batch (counted in
/// <see cref="Dropped"/>, like a slow subscriber's events): a grain never waits for another silo's clients. Starts when
/// the silo becomes active and stops first at shutdown (Orleans silo lifecycle, stage Active).
/// </summary>
public sealed partial class ClusterEventRelay : ILifecycleParticipant<ISiloLifecycle>, ITradingEventListener, ITradingEventForwarder
{
    /// <summary>How often the silo refreshes its registration and its list of listening silos.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a send to another silo may take before its batch is dropped.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The most events in one batch to another silo.</summary>
    public const int MaxBatch = 512;

    private const int QueueCapacity = 65_536;

    private readonly TradingEventHub _hub;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly ILogger<ClusterEventRelay> _logger;
    private readonly Channel<TradingEvent> _outgoing;
    private readonly SemaphoreSlim _refreshNow = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private TradingEventSubscriber[] _remote = [];
    private ITradingEventListener? _reference;
    private bool _registered;
    private Task _refreshLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;
    private long _dropped;
    private long _relayed;
    private long _received;

    /// <summary>Creates the relay of the silo's hub.</summary>
    public ClusterEventRelay(TradingEventHub hub, IGrainFactory grains, ILocalSiloDetails silo, ILogger<ClusterEventRelay> logger)
    {
        _hub = hub;
        _grains = grains;
        _silo = silo;
        _logger = logger;
        _outgoing = Channel.CreateBounded<TradingEvent>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <inheritdoc />
    public bool HasRemoteListeners => Volatile.Read(ref _remote).Length > 0;

    /// <summary>Events not delivered to another silo (queue full, or the silo did not answer), one per event per silo.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events sent to other silos (one per event per silo).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Events received from other silos.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>The other silos listening now.</summary>
    public IReadOnlyList<SiloAddress> RemoteListeners => [.. Volatile.Read(ref _remote).Select(r => r.Silo)];

    private ITradingEventRegistryGrain Registry => _grains.GetGrain<ITradingEventRegistryGrain>(ITradingEventRegistryGrain.Key);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ClusterEventRelay), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <inheritdoc />
    public void Enqueue(TradingEvent @event) => _outgoing.Writer.TryWrite(@event);

    /// <inheritdoc />
    public Task Deliver(TradingEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var e in batch.Events)
        {
            _hub.PublishLocal(e);
        }

        Interlocked.Add(ref _received, batch.Events.Length);
        return Task.CompletedTask;
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = _grains.CreateObjectReference<ITradingEventListener>(this);
        _hub.Forwarder = this;
        _hub.SubscribersChanged += OnSubscribersChanged;
        _refreshLoop = Task.Run(() => RefreshLoop(_stop.Token), CancellationToken.None);
        _sendLoop = Task.Run(() => SendLoop(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _hub.SubscribersChanged -= OnSubscribersChanged;
        _hub.Forwarder = null;
        _outgoing.Writer.TryComplete();
        await _stop.CancelAsync();
        await Task.WhenAll(_refreshLoop, _sendLoop).WaitAsync(SendTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_registered)
        {
            try
            {
                await Registry.Unregister(_silo.SiloAddress).WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The registry drops the listener itself once the silo is dead or the registration is stale.
                LogUnregisterFailed(e.Message);
            }
        }

        if (_reference is not null)
        {
            _grains.DeleteObjectReference<ITradingEventListener>(_reference);
        }
    }

    private void OnSubscribersChanged()
    {
        if (_refreshNow.CurrentCount == 0)
        {
            try
            {
                _refreshNow.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    private async Task RefreshLoop(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                TradingEventSubscriber[] listeners;
                if (_hub.LocalSubscribers > 0)
                {
                    listeners = await Registry.Register(_silo.SiloAddress, _reference!);
                    _registered = true;
                }
                else
                {
                    if (_registered)
                    {
                        await Registry.Unregister(_silo.SiloAddress);
                        _registered = false;
                    }

                    listeners = await Registry.GetListeners();
                }

                Volatile.Write(ref _remote, [.. listeners.Where(l => !l.Silo.Equals(_silo.SiloAddress))]);
                if (failures > 0)
                {
                    LogRefreshRecovered(failures);
                }

                failures = 0;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // The registry's silo may have just died: keep the last list and try again.
                if (failures++ == 0)
                {
                    LogRefreshFailed(e.Message);
                }
            }

            try
            {
                await _refreshNow.WaitAsync(RefreshInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendLoop(CancellationToken stop)
    {
        var reader = _outgoing.Reader;
        var buffer = new List<TradingEvent>(MaxBatch);
        var origin = _silo.SiloAddress.ToString();
        try
        {
            while (await reader.WaitToReadAsync(stop))
            {
                buffer.Clear();
                while (buffer.Count < MaxBatch && reader.TryRead(out var e))
                {
                    buffer.Add(e);
                }

                var targets = Volatile.Read(ref _remote);
                if (targets.Length == 0)
                {
                    continue;
                }

                var batch = new TradingEventBatch(origin, [.. buffer]);
                await Task.WhenAll(targets.Select(t => Send(t, batch)));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task Send(TradingEventSubscriber target, TradingEventBatch batch)
    {
        try
        {
            await target.Listener.Deliver(batch).WaitAsync(SendTimeout);
            Interlocked.Add(ref _relayed, batch.Events.Length);
        }
        catch (Exception e)
        {
            Interlocked.Add(ref _dropped, batch.Events.Length);
            LogSendFailed(batch.Events.Length, target.Silo.ToString(), e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live events: {Count} events for silo {Silo} were dropped ({Reason}).")]
    private partial void LogSendFailed(int count, string silo, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live events: the list of listening silos could not be refreshed ({Reason}); the last one is kept and the refresh retried every second.")]
    private partial void LogRefreshFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live events: the list of listening silos is refreshed again after {Failures} failed attempts.")]
    private partial void LogRefreshRecovered(int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live events: the silo's listener could not be unregistered at shutdown ({Reason}).")]
    private partial void LogUnregisterFailed(string reason);
}
