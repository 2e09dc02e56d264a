using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Statistics;

/// <summary>
/// An exponentially weighted realised volatility of log returns sampled at irregular times. Each return rₖ over
/// Δtₖ seconds is weighted by its age with decay e^(−age/τ), τ = half-life/ln 2, and the variance rate is the ratio of
/// the weighted sums <c>σ² = Σ wₖ rₖ² / Σ wₖ Δtₖ</c> — the irregular-time form of the RiskMetrics EWMA (J.P. Morgan,
/// RiskMetrics Technical Document, 1996, §5.2.1) and of Zumbach and Müller's (2001) inhomogeneous-time EMA operators.
/// For Brownian motion with volatility σ it is unbiased for σ² whatever the spacing. Unit: the
/// <see cref="Volatility"/> is in log-return per √second (multiply by √23 400 for a US equity session, by √(252·23 400)
/// for a year). Causal, allocation-free. Not thread-safe.
/// </summary>
public sealed class EwmaRealizedVolatility
{
    private readonly double _inverseTimeConstant;
    private double _sumSquares;
    private double _sumTime;
    private double _lastLogPrice;
    private long _lastTime;

    /// <summary>Creates the estimator.</summary>
    /// <param name="halfLife">The half-life of the exponential weights, positive (e.g. 5 minutes for tick data).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="halfLife"/> is not positive.</exception>
    public EwmaRealizedVolatility(TimeSpan halfLife)
    {
        if (halfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half-life must be positive.");
        }

        HalfLife = halfLife;
        _inverseTimeConstant = Math.Log(2.0) / halfLife.TotalSeconds;
    }

    /// <summary>The half-life of the weights.</summary>
    public TimeSpan HalfLife { get; }

    /// <summary>The number of log prices seen.</summary>
    public long Count { get; private set; }

    /// <summary>The exponentially weighted elapsed time Σ wₖ Δtₖ, in seconds (at most τ = half-life/ln 2 in the limit);
    /// a measure of how much history the estimate rests on.</summary>
    public double EffectiveSeconds => _sumTime;

    /// <summary>The variance rate σ², in (log return)² per second; NaN until some time has elapsed between two prices.</summary>
    public double VariancePerSecond => _sumTime > 0.0 ? _sumSquares / _sumTime : double.NaN;

    /// <summary>The volatility σ, in log return per √second; NaN until some time has elapsed between two prices.</summary>
    public double Volatility => Math.Sqrt(VariancePerSecond);

    /// <summary>Adds the log price observed at <paramref name="time"/>; the first call only sets the reference.</summary>
    /// <param name="time">The observation time; not earlier than the previous one (equal times add the return with no
    /// elapsed time).</param>
    /// <param name="logPrice">The natural log of the price, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logPrice"/> is not finite or <paramref name="time"/>
    /// is earlier than the previous time.</exception>
    public void Add(Core.UnixNanos time, double logPrice)
    {
        if (!double.IsFinite(logPrice))
        {
            throw new ArgumentOutOfRangeException(nameof(logPrice), logPrice, "The log price must be finite.");
        }

        if (Count == 0)
        {
            _lastTime = time.Value;
            _lastLogPrice = logPrice;
            Count = 1;
            return;
        }

        if (time.Value < _lastTime)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"Times must not decrease: previous {new Core.UnixNanos(_lastTime)}.");
        }

        var dt = (time.Value - _lastTime) / (double)Core.UnixNanos.NanosPerSecond;
        var decay = Math.Exp(-dt * _inverseTimeConstant);
        var r = logPrice - _lastLogPrice;
        _sumSquares = (decay * _sumSquares) + (r * r);
        _sumTime = (decay * _sumTime) + dt;
        _lastTime = time.Value;
        _lastLogPrice = logPrice;
        Count++;
    }

    /// <summary>Copies the estimator's state into a checkpoint (allocates; the estimator is unchanged).</summary>
    /// <returns>The checkpoint.</returns>
    public EwmaRealizedVolatilityState Capture() => new(HalfLife.Ticks, Count, _lastTime, _lastLogPrice, _sumSquares, _sumTime);

    /// <summary>Replaces the estimator's state with a checkpoint of an estimator of the same half-life; later outputs are
    /// then bit for bit those of the captured one. Nothing changes when it is refused.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The half-life differs, the count is negative, or a sum or the log price is not
    /// finite (or a sum is negative); the message names the field.</exception>
    public void Restore(EwmaRealizedVolatilityState state)
    {
        CheckState(state);
        ApplyState(state);
    }

    /// <summary>The checks of <see cref="Restore"/>, changing nothing.</summary>
    internal void CheckState(EwmaRealizedVolatilityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckpointGuard.Rule(state.HalfLifeTicks == HalfLife.Ticks, "EwmaRealizedVolatilityState.HalfLifeTicks", $"{state.HalfLifeTicks} differs from this estimator's {HalfLife.Ticks}.");
        CheckpointGuard.NonNegative(state.Count, "EwmaRealizedVolatilityState.Count");
        CheckpointGuard.Finite(state.LastLogPrice, "EwmaRealizedVolatilityState.LastLogPrice");
        CheckpointGuard.Finite(state.SumSquares, "EwmaRealizedVolatilityState.SumSquares");
        CheckpointGuard.Rule(state.SumSquares >= 0.0, "EwmaRealizedVolatilityState.SumSquares", "must not be negative.");
        CheckpointGuard.Finite(state.SumTime, "EwmaRealizedVolatilityState.SumTime");
        CheckpointGuard.Rule(state.SumTime >= 0.0, "EwmaRealizedVolatilityState.SumTime", "must not be negative.");
    }

    /// <summary>Copies a checked checkpoint into the estimator.</summary>
    internal void ApplyState(EwmaRealizedVolatilityState state)
    {
        Count = state.Count;
        _lastTime = state.LastTimeNanos;
        _lastLogPrice = state.LastLogPrice;
        _sumSquares = state.SumSquares;
        _sumTime = state.SumTime;
    }

    /// <summary>Forgets every observation.</summary>
    public void Reset()
    {
        _sumSquares = 0.0;
        _sumTime = 0.0;
        _lastLogPrice = 0.0;
        _lastTime = 0;
        Count = 0;
    }
}
