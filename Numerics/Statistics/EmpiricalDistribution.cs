namespace Quant.Orleans.Numerics.Statistics;

/// <summary>
/// The empirical distribution of a sample, kept sorted: percentiles by linear interpolation between order statistics
/// (Hyndman and Fan, 1996, definition 7, the default of R and numpy) and the empirical CDF F(x) = #{xᵢ ≤ x}/n, both
/// O(log n) or O(1). Immutable; the sample is copied.
/// </summary>
public sealed class EmpiricalDistribution
{
    private readonly double[] _sorted;

    /// <summary>Creates the distribution of <paramref name="sample"/>.</summary>
    /// <param name="sample">At least one finite value.</param>
    /// <exception cref="ArgumentException">The sample is empty or holds a non-finite value (its index is named).</exception>
    public EmpiricalDistribution(ReadOnlySpan<double> sample)
    {
        if (sample.IsEmpty)
        {
            throw new ArgumentException("The sample must hold at least one value.", nameof(sample));
        }

        for (var i = 0; i < sample.Length; i++)
        {
            if (!double.IsFinite(sample[i]))
            {
                throw new ArgumentException($"sample[{i}] = {sample[i]} is not finite.", nameof(sample));
            }
        }

        _sorted = sample.ToArray();
        Array.Sort(_sorted);
    }

    /// <summary>The sample size n.</summary>
    public int Count => _sorted.Length;

    /// <summary>The sorted sample, ascending.</summary>
    public ReadOnlySpan<double> Sorted => _sorted;

    /// <summary>The smallest value.</summary>
    public double Minimum => _sorted[0];

    /// <summary>The largest value.</summary>
    public double Maximum => _sorted[^1];

    /// <summary>
    /// The p-th percentile by linear interpolation (Hyndman–Fan type 7): h = (n − 1)·p/100,
    /// Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on the 0-based sorted sample; numpy's <c>np.percentile</c> default.
    /// </summary>
    /// <param name="percent">p in [0, 100].</param>
    /// <returns>The percentile, in the sample's unit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside [0, 100] or NaN.</exception>
    public double Percentile(double percent)
    {
        if (!(percent >= 0.0 && percent <= 100.0))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "The percentile must lie in [0, 100].");
        }

        var h = (_sorted.Length - 1) * (percent / 100.0);
        var lo = (int)Math.Floor(h);
        if (lo >= _sorted.Length - 1)
        {
            return _sorted[^1];
        }

        var frac = h - lo;
        return _sorted[lo] + (frac * (_sorted[lo + 1] - _sorted[lo]));
    }

    /// <summary>The empirical CDF F(x) = #{xᵢ ≤ x}/n, in [0, 1], by binary search (O(log n)).</summary>
    /// <param name="value">x; NaN gives NaN.</param>
    /// <returns>The fraction of the sample at or below <paramref name="value"/>.</returns>
    public double Cdf(double value)
    {
        if (double.IsNaN(value))
        {
            return double.NaN;
        }

        return (double)CountAtOrBelow(value) / _sorted.Length;
    }

    /// <summary>The number of sample values at or below <paramref name="value"/> (an upper-bound binary search).</summary>
    /// <param name="value">x, not NaN.</param>
    /// <returns>#{xᵢ ≤ x}, in [0, n].</returns>
    public int CountAtOrBelow(double value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
