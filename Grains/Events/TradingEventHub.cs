using System.Threading.Channels;

namespace Quant.Orleans.Grains.Events;

/// <summary>What a <see cref="TradingEvent"/> carries.</summary>
public enum TradingEventKind
{
    /// <summary>An execution report (<see cref="Trading.Orders.ExecutionReport"/>).</summary>
    Order,

    /// <summary>A fill (<see cref="Trading.Orders.Fill"/>).</summary>
    Fill,

    /// <summary>A forecast and its gate verdicts (<see cref="SignalEvent"/>).</summary>
    Signal,

    /// <summary>An account's risk view after a state change (<see cref="Trading.Accounts.RiskSnapshot"/>).</summary>
    Risk,
}

/// <summary>One live event for the gateway's server-sent events.</summary>
/// <param name="Kind">What the payload is.</param>
/// <param name="Account">The account it belongs to; null for market-wide events (signals).</param>
/// <param name="Payload">The immutable message.</param>
public sealed record TradingEvent(TradingEventKind Kind, string? Account, object Payload);

/// <summary>A forecast with its gate verdicts, as the symbol grain saw it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Time">Market time of the forecast, UTC.</param>
/// <param name="Forecast">Expected log return over the horizon.</param>
/// <param name="Level">Filtered price level (exp of the filtered log mid), quote currency.</param>
/// <param name="Slope">Filtered slope of the log mid, per second.</param>
/// <param name="RegimePass">True when the regime gate passed it.</param>
/// <param name="JudgePass">True when the judge gate passed it (false when the regime gate already blocked it).</param>
public sealed record SignalEvent(string Symbol, Core.UnixNanos Time, double Forecast, double Level, double Slope, bool RegimePass, bool JudgePass);

/// <summary>
/// The silo's in-process event hub: grains publish, the gateway's <c>GET /api/events</c> subscribers read. Each
/// subscriber has its own bounded channel that drops its oldest event when full, so a slow client never blocks a
/// grain; with no subscriber, <see cref="Publish"/> returns at once (<see cref="HasSubscribers"/> lets a grain skip
/// building an event). Thread-safe; one singleton per silo, passed to the grains like <see cref="StrategyOptions"/>.
/// </summary>
public sealed class TradingEventHub
{
    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    /// <summary>True while at least one subscriber listens.</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>Events dropped because a subscriber's channel was full, over all subscribers.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Hands <paramref name="event"/> to every subscriber whose filter matches; never blocks.</summary>
    public void Publish(TradingEvent @event)
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

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }

        subscription.Channel.Writer.TryComplete();
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
