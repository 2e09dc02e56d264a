namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>
/// Fixed-width-window fractional differencing (FFD) of López de Prado, Advances in Financial Machine Learning (2018),
/// ch. 5, §5.5, snippets 5.3 and 5.4: the series <c>(1 − B)ᵈ x</c> with the binomial weights
/// <c>w₀ = 1, wₖ = −wₖ₋₁ (d − k + 1)/k</c> truncated to a fixed width, so every output uses the same weights.
/// </summary>
public static class FractionalDifferencing
{
    /// <summary>
    /// The FFD weights <c>w₀ = 1, wₖ = −wₖ₋₁ (d − k + 1)/k</c>, stopping before the first k with
    /// <c>|wₖ| &lt; threshold</c> or when <paramref name="maxWidth"/> weights are kept (AFML snippet 5.3,
    /// <c>getWeights_FFD</c>). For an integer d the weights vanish after k = d: d = 0 gives [1], d = 1 gives [1, −1].
    /// </summary>
    /// <param name="d">Order of differencing, finite and ≥ 0 (usually in [0, 1]).</param>
    /// <param name="threshold">Weights with |wₖ| below it end the window; finite and &gt; 0 (e.g. 1e-5).</param>
    /// <param name="maxWidth">Largest number of weights kept (≥ 1).</param>
    /// <returns>The weights, w[k] multiplying x(t − k); length = the window width.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="d"/> is negative or not finite,
    /// <paramref name="threshold"/> is not positive and finite, or <paramref name="maxWidth"/> is below 1.</exception>
    public static double[] Weights(double d, double threshold, int maxWidth = 10_000)
    {
        if (!(d >= 0.0) || !double.IsFinite(d))
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, "The order of differencing must be finite and non-negative.");
        }

        if (!(threshold > 0.0) || !double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The weight threshold must be finite and positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        var weights = new List<double> { 1.0 };
        var previous = 1.0;
        for (var k = 1; k < maxWidth; k++)
        {
            var next = -previous * (d - k + 1) / k;
            if (Math.Abs(next) < threshold)
            {
                break;
            }

            weights.Add(next);
            previous = next;
        }

        return weights.ToArray();
    }

    /// <summary>
    /// Applies the FFD window: effectively computes <c>y[i] = Σₖ w[k] · x[i + W − 1 − k]</c> for k = 0 … W − 1 (summed in
    /// increasing k), with W = <c>weights.Length</c>. The output is <b>shorter</b> than the input by W − 1 (no NaN
    /// padding): y[i] belongs to the time of x[i + W − 1]. AFML snippet 5.4 (<c>fracDiff_FFD</c>).
    /// </summary>
    /// <param name="series">x of length n ≥ W, finite.</param>
    /// <param name="weights">w of length W ≥ 1, from <see cref="Weights(double, double, int)"/>.</param>
    /// <returns>y of length n − W + 1.</returns>
    /// <exception cref="ArgumentException">The weights are empty, the series is shorter than the window, or a value is not
    /// finite (its index is named).</exception>
    public static double[] Transform(ReadOnlySpan<double> series, ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        if (series.Length < weights.Length)
        {
            throw new ArgumentException($"The series has {series.Length} values; the window needs at least {weights.Length}.", nameof(series));
        }

        for (var i = 0; i < series.Length; i++)
        {
            if (!double.IsFinite(series[i]))
            {
                throw new ArgumentException($"series[{i}] = {series[i]} is not finite.", nameof(series));
            }
        }

        var width = weights.Length;
        var output = new double[series.Length - width + 1];
        for (var i = 0; i < output.Length; i++)
        {
            var t = i + width - 1;
            var sum = 0.0;
            for (var k = 0; k < width; k++)
            {
                sum += weights[k] * series[t - k];
            }

            output[i] = sum;
        }

        return output;
    }

    /// <summary>Weights for (d, threshold, maxWidth) and then <see cref="Transform(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    /// <param name="series">x of length n ≥ the window width, finite.</param>
    /// <param name="d">Order of differencing, finite and ≥ 0.</param>
    /// <param name="threshold">Weight threshold, finite and &gt; 0.</param>
    /// <param name="maxWidth">Largest window width (≥ 1).</param>
    /// <returns>y of length n − W + 1 (W the window width).</returns>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Weights(double, double, int)"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Transform(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</exception>
    public static double[] Transform(ReadOnlySpan<double> series, double d, double threshold, int maxWidth = 10_000)
        => Transform(series, Weights(d, threshold, maxWidth));
}
