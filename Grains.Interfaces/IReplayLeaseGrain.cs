namespace Quant.Orleans.Grains.Interfaces;

/// <summary>
/// Who drives the replay of one account (key: the account) in a cluster where every silo runs <c>serve --replay</c>:
/// one silo holds the lease and feeds the market; the others wait. The holder renews it; it passes to another silo when
/// the holder releases it (graceful shutdown), when it has not been renewed for its time to live, or as soon as Orleans's
/// membership declares the holder's silo dead. Once the holder reports the replay complete, nobody drives it again.
/// The holder and the completion are persisted (grain state), so a restart of the grain keeps them.
/// </summary>
[Alias("qo.IReplayLeaseGrain")]
public interface IReplayLeaseGrain : IGrainWithStringKey
{
    /// <summary>Grants the lease to <paramref name="silo"/> when it is free, expired, held by a dead silo or already
    /// <paramref name="silo"/>'s (a renewal); otherwise answers with the current holder.</summary>
    /// <param name="silo">The asking silo.</param>
    /// <param name="timeToLive">How long the grant lasts without a renewal, positive.</param>
    [Alias("Acquire")]
    Task<ReplayLease> Acquire(SiloAddress silo, TimeSpan timeToLive);

    /// <summary>Frees the lease if <paramref name="silo"/> holds it.</summary>
    [Alias("Release")]
    Task Release(SiloAddress silo);

    /// <summary>Records that the replay ran to its end (only the holder may); the lease is then never granted again.</summary>
    /// <returns>False when <paramref name="silo"/> does not hold the lease.</returns>
    [Alias("Complete")]
    Task<bool> Complete(SiloAddress silo);

    /// <summary>The lease as it stands.</summary>
    [Alias("Get")]
    Task<ReplayLease> Get();
}

/// <summary>The state of a replay lease, as seen by one silo.</summary>
/// <param name="Granted">True when the asking silo holds the lease.</param>
/// <param name="Holder">The holding silo, or null when nobody holds it.</param>
/// <param name="Generation">How many times the lease has changed hands (1 for the first grant).</param>
/// <param name="ExpiresUtc">When the grant lapses without a renewal.</param>
/// <param name="Completed">True once the replay ran to its end.</param>
[GenerateSerializer, Immutable, Alias("qo.ReplayLease")]
public sealed record ReplayLease(
    [property: Id(0)] bool Granted,
    [property: Id(1)] SiloAddress? Holder,
    [property: Id(2)] long Generation,
    [property: Id(3)] DateTime ExpiresUtc,
    [property: Id(4)] bool Completed);
