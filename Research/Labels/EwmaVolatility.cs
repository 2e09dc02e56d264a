namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Exponentially weighted standard deviation of log returns, the barrier scale of AFML snippet 3.1
/// (<c>getDailyVol</c>): the zero-mean EWMA of squared log returns (RiskMetrics 1996), which is pandas
/// <c>(r**2).ewm(span, adjust=False).mean() ** 0.5</c> with <c>r = log(p).diff()</c>. Causal: the value at index
/// <c>i</c> uses returns up to and including <c>ln p[i] − ln p[i−1]</c> and nothing after; index 0 has no return and
/// is NaN (it used to be seeded with r[1], which read the future).
/// </summary>
public static class EwmaVolatility
{
    /// <summary>
    /// Effectively computes <c>destination[0] = NaN</c> (no return yet), <c>v[1] = r[1]²</c> (the first return seeds
    /// the variance), then <c>v[i] = (1−α)·v[i−1] + α·r[i]²</c> with <c>r[i] = ln p[i] − ln p[i−1]</c>,
    /// <c>α = 2/(span+1)</c>, and <c>destination[i] = √v[i]</c> for i ≥ 1. Units: log-return per observation.
    /// </summary>
    /// <param name="prices">Prices, strictly positive, shape (n).</param>
    /// <param name="span">EWMA span in observations (≥ 1).</param>
    /// <param name="destination">Output of shape (n); NaN at index 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="span"/> &lt; 1.</exception>
    /// <exception cref="ArgumentException">Lengths differ, or a price is not positive and finite.</exception>
    public static void Compute(ReadOnlySpan<double> prices, int span, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        if (destination.Length != prices.Length)
        {
            throw new ArgumentException($"destination has length {destination.Length}, prices {prices.Length}; they must be equal.", nameof(destination));
        }

        if (prices.Length == 0)
        {
            return;
        }

        var alpha = 2.0 / (span + 1.0);
        var previousLog = LogOf(prices, 0);
        destination[0] = double.NaN;
        var variance = 0.0;
        for (var i = 1; i < prices.Length; i++)
        {
            var log = LogOf(prices, i);
            var r = log - previousLog;
            previousLog = log;
            variance = i == 1 ? r * r : ((1 - alpha) * variance) + (alpha * r * r);
            destination[i] = Math.Sqrt(variance);
        }
    }

    private static double LogOf(ReadOnlySpan<double> prices, int i)
    {
        var p = prices[i];
        if (!(p > 0) || !double.IsFinite(p))
        {
            throw new ArgumentException($"prices[{i}] = {p}: prices must be positive and finite.", nameof(prices));
        }

        return Math.Log(p);
    }
}
