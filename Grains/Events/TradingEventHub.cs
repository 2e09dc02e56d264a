using System.Threading.Channels;
using Quant.Orleans.Grains.Interfaces.Events;

namespace Quant.Orleans.Grains.Events;

/// <summary>
/// The silo's event hub: grains publish, the gateway's <c>GET /api/events</c> subscribers read. Each subscriber has its
/// own bounded channel that drops its oldest event when full, so a slow client never blocks a grain; with no subscriber
/// anywhere, <see cref="Publish"/> returns at once (<see cref="HasSubscribers"/> lets a grain skip building an event).
/// In a cluster a <see cref="ClusterEventRelay"/> is attached (<see cref="Forwarder"/>): events published here also go
/// to the silos with subscribers, and theirs come in through <see cref="PublishLocal"/>. Thread-safe; one singleton per
/// silo, passed to the grains like <see cref="StrategyOptions"/>.
/// </summary>
public sealed class TradingEventHub
{
    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    /// <summary>True while at least one subscriber listens, on this silo or (with a <see cref="Forwarder"/>) another.</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0 || Forwarder is { HasRemoteListeners: true };

    /// <summary>Subscribers on this silo.</summary>
    public int LocalSubscribers => Volatile.Read(ref _subscribers).Length;

    /// <summary>Where events also go when other silos listen; null for a silo on its own.</summary>
    public ITradingEventForwarder? Forwarder { get; set; }

    /// <summary>Raised (on the subscribing or leaving thread) when a local subscriber comes or goes.</summary>
    public event Action? SubscribersChanged;

    /// <summary>Events dropped because a subscriber's channel was full, over all subscribers.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Hands <paramref name="event"/> to every subscriber whose filter matches, here and (through the
    /// <see cref="Forwarder"/>) on other silos; never blocks.</summary>
    public void Publish(TradingEvent @event)
    {
        PublishLocal(@event);
        if (Forwarder is { HasRemoteListeners: true } forwarder)
        {
            forwarder.Enqueue(@event);
        }
    }

    /// <summary>Hands <paramref name="event"/> to this silo's subscribers only (an event another silo relayed).</summary>
    public void PublishLocal(TradingEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var subscribers = Volatile.Read(ref _subscribers);
        foreach (var s in subscribers)
        {
            if (s.Account is null || @event.Account is null || s.Account == @event.Account)
            {
                s.Channel.Writer.TryWrite(@event);
            }
        }
    }

    /// <summary>
    /// Subscribes to the events of <paramref name="account"/> (and the market-wide ones), or to every event when null.
    /// Dispose the result to unsubscribe.
    /// </summary>
    /// <param name="account">Account filter, or null for all.</param>
    /// <param name="capacity">Events buffered before the oldest is dropped, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public Subscription Subscribe(string? account, int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<TradingEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
        var subscription = new Subscription(this, account, channel);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        SubscribersChanged?.Invoke();
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }

        subscription.Channel.Writer.TryComplete();
        SubscribersChanged?.Invoke();
    }

    /// <summary>One subscriber: read <see cref="Reader"/>; dispose to leave.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly TradingEventHub _hub;
        private int _disposed;

        internal Subscription(TradingEventHub hub, string? account, Channel<TradingEvent> channel)
        {
            _hub = hub;
            Account = account;
            Channel = channel;
        }

        /// <summary>The account filter, or null for every account.</summary>
        public string? Account { get; }

        /// <summary>The events, oldest first.</summary>
        public ChannelReader<TradingEvent> Reader => Channel.Reader;

        internal Channel<TradingEvent> Channel { get; }

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _hub.Remove(this);
            }
        }
    }
}

/// <summary>Carries a silo's events to the other silos' subscribers (<see cref="ClusterEventRelay"/>).</summary>
public interface ITradingEventForwarder
{
    /// <summary>True while another silo has subscribers.</summary>
    bool HasRemoteListeners { get; }

    /// <summary>Queues <paramref name="event"/> for the other silos; never blocks.</summary>
    void Enqueue(TradingEvent @event);
}
