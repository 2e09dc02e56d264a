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
}
