namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Sample weights for overlapping labels (López de Prado, AFML ch. 4). Each label <c>i</c> spans the observation
/// indices [start[i], end[i]] (inclusive); the concurrency <c>c[t]</c> is the number of labels spanning <c>t</c>.
/// </summary>
public static class SampleWeights
{
    /// <summary>Concurrent labels per observation (AFML snippet 4.1): <c>c[t] = #{i : start[i] ≤ t ≤ end[i]}</c>.</summary>
    /// <param name="starts">Label start indices, shape (m).</param>
    /// <param name="ends">Label end indices (inclusive, ≥ start), shape (m).</param>
    /// <param name="observations">Number of observations n; every index must be in [0, n).</param>
    /// <returns>Concurrency per observation, shape (n). O(n + m).</returns>
    /// <exception cref="ArgumentException">Lengths differ, an end precedes its start, or an index is out of range.</exception>
    public static int[] Concurrency(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int observations)
    {
        Check(starts, ends, observations);
        var diff = new int[observations + 1];
        for (var i = 0; i < starts.Length; i++)
        {
            diff[starts[i]]++;
            diff[ends[i] + 1]--;
        }

        var c = new int[observations];
        var running = 0;
        for (var t = 0; t < observations; t++)
        {
            running += diff[t];
            c[t] = running;
        }

        return c;
    }

    /// <summary>Average uniqueness of each label (AFML snippet 4.2): <c>ū[i] = mean over t ∈ [start[i], end[i]] of 1/c[t]</c>, in (0, 1].</summary>
    /// <param name="starts">Label start indices, shape (m).</param>
    /// <param name="ends">Label end indices (inclusive), shape (m).</param>
    /// <param name="observations">Number of observations n.</param>
    /// <returns>Average uniqueness, shape (m). O(n + m) through a prefix sum of 1/c.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Concurrency"/>.</exception>
    public static double[] AverageUniqueness(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int observations)
    {
        var c = Concurrency(starts, ends, observations);
        var prefix = new double[observations + 1];
        for (var t = 0; t < observations; t++)
        {
            prefix[t + 1] = prefix[t] + (c[t] > 0 ? 1.0 / c[t] : 0.0);
        }

        var u = new double[starts.Length];
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = (prefix[ends[i] + 1] - prefix[starts[i]]) / (ends[i] - starts[i] + 1);
        }

        return u;
    }

    /// <summary>
    /// Weights by absolute return attribution (AFML snippet 4.10): <c>w[i] = |Σ_{t=start[i]}^{end[i]} r[t] / c[t]|</c>
    /// with <c>r[t] = ln p[t] − ln p[t−1]</c> (<c>r[0] = 0</c>), then scaled so that the weights sum to m.
    /// </summary>
    /// <param name="starts">Label start indices, shape (m).</param>
    /// <param name="ends">Label end indices (inclusive), shape (m).</param>
    /// <param name="prices">Prices, positive, shape (n).</param>
    /// <returns>Weights, shape (m), summing to m (all equal to 1 when every attribution is zero).</returns>
    /// <exception cref="ArgumentException">As for <see cref="Concurrency"/>.</exception>
    public static double[] ReturnAttribution(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, ReadOnlySpan<double> prices)
    {
        var n = prices.Length;
        var c = Concurrency(starts, ends, n);
        var prefix = new double[n + 1];
        for (var t = 0; t < n; t++)
        {
            var r = t == 0 ? 0.0 : Math.Log(prices[t] / prices[t - 1]);
            prefix[t + 1] = prefix[t] + (c[t] > 0 ? r / c[t] : 0.0);
        }

        var w = new double[starts.Length];
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = Math.Abs(prefix[ends[i] + 1] - prefix[starts[i]]);
            sum += w[i];
        }

        for (var i = 0; i < w.Length; i++)
        {
            w[i] = sum > 0 ? w[i] * w.Length / sum : 1.0;
        }

        return w;
    }

    /// <summary>
    /// Time-decay factors (AFML snippet 4.11) applied on cumulative uniqueness <c>x[i] = Σ_{j≤i} ū[j]</c> (labels in
    /// time order): the newest label gets 1 and the oldest <paramref name="oldestWeight"/> when it is ≥ 0;
    /// a negative value <c>c</c> sets the oldest fraction <c>|c|</c> of cumulative uniqueness to weight 0.
    /// Effectively <c>slope = (1−c)/x[m−1]</c> for c ≥ 0, <c>1/((c+1)·x[m−1])</c> otherwise;
    /// <c>d[i] = max(0, 1 − slope·x[m−1] + slope·x[i])</c>.
    /// </summary>
    /// <param name="averageUniqueness">Average uniqueness in time order, shape (m), e.g. from <see cref="AverageUniqueness"/>.</param>
    /// <param name="oldestWeight">c in (−1, 1]: 1 means no decay.</param>
    /// <returns>Decay factors, shape (m), in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="oldestWeight"/> is outside (−1, 1].</exception>
    public static double[] TimeDecay(ReadOnlySpan<double> averageUniqueness, double oldestWeight)
    {
        if (!(oldestWeight > -1 && oldestWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(oldestWeight), oldestWeight, "oldestWeight must be in (-1, 1].");
        }

        var m = averageUniqueness.Length;
        var cumulative = new double[m];
        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            total += averageUniqueness[i];
            cumulative[i] = total;
        }

        if (m == 0 || total <= 0)
        {
            return Enumerable.Repeat(1.0, m).ToArray();
        }

        var slope = oldestWeight >= 0 ? (1 - oldestWeight) / total : 1 / ((oldestWeight + 1) * total);
        var constant = 1 - (slope * total);
        for (var i = 0; i < m; i++)
        {
            cumulative[i] = Math.Max(0.0, constant + (slope * cumulative[i]));
        }

        return cumulative;
    }

    private static void Check(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int observations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observations);
        if (starts.Length != ends.Length)
        {
            throw new ArgumentException($"starts ({starts.Length}) and ends ({ends.Length}) must have equal lengths.", nameof(ends));
        }

        for (var i = 0; i < starts.Length; i++)
        {
            if (starts[i] < 0 || ends[i] < starts[i] || ends[i] >= observations)
            {
                throw new ArgumentException($"label {i} spans [{starts[i]}, {ends[i]}]; it must satisfy 0 ≤ start ≤ end < {observations}.", nameof(starts));
            }
        }
    }
}
