namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Trend-scanning labels (López de Prado 2020, "Machine Learning for Asset Managers" §5.4, snippets 5.1–5.2): for
/// each start <c>s</c> and each forward horizon <c>L ∈ [minHorizon, maxHorizon]</c>, fit
/// <c>y[s+k] = a + b·k + ε</c> (k = 0..L−1) by OLS and compute the slope's t-statistic
/// <c>t = b / √(σ̂²/Sxx)</c> with <c>σ̂² = SSR/(L−2)</c>; keep the horizon of largest |t| (the first on ties), label by
/// its sign and weight by |t|. Sums are updated incrementally, so one start costs O(maxHorizon). Acausal (labels only).
/// </summary>
public static class TrendScanningLabeler
{
    /// <summary>|t| is clipped here so that a perfect linear fit (zero residual) gives a finite weight.</summary>
    public const double MaxAbsTStatistic = 1e6;

    /// <summary>Labels each start index.</summary>
    /// <param name="values">The series to scan (prices or log prices), finite, shape (n).</param>
    /// <param name="starts">Start indices, each in [0, n).</param>
    /// <param name="minHorizon">Shortest window in observations (≥ 3: two points leave no residual degree of freedom).</param>
    /// <param name="maxHorizon">Longest window in observations (≥ <paramref name="minHorizon"/>).</param>
    /// <returns>One label per start, shape (starts); starts with fewer than <paramref name="minHorizon"/> observations
    /// left get Horizon 0, Label 0, Weight 0 and a NaN t-statistic.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A horizon is out of range.</exception>
    /// <exception cref="ArgumentException">A start is out of range.</exception>
    public static TrendScanningLabel[] Label(ReadOnlySpan<double> values, ReadOnlySpan<int> starts, int minHorizon, int maxHorizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minHorizon, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHorizon, minHorizon);
        var n = values.Length;
        var result = new TrendScanningLabel[starts.Length];
        for (var e = 0; e < starts.Length; e++)
        {
            var s = starts[e];
            if ((uint)s >= (uint)n)
            {
                throw new ArgumentException($"starts[{e}] = {s} is outside [0, {n}).", nameof(starts));
            }

            var longest = Math.Min(maxHorizon, n - s);
            if (longest < minHorizon)
            {
                result[e] = new TrendScanningLabel(s, s, 0, double.NaN, 0, 0);
                continue;
            }

            // Sums over k = 0..L-1 of x = k and y = values[s+k] - values[s] (centred to limit cancellation).
            double sx = 0, sxx = 0, sy = 0, sxy = 0, syy = 0;
            var y0 = values[s];
            var bestT = double.NaN;
            var bestL = 0;
            for (var k = 0; k < longest; k++)
            {
                var y = values[s + k] - y0;
                sx += k;
                sxx += (double)k * k;
                sy += y;
                sxy += k * y;
                syy += y * y;
                var length = k + 1;
                if (length < minHorizon)
                {
                    continue;
                }

                var cxx = sxx - (sx * sx / length);
                var cxy = sxy - (sx * sy / length);
                var cyy = syy - (sy * sy / length);
                var slope = cxy / cxx;
                var ssr = Math.Max(0.0, cyy - (slope * cxy));
                var se = Math.Sqrt(ssr / (length - 2) / cxx);
                var t = se > 0 ? slope / se : (slope == 0 ? 0.0 : Math.CopySign(MaxAbsTStatistic, slope));
                t = Math.Clamp(t, -MaxAbsTStatistic, MaxAbsTStatistic);
                if (double.IsNaN(bestT) || Math.Abs(t) > Math.Abs(bestT))
                {
                    bestT = t;
                    bestL = length;
                }
            }

            result[e] = new TrendScanningLabel(s, s + bestL - 1, bestL, bestT, (sbyte)Math.Sign(bestT), Math.Abs(bestT));
        }

        return result;
    }
}
