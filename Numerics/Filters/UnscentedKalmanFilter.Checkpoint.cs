using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Filters;

// Checkpoint of the filter: capture and restore of everything later steps and readers depend on.
public sealed partial class UnscentedKalmanFilter
{
    /// <summary>Copies the filter's state into a checkpoint (allocates; the filter is unchanged).</summary>
    /// <returns>A deep copy: later steps do not change it.</returns>
    public UkfState Capture() => new(
        (double[])_x.Clone(),
        (double[])_p.Clone(),
        (double[])_r.Clone(),
        (double[])_zPred.Clone(),
        (double[])_innovation.Clone(),
        (double[])_s.Clone(),
        (double[])_gain.Clone(),
        LastLogLikelihood,
        JitterCount,
        UpdateCount);

    /// <summary>
    /// Replaces the filter's state with a checkpoint taken by <see cref="Capture"/> from a filter of the same model and
    /// sigma points; later steps are then bit-for-bit those the captured filter would have taken. The arrays are copied
    /// (the checkpoint is not aliased). Nothing is changed when the checkpoint is refused.
    /// </summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">An array is missing or has the wrong length for (n, m), a value is not
    /// finite, P is not exactly symmetric, or a counter is negative; the message names the field.</exception>
    public void Restore(UkfState state)
    {
        CheckState(state);
        ApplyState(state);
    }

    /// <summary>The checks of <see cref="Restore"/>, changing nothing (for owners that restore several parts at once).</summary>
    internal void CheckState(UkfState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var n = _n;
        var m = _m;
        CheckpointGuard.FiniteLength(state.State, n, "UkfState.State");
        var p = CheckpointGuard.FiniteLength(state.Covariance, n * n, "UkfState.Covariance");
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                CheckpointGuard.Rule(p[(i * n) + j].Equals(p[(j * n) + i]), "UkfState.Covariance", $"P[{i},{j}] differs from P[{j},{i}]; P must be exactly symmetric.");
            }
        }

        CheckpointGuard.FiniteLength(state.ObservationNoise, m * m, "UkfState.ObservationNoise");
        CheckpointGuard.FiniteLength(state.PredictedObservation, m, "UkfState.PredictedObservation");
        CheckpointGuard.FiniteLength(state.Innovation, m, "UkfState.Innovation");
        CheckpointGuard.FiniteLength(state.InnovationCovariance, m * m, "UkfState.InnovationCovariance");
        CheckpointGuard.FiniteLength(state.Gain, n * m, "UkfState.Gain");
        CheckpointGuard.Finite(state.LastLogLikelihood, "UkfState.LastLogLikelihood");
        CheckpointGuard.NonNegative(state.JitterCount, "UkfState.JitterCount");
        CheckpointGuard.NonNegative(state.UpdateCount, "UkfState.UpdateCount");
    }

    /// <summary>Copies a checked checkpoint into the filter.</summary>
    internal void ApplyState(UkfState state)
    {
        state.State.CopyTo(_x, 0);
        state.Covariance.CopyTo(_p, 0);
        state.ObservationNoise.CopyTo(_r, 0);
        state.PredictedObservation.CopyTo(_zPred, 0);
        state.Innovation.CopyTo(_innovation, 0);
        state.InnovationCovariance.CopyTo(_s, 0);
        state.Gain.CopyTo(_gain, 0);
        _logLikelihood = state.LastLogLikelihood;
        _scalarLikelihood = false;
        JitterCount = state.JitterCount;
        UpdateCount = state.UpdateCount;
    }
}
