namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Wilder's average true range as a fraction of the close, an alternative barrier scale to
/// <see cref="EwmaVolatility"/> (AFML §3.4 leaves the scale to the user; Wilder 1978, "New Concepts in Technical
/// Trading Systems"). Causal.
/// </summary>
public static class AverageTrueRange
{
    /// <summary>
    /// Effectively computes <c>TR[i] = max(high[i], close[i−1]) − min(low[i], close[i−1])</c> (<c>TR[0] = high[0] − low[0]</c>),
    /// <c>ATR[0] = TR[0]</c>, <c>ATR[i] = ATR[i−1] + (TR[i] − ATR[i−1]) / period</c>, and
    /// <c>destination[i] = ATR[i] / close[i]</c> (a relative range, comparable to a log-return volatility).
    /// </summary>
    /// <param name="high">Bar highs, shape (n).</param>
    /// <param name="low">Bar lows, shape (n).</param>
    /// <param name="close">Bar closes, positive, shape (n).</param>
    /// <param name="period">Smoothing period in bars (≥ 1).</param>
    /// <param name="destination">Output of shape (n).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> &lt; 1.</exception>
    /// <exception cref="ArgumentException">Lengths differ, a high is below its low, or a close is not positive.</exception>
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var n = close.Length;
        if (high.Length != n || low.Length != n || destination.Length != n)
        {
            throw new ArgumentException($"high ({high.Length}), low ({low.Length}), close ({n}) and destination ({destination.Length}) must have equal lengths.", nameof(destination));
        }

        var atr = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (high[i] < low[i])
            {
                throw new ArgumentException($"high[{i}] = {high[i]} is below low[{i}] = {low[i]}.", nameof(high));
            }

            if (!(close[i] > 0))
            {
                throw new ArgumentException($"close[{i}] = {close[i]}: closes must be positive.", nameof(close));
            }

            var tr = i == 0 ? high[0] - low[0] : Math.Max(high[i], close[i - 1]) - Math.Min(low[i], close[i - 1]);
            atr = i == 0 ? tr : atr + ((tr - atr) / period);
            destination[i] = atr / close[i];
        }
    }
}
