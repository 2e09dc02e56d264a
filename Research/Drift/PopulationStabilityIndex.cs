namespace Quant.Orleans.Research.Drift;

/// <summary>A population stability index with the bins it used.</summary>
/// <param name="Value">PSI = Σ_i (a_i − e_i) · ln(a_i / e_i), dimensionless, ≥ 0.</param>
/// <param name="Edges">Interior bin edges, ascending and distinct, shape (B′ − 1) with B′ ≤ B bins: bin 0 is
/// (−∞, Edges[0]], bin i is (Edges[i−1], Edges[i]], the last is (Edges[^1], +∞).</param>
/// <param name="ReferenceShares">e_i: the reference sample's share in each bin after the ε floor, shape (B′).</param>
/// <param name="CurrentShares">a_i: the current sample's share in each bin after the ε floor, shape (B′).</param>
public sealed record PopulationStabilityResult(double Value, double[] Edges, double[] ReferenceShares, double[] CurrentShares);

/// <summary>
/// The population stability index of a current sample against a reference (training) sample (Yurdakul 2018,
/// "Statistical properties of population stability index", Western Michigan University; Siddiqi 2006, "Credit Risk
/// Scorecards", ch. 8). Bins come from the reference: the interior edges are its quantiles at k/B, k = 1..B−1,
/// linear interpolation between order statistics (Hyndman &amp; Fan 1996 type 7, numpy's default), repeated edges
/// merged (a feature with many equal values gets fewer bins, never an empty bin by construction). Shares are
/// count / n; a share below ε (an empty bin, in either sample) is raised to ε so the logarithm is finite; shares are
/// not renormalised. Usual reading (Yurdakul 2018, Siddiqi 2006): below 0.1 stable, 0.1–0.25 a moderate shift, above
/// 0.25 a significant one.
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>Default number of bins B (deciles of the reference).</summary>
    public const int DefaultBins = 10;

    /// <summary>Default floor ε of a bin's share (1e-4: an empty bin counts as one observation in 10,000).</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <summary>Computes the PSI of <paramref name="current"/> against <paramref name="reference"/>.</summary>
    /// <param name="reference">Reference (training) sample, any order, at least one value; defines the bins.</param>
    /// <param name="current">Current (monitored) sample, any order, at least one value.</param>
    /// <param name="bins">B, the number of quantile bins before merging repeated edges, ≥ 2.</param>
    /// <param name="epsilon">ε, the floor of a share, in (0, 1).</param>
    /// <returns>The index with its edges and shares.</returns>
    /// <exception cref="ArgumentException">A sample is empty or holds a non-finite value (named with its position).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> &lt; 2 or <paramref name="epsilon"/> outside (0, 1).</exception>
    public static PopulationStabilityResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = DefaultBins, double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the share floor epsilon must lie in (0, 1).");
        }

        var sortedReference = DriftSamples.SortedCopy(reference, nameof(reference));
        var sortedCurrent = DriftSamples.SortedCopy(current, nameof(current));
        var edges = QuantileEdges(sortedReference, bins);
        var expected = Shares(sortedReference, edges, epsilon);
        var actual = Shares(sortedCurrent, edges, epsilon);
        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            psi += (actual[i] - expected[i]) * Math.Log(actual[i] / expected[i]);
        }

        return new PopulationStabilityResult(psi, edges, expected, actual);
    }

    /// <summary>The distinct interior edges: quantiles of a sorted sample at k/B, k = 1..B−1, by numpy's 'linear' method
    /// (virtual index h = (n−1)·q; lerp between the order statistics at ⌊h⌋ and ⌊h⌋+1, computed from the nearer end
    /// as numpy 1.22+ does).</summary>
    /// <param name="sorted">The reference sample, ascending.</param>
    /// <param name="bins">B.</param>
    /// <returns>Ascending distinct edges, at most B − 1 of them.</returns>
    internal static double[] QuantileEdges(double[] sorted, int bins)
    {
        var n = sorted.Length;
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var q = (double)k / bins;
            var h = (n - 1) * q;
            var below = (int)Math.Floor(h);
            var above = Math.Min(below + 1, n - 1);
            var gamma = h - below;
            double a = sorted[below], b = sorted[above];
            var diff = b - a;
            var edge = gamma >= 0.5 ? b - (diff * (1 - gamma)) : a + (diff * gamma);
            if (edges.Count == 0 || edge != edges[^1])
            {
                edges.Add(edge);
            }
        }

        return edges.ToArray();
    }

    private static double[] Shares(double[] sorted, double[] edges, double epsilon)
    {
        var counts = new int[edges.Length + 1];
        var bin = 0;
        foreach (var x in sorted)
        {
            while (bin < edges.Length && x > edges[bin])
            {
                bin++;
            }

            counts[bin]++;
        }

        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = Math.Max((double)counts[i] / sorted.Length, epsilon);
        }

        return shares;
    }
}
