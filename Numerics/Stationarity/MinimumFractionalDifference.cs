namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>One row of the d-search table (AFML 2018, Exhibit 5.5 / snippet 5.4 <c>plotMinFFD</c>).</summary>
/// <param name="Order">d.</param>
/// <param name="Width">The FFD window width W for d.</param>
/// <param name="Adf">The ADF test on the FFD series.</param>
/// <param name="Correlation">Pearson correlation of the FFD series with the input at the same times (x[W − 1 …]); NaN
/// when either is constant.</param>
public sealed record FractionalDifferenceRow(double Order, int Width, AdfResult Adf, double Correlation);

/// <summary>Result of <see cref="MinimumFractionalDifference.Search"/>.</summary>
/// <param name="MinimumOrder">The smallest d on the grid whose ADF statistic is below its 5 % critical value; NaN when
/// none is.</param>
/// <param name="Rows">One row per grid point, d increasing.</param>
public sealed record FractionalDifferenceSearchResult(double MinimumOrder, IReadOnlyList<FractionalDifferenceRow> Rows);

/// <summary>
/// The smallest order of fractional differencing that makes a (log-price) series stationary, López de Prado, AFML
/// (2018), §5.6 and snippet 5.4: for d = 0, step, 2·step, … ≤ 1 apply FFD (<see cref="FractionalDifferencing"/>) and
/// run the ADF test (<see cref="AugmentedDickeyFuller"/>); the answer is the first d whose statistic is below the 5 %
/// critical value. AFML's snippet uses <c>adfuller(x, maxlag=1, regression='c', autolag=None)</c>, the defaults here.
/// </summary>
public static class MinimumFractionalDifference
{
    /// <summary>Runs the search over the whole grid (every row is computed, also past the minimum).</summary>
    /// <param name="logPrices">x of length n, finite (log prices: the FFD of a log price is in log-return-like units).</param>
    /// <param name="step">Grid step in (0, 1]; the grid is k·step for k = 0 … ⌊1/step + 1e-9⌋.</param>
    /// <param name="threshold">FFD weight threshold (&gt; 0); AFML uses 1e-4 … 1e-2.</param>
    /// <param name="maxWidth">Largest FFD window; null for n/2 so at least half the series is left for the test.</param>
    /// <param name="regression">ADF deterministic terms.</param>
    /// <param name="lagSelection">ADF lag choice.</param>
    /// <param name="maxLag">ADF maximum lag (null: statsmodels' default).</param>
    /// <returns>The smallest stationary d and the table (d, width, ADF, correlation).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not in (0, 1], or as for
    /// <see cref="FractionalDifferencing.Weights"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="FractionalDifferencing.Transform(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    /// and <see cref="AugmentedDickeyFuller.Test"/> (a series too short for the window and the test).</exception>
    public static FractionalDifferenceSearchResult Search(
        ReadOnlySpan<double> logPrices,
        double step = 0.05,
        double threshold = 1e-4,
        int? maxWidth = null,
        AdfRegression regression = AdfRegression.Constant,
        AdfLagSelection lagSelection = AdfLagSelection.Fixed,
        int? maxLag = 1)
    {
        if (!(step > 0.0) || !(step <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The grid step must be in (0, 1].");
        }

        var width = maxWidth ?? Math.Max(1, logPrices.Length / 2);
        var count = (int)Math.Floor((1.0 / step) + 1e-9);
        var rows = new List<FractionalDifferenceRow>(count + 1);
        var minimum = double.NaN;
        for (var k = 0; k <= count; k++)
        {
            var d = Math.Min(1.0, k * step);
            var weights = FractionalDifferencing.Weights(d, threshold, width);
            var transformed = FractionalDifferencing.Transform(logPrices, weights);
            var adf = AugmentedDickeyFuller.Test(transformed, regression, lagSelection, maxLag);
            var correlation = Pearson(logPrices[(weights.Length - 1)..], transformed);
            rows.Add(new FractionalDifferenceRow(d, weights.Length, adf, correlation));
            if (double.IsNaN(minimum) && adf.Statistic < adf.CriticalFivePercent)
            {
                minimum = d;
            }
        }

        return new FractionalDifferenceSearchResult(minimum, rows);
    }

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var meanA = 0.0;
        var meanB = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double sab = 0.0, saa = 0.0, sbb = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var da = a[i] - meanA;
            var db = b[i] - meanB;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa > 0.0 && sbb > 0.0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
