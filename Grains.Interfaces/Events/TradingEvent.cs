using Quant.Orleans.Core;

namespace Quant.Orleans.Grains.Interfaces.Events;

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

/// <summary>One live event for the gateways' server-sent events. Immutable; crosses silos in a
/// <see cref="TradingEventBatch"/>.</summary>
/// <param name="Kind">What the payload is.</param>
/// <param name="Account">The account it belongs to; null for market-wide events (signals).</param>
/// <param name="Payload">The immutable message: an <see cref="Trading.Orders.ExecutionReport"/>, a
/// <see cref="Trading.Orders.Fill"/>, a <see cref="Trading.Accounts.RiskSnapshot"/> or a <see cref="SignalEvent"/>.</param>
[GenerateSerializer, Immutable, Alias("qo.TradingEvent")]
public sealed record TradingEvent([property: Id(0)] TradingEventKind Kind, [property: Id(1)] string? Account, [property: Id(2)] object Payload);

/// <summary>A forecast with its gate verdicts, as the symbol grain saw it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Time">Market time of the forecast, UTC.</param>
/// <param name="Forecast">Expected log return over the horizon.</param>
/// <param name="Level">Filtered price level (exp of the filtered log mid), quote currency.</param>
/// <param name="Slope">Filtered slope of the log mid, per second.</param>
/// <param name="RegimePass">True when the regime gate passed it.</param>
/// <param name="JudgePass">True when the judge gate passed it (false when the regime gate already blocked it).</param>
[GenerateSerializer, Immutable, Alias("qo.SignalEvent")]
public sealed record SignalEvent(
    [property: Id(0)] string Symbol,
    [property: Id(1)] UnixNanos Time,
    [property: Id(2)] double Forecast,
    [property: Id(3)] double Level,
    [property: Id(4)] double Slope,
    [property: Id(5)] bool RegimePass,
    [property: Id(6)] bool JudgePass);

/// <summary>Live events one silo relays to another, in the order its grains published them.</summary>
/// <param name="Origin">The publishing silo (for diagnostics).</param>
/// <param name="Events">The events; never changed once sent.</param>
[GenerateSerializer, Immutable, Alias("qo.TradingEventBatch")]
public sealed record TradingEventBatch([property: Id(0)] string Origin, [property: Id(1)] TradingEvent[] Events);

/// <summary>A silo's receiver of other silos' live events (an Orleans grain observer, registered with
/// <see cref="ITradingEventRegistryGrain"/> while the silo has subscribers).</summary>
[Alias("qo.ITradingEventListener")]
public interface ITradingEventListener : IGrainObserver
{
    /// <summary>Hands the batch to the silo's local subscribers.</summary>
    [Alias("Deliver")]
    Task Deliver(TradingEventBatch batch);
}

/// <summary>A silo listening for the cluster's live events.</summary>
/// <param name="Silo">The listening silo.</param>
/// <param name="Listener">Its observer.</param>
[GenerateSerializer, Immutable, Alias("qo.TradingEventSubscriber")]
public sealed record TradingEventSubscriber([property: Id(0)] SiloAddress Silo, [property: Id(1)] ITradingEventListener Listener);

/// <summary>The cluster's register of silos with live-event subscribers (one grain, key
/// <see cref="Key"/>): every silo asks it, about once a second, which silos to relay its grains' events to. Nothing is
/// persisted: after a restart of the grain, silos register again on their next refresh.</summary>
[Alias("qo.ITradingEventRegistryGrain")]
public interface ITradingEventRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>The one registry's key.</summary>
    const long Key = 0;

    /// <summary>Registers (or refreshes) <paramref name="silo"/>'s listener; returns every live listener.</summary>
    [Alias("Register")]
    Task<TradingEventSubscriber[]> Register(SiloAddress silo, ITradingEventListener listener);

    /// <summary>Removes <paramref name="silo"/>'s listener (its last subscriber left, or it is stopping).</summary>
    [Alias("Unregister")]
    Task Unregister(SiloAddress silo);

    /// <summary>Every live listener: refreshed within the listener lifetime, on a silo the membership does not
    /// declare dead.</summary>
    [Alias("GetListeners")]
    Task<TradingEventSubscriber[]> GetListeners();
}
