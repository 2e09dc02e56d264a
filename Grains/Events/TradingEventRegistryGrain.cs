using Quant.Orleans.Grains.Interfaces.Events;

namespace Quant.Orleans.Grains.Events;

/// <summary>The cluster's register of silos with live-event subscribers: a listener stays registered for
/// <see cref="ListenerLifetime"/> after its last refresh, and goes at once when Orleans's membership declares its silo
/// dead. State lives in memory only (silos register again within a second of a restart of this grain).</summary>
public sealed class TradingEventRegistryGrain : Grain, ITradingEventRegistryGrain
{
    /// <summary>How long a listener stays registered without a refresh (silos refresh every
    /// <see cref="ClusterEventRelay.RefreshInterval"/>).</summary>
    public static readonly TimeSpan ListenerLifetime = TimeSpan.FromSeconds(10);

    private readonly Dictionary<SiloAddress, (ITradingEventListener Listener, DateTimeOffset Seen)> _listeners = [];
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _time;

    /// <summary>Creates the registry.</summary>
    public TradingEventRegistryGrain(IClusterMembershipService membership, TimeProvider time)
    {
        _membership = membership;
        _time = time;
    }

    /// <inheritdoc />
    public Task<TradingEventSubscriber[]> Register(SiloAddress silo, ITradingEventListener listener)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(listener);
        _listeners[silo] = (listener, _time.GetUtcNow());
        return GetListeners();
    }

    /// <inheritdoc />
    public Task Unregister(SiloAddress silo)
    {
        _listeners.Remove(silo);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TradingEventSubscriber[]> GetListeners()
    {
        var now = _time.GetUtcNow();
        foreach (var (silo, entry) in _listeners.ToArray())
        {
            if (now - entry.Seen > ListenerLifetime || Membership.IsDead(_membership, silo))
            {
                _listeners.Remove(silo);
            }
        }

        return Task.FromResult(_listeners.Select(l => new TradingEventSubscriber(l.Key, l.Value.Listener)).ToArray());
    }
}
