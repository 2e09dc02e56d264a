using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// Innovation-based adaptation of a scalar observation noise variance R (Mehra, 1972, "Approaches to Adaptive
/// Filtering", IEEE TAC 17(5), the covariance-matching estimate; in the exponentially weighted form of Akhlaghi, Zhou
/// and Huang, 2017, "Adaptive adjustment of noise covariance in Kalman filter for dynamic state estimation", IEEE PES GM,
/// eq. 5, with the innovation instead of the residual). After each update of a filter with m = 1:
/// <c>C ← a·C + (1 − a)·ν²</c> (EWMA of the squared innovation, started at the first ν²) and
/// <c>R ← max(C − P_zz, floor)</c>, P_zz = S − R the predicted observation variance of that update (for a linear
/// model H P⁻ Hᵀ); the new R is used from the next update. Causal; allocation-free; not thread-safe.
/// </summary>
public sealed class InnovationAdaptiveObservationNoise
{
    private readonly double[] _r = new double[1];
    private bool _started;
    private double _innovationMoment;

    /// <summary>Creates the estimator.</summary>
    /// <param name="forgetting">a in (0, 1): weight of the past (0.99 averages over about 100 updates).</param>
    /// <param name="floor">Smallest R allowed, &gt; 0, in the observation unit squared.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public InnovationAdaptiveObservationNoise(double forgetting, double floor)
    {
        if (!(forgetting > 0.0 && forgetting < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(forgetting), forgetting, "The forgetting factor must lie in (0, 1).");
        }

        if (!(floor > 0.0) || !double.IsFinite(floor))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The floor must be finite and positive.");
        }

        Forgetting = forgetting;
        Floor = floor;
    }

    /// <summary>a, the EWMA weight of the past.</summary>
    public double Forgetting { get; }

    /// <summary>The smallest R allowed.</summary>
    public double Floor { get; }

    /// <summary>The EWMA of ν², observation unit squared (0 before the first update).</summary>
    public double InnovationMoment => _innovationMoment;

    /// <summary>Reads the last update of <paramref name="filter"/> and sets its R for the next one.</summary>
    /// <param name="filter">A filter with observation dimension 1 that has just completed an update.</param>
    /// <returns>The new R.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    /// <exception cref="ArgumentException">The filter's observation dimension is not 1.</exception>
    public double Adapt(UnscentedKalmanFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.ObservationDimension != 1)
        {
            throw new ArgumentException($"Scalar observations only, got m = {filter.ObservationDimension}.", nameof(filter));
        }

        var nu = filter.Innovation[0];
        var pzz = filter.InnovationCovariance[0] - filter.ObservationNoise[0];
        _innovationMoment = _started ? (Forgetting * _innovationMoment) + ((1.0 - Forgetting) * nu * nu) : nu * nu;
        _started = true;
        _r[0] = Math.Max(_innovationMoment - pzz, Floor);
        filter.SetObservationNoise(_r);
        return _r[0];
    }

    /// <summary>Copies the estimator's state into a checkpoint (allocates; the estimator is unchanged).</summary>
    /// <returns>The checkpoint.</returns>
    public InnovationAdaptiveNoiseState Capture() => new(Forgetting, Floor, _started, _innovationMoment);

    /// <summary>Replaces the estimator's state with a checkpoint of an estimator with the same forgetting factor and floor;
    /// the next <see cref="Adapt"/> then gives bit for bit what the captured one would have given.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The forgetting factor or floor differs from this estimator's, or the moment is
    /// not finite and non-negative; the message names the field.</exception>
    public void Restore(InnovationAdaptiveNoiseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckpointGuard.Rule(state.Forgetting.Equals(Forgetting), "InnovationAdaptiveNoiseState.Forgetting", $"{state.Forgetting} differs from this estimator's {Forgetting}.");
        CheckpointGuard.Rule(state.Floor.Equals(Floor), "InnovationAdaptiveNoiseState.Floor", $"{state.Floor} differs from this estimator's {Floor}.");
        CheckpointGuard.Finite(state.InnovationMoment, "InnovationAdaptiveNoiseState.InnovationMoment");
        CheckpointGuard.Rule(state.InnovationMoment >= 0.0, "InnovationAdaptiveNoiseState.InnovationMoment", "must not be negative.");
        _started = state.Started;
        _innovationMoment = state.InnovationMoment;
    }

    /// <summary>Forgets the innovation history (the filter's R is left as it is).</summary>
    public void Reset()
    {
        _started = false;
        _innovationMoment = 0.0;
    }
}
