using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Statistics;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// The baseline regime gate: a forecast passes when the current realised volatility lies between two percentiles of
/// the previous trading day's realised-volatility distribution (neither a dead market, where spread dominates, nor a
/// disorderly one). Before any day was fitted, nothing passes. An HMM regime filter replaces it later; this stays as
/// the selectable baseline.
/// </summary>
public sealed class VolatilityPercentileGate
{
    private EmpiricalDistribution? _previousDay;

    /// <summary>Creates a gate passing percentiles in [<paramref name="lowerPercent"/>, <paramref name="upperPercent"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not 0 ≤ lower &lt; upper ≤ 100.</exception>
    public VolatilityPercentileGate(double lowerPercent = 10, double upperPercent = 95)
    {
        if (!(lowerPercent >= 0 && lowerPercent < upperPercent && upperPercent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(lowerPercent), $"Need 0 <= lower < upper <= 100, got [{lowerPercent}, {upperPercent}].");
        }

        LowerPercent = lowerPercent;
        UpperPercent = upperPercent;
    }

    /// <summary>Lower percentile bound, in percent.</summary>
    public double LowerPercent { get; }

    /// <summary>Upper percentile bound, in percent.</summary>
    public double UpperPercent { get; }

    /// <summary>The day the distribution comes from, or null before the first fit.</summary>
    public DateOnly? FittedDay { get; private set; }

    /// <summary>Replaces the reference distribution with a finished day's sample (non-finite values are dropped).</summary>
    /// <returns>False (and the previous fit is kept) when fewer than 30 finite values remain.</returns>
    public bool Fit(DateOnly day, ReadOnlySpan<double> realisedVolatility)
    {
        var finite = new List<double>(realisedVolatility.Length);
        foreach (var v in realisedVolatility)
        {
            if (double.IsFinite(v) && v >= 0)
            {
                finite.Add(v);
            }
        }

        if (finite.Count < 30)
        {
            return false;
        }

        _previousDay = new EmpiricalDistribution(finite.ToArray());
        FittedDay = day;
        return true;
    }

    /// <summary>The percentile (0..100) of <paramref name="realisedVolatility"/> in the fitted day, NaN before a fit.</summary>
    public double PercentileOf(double realisedVolatility) => _previousDay is null ? double.NaN : 100.0 * _previousDay.Cdf(realisedVolatility);

    /// <summary>True when the value's percentile lies within the bounds; false before any fit.</summary>
    public bool Passes(double realisedVolatility, out double percentile)
    {
        percentile = PercentileOf(realisedVolatility);
        return percentile >= LowerPercent && percentile <= UpperPercent;
    }

    /// <summary>Copies the gate's state into a checkpoint (allocates; the gate is unchanged).</summary>
    /// <returns>A deep copy: later fits do not change it.</returns>
    public VolatilityPercentileGateState Capture() =>
        new(VolatilityPercentileGateState.CurrentVersion, Fingerprint(), FittedDay, _previousDay?.Sorted.ToArray());

    /// <summary>Replaces the gate's state with a checkpoint of a gate built with the same bounds; later decisions are then
    /// bit for bit those of the captured gate. The sample is copied. Nothing changes when it is refused.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The version is not <see cref="VolatilityPercentileGateState.CurrentVersion"/>;
    /// the bounds differ from the capture's (the first differing one is named); the fitted day and the sample are not both
    /// present or both absent; or the sample holds fewer than 30 values, a non-finite or a negative one; the message names
    /// the field.</exception>
    public void Restore(VolatilityPercentileGateState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        const string Name = nameof(VolatilityPercentileGateState);
        CheckpointGuard.Version(state.Version, VolatilityPercentileGateState.CurrentVersion, Name);
        OptionsFingerprint.RequireMatch(state.OptionsFingerprint, Fingerprint(), Name);
        CheckpointGuard.Rule(state.FittedDay.HasValue == (state.Sample is not null), Name + ".Sample", "must be present exactly when FittedDay is.");
        EmpiricalDistribution? distribution = null;
        if (state.Sample is not null)
        {
            CheckpointGuard.Rule(state.Sample.Length >= 30, Name + ".Sample", $"holds {state.Sample.Length} values; a fit needs at least 30.");
            foreach (var v in CheckpointGuard.Finite(state.Sample, Name + ".Sample"))
            {
                CheckpointGuard.Rule(v >= 0.0, Name + ".Sample", $"{v} is negative; a realised volatility is not.");
            }

            distribution = new EmpiricalDistribution(state.Sample);
        }

        _previousDay = distribution;
        FittedDay = state.FittedDay;
    }

    private string Fingerprint() => new OptionsFingerprint()
        .Add(nameof(LowerPercent), LowerPercent)
        .Add(nameof(UpperPercent), UpperPercent)
        .ToString();
}
