using Quant.Orleans.Numerics.Stationarity;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// The fractional-differencing order of the judge's <c>frac_diff_log_mid</c> feature, fitted on training data only
/// (AFML §5.6, <see cref="MinimumFractionalDifference"/>): the smallest d on the grid 0, step, … 1 whose FFD series of
/// ln mid passes the ADF test at 5 % (constant, lag 1, as AFML snippet 5.4); d = 1 when none on the grid passes
/// (<see cref="PassedAdf"/> false).
/// </summary>
/// <param name="Order">d in [0, 1].</param>
/// <param name="Threshold">FFD weight threshold (<see cref="FractionalDifferencing.Weights"/>).</param>
/// <param name="MaxWidth">Largest FFD window, grid steps.</param>
/// <param name="PassedAdf">Whether <paramref name="Order"/> passed the ADF test on the training data.</param>
/// <param name="AdfStatistic">The ADF statistic at <paramref name="Order"/> on the training data.</param>
public sealed record FractionalDifferenceFit(double Order, double Threshold, int MaxWidth, bool PassedAdf, double AdfStatistic)
{
    /// <summary>Searches d on ln mid of the training steps only.</summary>
    /// <param name="trainingLogMid">ln mid of the training period, finite, longer than 2 · <paramref name="maxWidth"/>.</param>
    /// <param name="step">Grid step of d in (0, 1].</param>
    /// <param name="threshold">FFD weight threshold &gt; 0.</param>
    /// <param name="maxWidth">Largest FFD window ≥ 1 (bounds the cost O(n · width) and how far back the feature reads).</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">As for <see cref="MinimumFractionalDifference.Search"/>.</exception>
    public static FractionalDifferenceFit Fit(ReadOnlySpan<double> trainingLogMid, double step = 0.05, double threshold = 1e-4, int maxWidth = 500)
    {
        var search = MinimumFractionalDifference.Search(trainingLogMid, step, threshold, Math.Min(maxWidth, Math.Max(1, trainingLogMid.Length / 2)));
        var passed = !double.IsNaN(search.MinimumOrder);
        var order = passed ? search.MinimumOrder : 1.0;
        var row = search.Rows.First(r => r.Order == order);
        return new FractionalDifferenceFit(order, threshold, maxWidth, passed, row.Adf.Statistic);
    }

    /// <summary>The FFD weights w[k] multiplying ln mid(t − k).</summary>
    /// <returns>The weights, length W ≤ <see cref="MaxWidth"/>.</returns>
    public double[] Weights() => FractionalDifferencing.Weights(Order, Threshold, MaxWidth);
}
