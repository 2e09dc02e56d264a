using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Regimes;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// The HMM regime gate: a <see cref="GaussianHmm"/> with K states on ln(realised volatility) is fitted
/// (<see cref="GaussianHmmFitter"/>, states ordered by volatility) on a finished trading day's sample — so the model
/// in use was fitted on earlier days only — and a causal <see cref="GaussianHmmFilter"/> runs over the values the gate
/// is asked about during the day. A forecast passes when the filtered probability of the most volatile state is at
/// most <see cref="MaxHighVolatilityProbability"/> and, when <see cref="MaxLowVolatilityProbability"/> is below 1 (the
/// Sniper profile's "HMM filter blocks the low-volatility state"), the filtered probability of the calmest state is at
/// most that too. Before any fit nothing passes. Deterministic (fixed seed).
/// </summary>
public sealed class HmmRegimeGate
{
    private const int MaxFitObservations = 2_000;
    private readonly double _sampleIntervalSeconds;
    private GaussianHmmFilter? _filter;
    private double _spacingSeconds;
    private long _lastTime = long.MinValue;
    private double[] _posterior = [];

    /// <summary>Creates the gate.</summary>
    /// <param name="states">K, in [2, 6]. Default 3 (calm range, trend, disorderly).</param>
    /// <param name="maxHighVolatilityProbability">Largest filtered probability of the most volatile state that passes, in (0, 1].</param>
    /// <param name="sampleIntervalSeconds">Spacing of the daily fit sample, seconds (&gt; 0).</param>
    /// <param name="maxLowVolatilityProbability">Largest filtered probability of the calmest state that passes, in (0, 1];
    /// 1 (the default) never blocks on it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public HmmRegimeGate(int states = 3, double maxHighVolatilityProbability = 0.5, double sampleIntervalSeconds = 1.0, double maxLowVolatilityProbability = 1.0)
    {
        if (!(maxLowVolatilityProbability is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLowVolatilityProbability), maxLowVolatilityProbability, "Must lie in (0, 1].");
        }

        if (states is < 2 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(states), states, "states must lie in [2, 6].");
        }

        if (!(maxHighVolatilityProbability is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxHighVolatilityProbability), maxHighVolatilityProbability, "Must lie in (0, 1].");
        }

        if (!(sampleIntervalSeconds > 0) || !double.IsFinite(sampleIntervalSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleIntervalSeconds), sampleIntervalSeconds, "Must be finite and positive (seconds).");
        }

        States = states;
        MaxHighVolatilityProbability = maxHighVolatilityProbability;
        MaxLowVolatilityProbability = maxLowVolatilityProbability;
        _sampleIntervalSeconds = sampleIntervalSeconds;
    }

    /// <summary>K.</summary>
    public int States { get; }

    /// <summary>The pass threshold on P(most volatile state).</summary>
    public double MaxHighVolatilityProbability { get; }

    /// <summary>The pass threshold on P(calmest state); 1: not used.</summary>
    public double MaxLowVolatilityProbability { get; }

    /// <summary>The filtered state probabilities of the latest <see cref="Passes(UnixNanos, double, out double)"/>, ordered from
    /// the calmest to the most volatile state, shape (K); empty before a fit. Valid until the next call.</summary>
    public ReadOnlySpan<double> Posterior => _posterior;

    /// <summary>The day the model was fitted on, or null before the first fit.</summary>
    public DateOnly? FittedDay { get; private set; }

    /// <summary>The model in use, or null.</summary>
    public GaussianHmm? Model => _filter?.Model;

    /// <summary>Fits the model on a finished day's realised-volatility sample (log return per √second); non-positive or
    /// non-finite values are dropped and the sample is thinned to at most 2,000 values. The filter restarts at π.</summary>
    /// <param name="day">The finished day.</param>
    /// <param name="realisedVolatility">The day's sample, one value per sample interval.</param>
    /// <returns>False (the previous fit is kept) when fewer than 30·K usable values remain.</returns>
    public bool Fit(DateOnly day, ReadOnlySpan<double> realisedVolatility)
    {
        var logs = new List<double>(realisedVolatility.Length);
        foreach (var v in realisedVolatility)
        {
            if (v > 0 && double.IsFinite(v))
            {
                logs.Add(Math.Log(v));
            }
        }

        if (logs.Count < 30 * States)
        {
            return false;
        }

        var stride = Math.Max(1, (logs.Count + MaxFitObservations - 1) / MaxFitObservations);
        var thinned = new double[(logs.Count + stride - 1) / stride];
        for (var i = 0; i < thinned.Length; i++)
        {
            thinned[i] = logs[i * stride];
        }

        var (model, _) = GaussianHmmFitter.Fit(thinned, States, seed: 20_240_607UL, restarts: 3, maxIterations: 100, tolerance: 1e-4);
        _filter = new GaussianHmmFilter(model);
        _spacingSeconds = stride * _sampleIntervalSeconds;
        _lastTime = long.MinValue;
        FittedDay = day;
        return true;
    }

    /// <summary>Updates the causal filter with the realised volatility at <paramref name="time"/> and decides.</summary>
    /// <param name="time">The time of the value; non-decreasing between calls.</param>
    /// <param name="realisedVolatility">Log return per √second.</param>
    /// <param name="highVolatilityProbability">The filtered P(most volatile state); NaN before a fit.</param>
    /// <returns>True when the forecast may pass.</returns>
    public bool Passes(UnixNanos time, double realisedVolatility, out double highVolatilityProbability)
    {
        if (_filter is null)
        {
            highVolatilityProbability = double.NaN;
            return false;
        }

        var steps = _lastTime == long.MinValue ? 1 : (int)Math.Clamp(Math.Round((time.Value - _lastTime) / 1e9 / _spacingSeconds), 0, 100_000);
        _lastTime = time.Value;
        var p = _filter.Update(realisedVolatility > 0 ? Math.Log(realisedVolatility) : double.NaN, steps);
        if (_posterior.Length != p.Length)
        {
            _posterior = new double[p.Length];
        }

        p.CopyTo(_posterior);
        highVolatilityProbability = p[States - 1];
        return highVolatilityProbability <= MaxHighVolatilityProbability && p[0] <= MaxLowVolatilityProbability;
    }

    /// <summary>Copies the gate's state into a checkpoint (allocates; the gate is unchanged).</summary>
    /// <returns>A deep copy: later fits and decisions do not change it.</returns>
    public HmmRegimeGateState Capture() =>
        new(HmmRegimeGateState.CurrentVersion, Fingerprint(), FittedDay, _filter?.Capture(), _spacingSeconds, _lastTime);

    /// <summary>Replaces the gate's state with a checkpoint of a gate built with the same parameters; later decisions are
    /// then bit for bit those of the captured gate. Nothing changes when it is refused.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The version is not <see cref="HmmRegimeGateState.CurrentVersion"/>; the gate's
    /// parameters differ from the capture's (the first differing one is named); the fitted day and the filter are not
    /// both present or both absent; the model has other than <see cref="States"/> states; the spacing is not finite and
    /// positive; or the filter is refused (see <see cref="GaussianHmmFilter.Restore"/>); the message names the field.</exception>
    public void Restore(HmmRegimeGateState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        const string Name = nameof(HmmRegimeGateState);
        CheckpointGuard.Version(state.Version, HmmRegimeGateState.CurrentVersion, Name);
        OptionsFingerprint.RequireMatch(state.OptionsFingerprint, Fingerprint(), Name);
        CheckpointGuard.Rule(state.FittedDay.HasValue == (state.Filter is not null), Name + ".Filter", "must be present exactly when FittedDay is.");
        GaussianHmmFilter? filter = null;
        if (state.Filter is not null)
        {
            filter = GaussianHmmFilter.Restore(state.Filter);
            CheckpointGuard.Rule(filter.Model.States == States, Name + ".Filter.Model", $"has {filter.Model.States} states; this gate has {States}.");
            CheckpointGuard.Finite(state.SpacingSeconds, Name + ".SpacingSeconds");
            CheckpointGuard.Rule(state.SpacingSeconds > 0.0, Name + ".SpacingSeconds", $"{state.SpacingSeconds} must be positive once fitted.");
        }

        _filter = filter;
        _spacingSeconds = state.SpacingSeconds;
        _lastTime = state.LastTimeNanos;
        FittedDay = state.FittedDay;
    }

    private string Fingerprint()
    {
        var fingerprint = new OptionsFingerprint()
            .Add(nameof(States), States)
            .Add(nameof(MaxHighVolatilityProbability), MaxHighVolatilityProbability)
            .Add("SampleIntervalSeconds", _sampleIntervalSeconds);

        // Added only when used, so checkpoints taken before the option existed still restore.
        return (MaxLowVolatilityProbability < 1 ? fingerprint.Add(nameof(MaxLowVolatilityProbability), MaxLowVolatilityProbability) : fingerprint).ToString();
    }
}
