using Quant.Orleans.Grains.Interfaces;

namespace Quant.Orleans.Grains.Replay;

/// <summary>The persisted part of a replay lease: who holds it, how often it changed hands, whether the replay is done.</summary>
[GenerateSerializer, Alias("qo.ReplayLeaseState")]
public sealed class ReplayLeaseState
{
    /// <summary>The holding silo, or null.</summary>
    [Id(0)]
    public SiloAddress? Holder { get; set; }

    /// <summary>Times the lease changed hands.</summary>
    [Id(1)]
    public long Generation { get; set; }

    /// <summary>True once the replay ran to its end.</summary>
    [Id(2)]
    public bool Completed { get; set; }

    /// <summary>The holder's time to live.</summary>
    [Id(3)]
    public TimeSpan TimeToLive { get; set; }
}

/// <summary>See <see cref="IReplayLeaseGrain"/>. The expiry is kept in memory: a re-activated grain gives the holder it
/// read from storage one full time to live to renew, unless the membership already declares that silo dead. State is
/// written when the holder changes and at completion, not on renewals.</summary>
public sealed class ReplayLeaseGrain : Grain, IReplayLeaseGrain
{
    private readonly IPersistentState<ReplayLeaseState> _state;
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _time;
    private DateTime _expiresUtc;

    /// <summary>Creates the grain.</summary>
    public ReplayLeaseGrain(
        [PersistentState("lease", GridStorage.Name)] IPersistentState<ReplayLeaseState> state,
        IClusterMembershipService membership,
        TimeProvider time)
    {
        _state = state;
        _membership = membership;
        _time = time;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _expiresUtc = _state.State.Holder is null ? DateTime.MinValue : Now + _state.State.TimeToLive;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ReplayLease> Acquire(SiloAddress silo, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        var state = _state.State;
        if (state.Completed)
        {
            return Lease(silo);
        }

        if (silo.Equals(state.Holder))
        {
            _expiresUtc = Now + timeToLive;
            return Lease(silo);
        }

        if (state.Holder is { } holder && Now < _expiresUtc && !Membership.IsDead(_membership, holder))
        {
            return Lease(silo);
        }

        state.Holder = silo;
        state.Generation++;
        state.TimeToLive = timeToLive;
        await _state.WriteStateAsync();
        _expiresUtc = Now + timeToLive;
        return Lease(silo);
    }

    /// <inheritdoc />
    public async Task Release(SiloAddress silo)
    {
        if (silo.Equals(_state.State.Holder) && !_state.State.Completed)
        {
            _state.State.Holder = null;
            await _state.WriteStateAsync();
            _expiresUtc = DateTime.MinValue;
        }
    }

    /// <inheritdoc />
    public async Task<bool> Complete(SiloAddress silo)
    {
        if (!silo.Equals(_state.State.Holder))
        {
            return false;
        }

        if (!_state.State.Completed)
        {
            _state.State.Completed = true;
            await _state.WriteStateAsync();
        }

        return true;
    }

    /// <inheritdoc />
    public Task<ReplayLease> Get() => Task.FromResult(Lease(null));

    private ReplayLease Lease(SiloAddress? asking)
    {
        var state = _state.State;
        return new ReplayLease(asking is not null && asking.Equals(state.Holder) && !state.Completed, state.Holder, state.Generation, _expiresUtc, state.Completed);
    }
}
