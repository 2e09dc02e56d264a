using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The student's causal filter (DESIGN §3): each observation enters a <see cref="SlidingWaveletDenoiser"/> over the
/// last W observations; on a market-time cadence (every <see cref="DenoiseIntervalSeconds"/>, or every observation
/// when it is 0) the newest denoised value is fed to an <see cref="UnscentedKalmanFilter"/>, predicted over the time
/// since its previous update. Before the window is full the filter is fed the raw observation on every call.
/// Strictly causal: the filter's state after an observation depends only on that observation and earlier ones.
/// The cadence bounds the cost (one denoising costs O(J·2W·L); see tests/Benchmarks/README.md). Allocation-free per
/// observation; not thread-safe.
/// </summary>
public sealed class SlidingWaveletUkf
{
    private readonly double[] _observation = new double[1];
    private double _lastFilterTime;
    private double _nextDenoiseTime;
    private bool _started;

    /// <summary>Creates the filter.</summary>
    /// <param name="filter">The UKF (observation dimension 1) that receives the denoised values; owned by this object.</param>
    /// <param name="denoiser">The sliding denoiser; owned by this object.</param>
    /// <param name="denoiseIntervalSeconds">Minimum market time between two denoised updates, seconds, ≥ 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The UKF's observation dimension is not 1, or the interval is negative or not finite.</exception>
    public SlidingWaveletUkf(UnscentedKalmanFilter filter, SlidingWaveletDenoiser denoiser, double denoiseIntervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(denoiser);
        if (filter.ObservationDimension != 1)
        {
            throw new ArgumentException($"The UKF must observe a scalar, got m = {filter.ObservationDimension}.", nameof(filter));
        }

        if (!(denoiseIntervalSeconds >= 0.0) || !double.IsFinite(denoiseIntervalSeconds))
        {
            throw new ArgumentException($"The denoise interval must be finite and >= 0 seconds, got {denoiseIntervalSeconds}.", nameof(denoiseIntervalSeconds));
        }

        Filter = filter;
        Denoiser = denoiser;
        DenoiseIntervalSeconds = denoiseIntervalSeconds;
    }

    /// <summary>The UKF (read its state, innovation and covariance after a step).</summary>
    public UnscentedKalmanFilter Filter { get; }

    /// <summary>The sliding denoiser.</summary>
    public SlidingWaveletDenoiser Denoiser { get; }

    /// <summary>Minimum market time between two denoised UKF updates, seconds.</summary>
    public double DenoiseIntervalSeconds { get; }

    /// <summary>The value fed to the UKF at its last update (denoised once the window is full).</summary>
    public double LastFilterInput { get; private set; }

    /// <summary>
    /// Feeds one observation at a time. The first call only sets the UKF's time origin and input (the UKF is expected
    /// to have been reset to a prior centred on it).
    /// </summary>
    /// <param name="timeSeconds">The observation time in seconds on any fixed origin; non-decreasing.</param>
    /// <param name="observation">The observation, finite.</param>
    /// <returns>True when the UKF was updated by this call.</returns>
    /// <exception cref="ArgumentException">The observation is not finite.</exception>
    public bool Step(double timeSeconds, double observation)
    {
        Denoiser.Push(observation);
        if (!_started)
        {
            _started = true;
            _lastFilterTime = timeSeconds;
            _nextDenoiseTime = timeSeconds;
            LastFilterInput = observation;
            return false;
        }

        double input;
        if (!Denoiser.IsFull)
        {
            input = observation;
        }
        else if (timeSeconds >= _nextDenoiseTime)
        {
            input = Denoiser.DenoiseNewest();
            _nextDenoiseTime = timeSeconds + DenoiseIntervalSeconds;
        }
        else
        {
            return false;
        }

        _observation[0] = input;
        Filter.Step(Math.Max(0.0, timeSeconds - _lastFilterTime), _observation);
        _lastFilterTime = timeSeconds;
        LastFilterInput = input;
        return true;
    }

    /// <summary>Copies the state of this object, its UKF and its denoiser into a checkpoint (allocates; nothing changes).</summary>
    /// <returns>A deep copy: later steps do not change it.</returns>
    public SlidingWaveletUkfState Capture() =>
        new(Filter.Capture(), Denoiser.Capture(), DenoiseIntervalSeconds, _started, _lastFilterTime, _nextDenoiseTime, LastFilterInput);

    /// <summary>Replaces the state of this object, its UKF and its denoiser with a checkpoint of an object built the same
    /// way (model, sigma points, window, wavelet options, cadence); later steps are then bit for bit those of the captured
    /// one. Every part is checked before any is changed.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The cadence differs from <see cref="DenoiseIntervalSeconds"/>, a time or input is
    /// not finite, or a part is refused (see <see cref="UnscentedKalmanFilter.Restore"/> and
    /// <see cref="SlidingWaveletDenoiser.Restore"/>); the message names the field.</exception>
    public void Restore(SlidingWaveletUkfState state)
    {
        CheckState(state);
        ApplyState(state);
    }

    /// <summary>The checks of <see cref="Restore"/>, changing nothing.</summary>
    internal void CheckState(SlidingWaveletUkfState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckpointGuard.Rule(
            state.DenoiseIntervalSeconds.Equals(DenoiseIntervalSeconds),
            "SlidingWaveletUkfState.DenoiseIntervalSeconds",
            $"{state.DenoiseIntervalSeconds} s differs from this filter's {DenoiseIntervalSeconds} s.");
        CheckpointGuard.Finite(state.LastFilterTimeSeconds, "SlidingWaveletUkfState.LastFilterTimeSeconds");
        CheckpointGuard.Finite(state.NextDenoiseTimeSeconds, "SlidingWaveletUkfState.NextDenoiseTimeSeconds");
        CheckpointGuard.Finite(state.LastFilterInput, "SlidingWaveletUkfState.LastFilterInput");
        Filter.CheckState(CheckpointGuard.NotNull(state.Filter, "SlidingWaveletUkfState.Filter"));
        Denoiser.CheckState(CheckpointGuard.NotNull(state.Denoiser, "SlidingWaveletUkfState.Denoiser"));
    }

    /// <summary>Copies a checked checkpoint into this object, its UKF and its denoiser.</summary>
    internal void ApplyState(SlidingWaveletUkfState state)
    {
        Filter.ApplyState(state.Filter);
        Denoiser.ApplyState(state.Denoiser);
        _started = state.Started;
        _lastFilterTime = state.LastFilterTimeSeconds;
        _nextDenoiseTime = state.NextDenoiseTimeSeconds;
        LastFilterInput = state.LastFilterInput;
    }

    /// <summary>Forgets every observation; the UKF is reset by its owner.</summary>
    public void Reset()
    {
        Denoiser.Reset();
        _started = false;
        LastFilterInput = 0.0;
    }
}
