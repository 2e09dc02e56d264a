using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Numerics.Statistics;
using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// The causal per-symbol feature pipeline of the baseline strategy (DESIGN §3): each (time, mid) updates a
/// <see cref="SlidingWaveletUkf"/> (or, when <see cref="SymbolFeatureOptions.Filter"/> is
/// <see cref="SymbolFilterKind.Ukf"/>, a plain <see cref="UnscentedKalmanFilter"/>) on a
/// <see cref="LocalLinearTrendModel"/> of the log mid and an
/// <see cref="EwmaRealizedVolatility"/>, and yields the fixed-length vector described by <see cref="FeatureIndex"/>.
/// The filter runs on ln(mid) − ln(first mid) so that the sigma points are not added to a large offset (rounding);
/// the level feature adds the anchor back. Allocation-free per tick; causal (an output depends only on earlier and
/// current inputs); deterministic. Not thread-safe: one engine per symbol, called from its grain's turn.
/// </summary>
public sealed class SymbolFeatureEngine
{
    private readonly UnscentedKalmanFilter _filter;
    private readonly SlidingWaveletUkf? _wavelet;
    private readonly EwmaRealizedVolatility _volatility;
    private readonly double[] _features = new double[FeatureIndex.Count];
    private readonly double[] _observation = new double[1];
    private readonly double[] _initialState = new double[2];
    private readonly double[] _initialCovariance = new double[4];
    private readonly long _warmUpNanos;
    private double _anchor;
    private long _firstTime;
    private long _lastTime;

    /// <summary>Creates an engine.</summary>
    /// <param name="options">The parameters; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option breaks the rule stated for it.</exception>
    public SymbolFeatureEngine(SymbolFeatureOptions? options = null)
    {
        Options = options ?? new SymbolFeatureOptions();
        if (!(Options.InitialSlopeVariance > 0.0) || !double.IsFinite(Options.InitialSlopeVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.InitialSlopeVariance, "InitialSlopeVariance must be finite and positive.");
        }

        if (Options.WarmUp < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.WarmUp, "WarmUp must not be negative.");
        }

        var model = new LocalLinearTrendModel(Options.LevelNoiseDensity, Options.SlopeNoiseDensity, Options.ObservationNoiseVariance);
        var points = new MerweScaledSigmaPoints(2, Options.SigmaAlpha, Options.SigmaBeta, Options.SigmaKappa);
        _initialCovariance[0] = Options.ObservationNoiseVariance;
        _initialCovariance[3] = Options.InitialSlopeVariance;
        _filter = new UnscentedKalmanFilter(model, points, _initialState, _initialCovariance);
        if (Options.Filter == SymbolFilterKind.SlidingWaveletUkf)
        {
            var denoise = new WaveletDenoiseOptions { Wavelet = Options.Wavelet, Levels = Options.WaveletLevels };
            if (Options.WaveletInterval < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(options), Options.WaveletInterval, "WaveletInterval must not be negative.");
            }

            _wavelet = new SlidingWaveletUkf(_filter, new SlidingWaveletDenoiser(Options.WaveletWindowTicks, denoise), Options.WaveletInterval.TotalSeconds);
        }

        _volatility = new EwmaRealizedVolatility(Options.VolatilityHalfLife);
        _warmUpNanos = Options.WarmUp.Ticks * 100L;
    }

    /// <summary>The parameters in use.</summary>
    public SymbolFeatureOptions Options { get; }

    /// <summary>The latest feature vector (see <see cref="FeatureIndex"/>), length <see cref="FeatureIndex.Count"/>;
    /// zeros before the first tick. The span is overwritten by the next update: copy it to keep it.</summary>
    public ReadOnlySpan<double> Features => _features;

    /// <summary>The number of ticks accepted.</summary>
    public long TickCount { get; private set; }

    /// <summary>The number of ticks refused by <see cref="TryUpdate"/> (non-positive or non-finite mid, or a time earlier
    /// than the previous tick).</summary>
    public long RejectedCount { get; private set; }

    /// <summary>True once <see cref="SymbolFeatureOptions.WarmUp"/> has elapsed since the first tick.</summary>
    public bool IsWarm => TickCount > 0 && _lastTime - _firstTime >= _warmUpNanos;

    /// <summary>The UKF's Cholesky jitter count (see <see cref="UnscentedKalmanFilter.JitterCount"/>).</summary>
    public long JitterCount => _filter.JitterCount;

    /// <summary>The time of the last accepted tick.</summary>
    public UnixNanos LastTime => new(_lastTime);

    /// <summary>ln(mid) of the last accepted tick, ln(USD).</summary>
    public double LastLogMid { get; private set; }

    /// <summary>Feeds one mid and updates <see cref="Features"/>; refuses (and counts) bad input instead of throwing.
    /// Equal times are allowed (Δt = 0: the filter updates without predicting forward).</summary>
    /// <param name="time">The tick time, UTC; not earlier than the previous accepted tick.</param>
    /// <param name="mid">The NBBO mid in USD, finite and positive.</param>
    /// <returns>True when accepted; false when refused (the features are then unchanged).</returns>
    public bool TryUpdate(UnixNanos time, double mid)
    {
        if (!(mid > 0.0) || !double.IsFinite(mid) || (TickCount > 0 && time.Value < _lastTime))
        {
            RejectedCount++;
            return false;
        }

        var logMid = Math.Log(mid);
        if (TickCount == 0)
        {
            _anchor = logMid;
            _firstTime = time.Value;
            _lastTime = time.Value;
            _filter.Reset(_initialState, _initialCovariance);
            _wavelet?.Reset();
            _wavelet?.Step(0.0, 0.0);
        }
        else if (_wavelet is not null)
        {
            _wavelet.Step((time.Value - _firstTime) / (double)UnixNanos.NanosPerSecond, logMid - _anchor);
            _lastTime = time.Value;
        }
        else
        {
            var dt = (time.Value - _lastTime) / (double)UnixNanos.NanosPerSecond;
            _observation[0] = logMid - _anchor;
            _filter.Step(dt, _observation);
            _lastTime = time.Value;
        }

        _volatility.Add(time, logMid);
        TickCount++;
        LastLogMid = logMid;
        var level = _filter.State[0];
        _features[FeatureIndex.Level] = _anchor + level;
        _features[FeatureIndex.Slope] = _filter.State[1];
        _features[FeatureIndex.StandardisedInnovation] = _filter.UpdateCount > 0 ? _filter.Innovation[0] / Math.Sqrt(_filter.InnovationCovariance[0]) : 0.0;
        var vol = _volatility.Volatility;
        _features[FeatureIndex.RealisedVolatility] = double.IsNaN(vol) ? 0.0 : vol;
        _features[FeatureIndex.LevelGap] = (logMid - _anchor) - level;
        return true;
    }

    /// <summary>Feeds one mid like <see cref="TryUpdate"/> but throws on bad input.</summary>
    /// <param name="time">The tick time, UTC; not earlier than the previous tick.</param>
    /// <param name="mid">The NBBO mid in USD, finite and positive.</param>
    /// <returns>The updated <see cref="Features"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The mid is not finite and positive, or the time goes backwards.</exception>
    public ReadOnlySpan<double> Update(UnixNanos time, double mid)
    {
        if (!TryUpdate(time, mid))
        {
            if (!(mid > 0.0) || !double.IsFinite(mid))
            {
                throw new ArgumentOutOfRangeException(nameof(mid), mid, "The mid must be finite and positive (USD).");
            }

            throw new ArgumentOutOfRangeException(nameof(time), time, $"Times must not decrease: previous {LastTime}.");
        }

        return _features;
    }

    /// <summary>Forgets every tick (e.g. at the start of a session); the next tick re-anchors the filter.</summary>
    public void Reset()
    {
        TickCount = 0;
        RejectedCount = 0;
        LastLogMid = 0.0;
        _volatility.Reset();
        _filter.Reset(_initialState, _initialCovariance);
        _wavelet?.Reset();
        Array.Clear(_features);
    }

    /// <summary>Copies the engine's state into a checkpoint (allocates; the engine is unchanged).</summary>
    /// <returns>A deep copy: later ticks do not change it.</returns>
    public SymbolFeatureEngineState Capture() => new(
        _wavelet is null ? _filter.Capture() : null,
        _wavelet?.Capture(),
        _volatility.Capture(),
        (double[])_features.Clone(),
        _anchor,
        _firstTime,
        _lastTime,
        TickCount,
        RejectedCount,
        LastLogMid);

    /// <summary>
    /// Replaces the engine's state with a checkpoint of an engine built with the same <see cref="Options"/>; every later
    /// output is then bit for bit that of the captured engine. Every part is checked before any is changed. The options
    /// themselves are not in the checkpoint: <see cref="Signals.SymbolForecastSession.Restore"/> checks them by fingerprint.
    /// </summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The checkpoint's filter kind is not this engine's, a part is refused (see
    /// <see cref="UnscentedKalmanFilter.Restore"/>, <see cref="SlidingWaveletUkf.Restore"/>,
    /// <see cref="EwmaRealizedVolatility.Restore"/>), the feature vector has the wrong length or a non-finite value, a
    /// counter is negative or the last time precedes the first; the message names the field.</exception>
    public void Restore(SymbolFeatureEngineState state)
    {
        CheckState(state);
        ApplyState(state);
    }

    /// <summary>The checks of <see cref="Restore"/>, changing nothing.</summary>
    internal void CheckState(SymbolFeatureEngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_wavelet is null)
        {
            CheckpointGuard.Rule(state.Wavelet is null, "SymbolFeatureEngineState.Wavelet", $"the checkpoint holds a sliding wavelet UKF; this engine's filter is {Options.Filter}.");
            _filter.CheckState(CheckpointGuard.NotNull(state.Filter, "SymbolFeatureEngineState.Filter"));
        }
        else
        {
            CheckpointGuard.Rule(state.Filter is null, "SymbolFeatureEngineState.Filter", $"the checkpoint holds a plain UKF; this engine's filter is {Options.Filter}.");
            _wavelet.CheckState(CheckpointGuard.NotNull(state.Wavelet, "SymbolFeatureEngineState.Wavelet"));
        }

        _volatility.CheckState(CheckpointGuard.NotNull(state.Volatility, "SymbolFeatureEngineState.Volatility"));
        CheckpointGuard.FiniteLength(state.Features, FeatureIndex.Count, "SymbolFeatureEngineState.Features");
        CheckpointGuard.Finite(state.Anchor, "SymbolFeatureEngineState.Anchor");
        CheckpointGuard.Finite(state.LastLogMid, "SymbolFeatureEngineState.LastLogMid");
        CheckpointGuard.NonNegative(state.TickCount, "SymbolFeatureEngineState.TickCount");
        CheckpointGuard.NonNegative(state.RejectedCount, "SymbolFeatureEngineState.RejectedCount");
        CheckpointGuard.Rule(state.LastTimeNanos >= state.FirstTimeNanos, "SymbolFeatureEngineState.LastTimeNanos", $"{state.LastTimeNanos} precedes FirstTimeNanos {state.FirstTimeNanos}.");
    }

    /// <summary>Copies a checked checkpoint into the engine.</summary>
    internal void ApplyState(SymbolFeatureEngineState state)
    {
        if (_wavelet is null)
        {
            _filter.ApplyState(state.Filter!);
        }
        else
        {
            _wavelet.ApplyState(state.Wavelet!);
        }

        _volatility.ApplyState(state.Volatility);
        state.Features.CopyTo(_features, 0);
        _anchor = state.Anchor;
        _firstTime = state.FirstTimeNanos;
        _lastTime = state.LastTimeNanos;
        TickCount = state.TickCount;
        RejectedCount = state.RejectedCount;
        LastLogMid = state.LastLogMid;
    }
}
