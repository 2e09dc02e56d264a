using Quant.Orleans.Numerics.LinearAlgebra;

namespace Quant.Orleans.Numerics.Regression;

/// <summary>
/// Closed-form ridge regression (Hoerl and Kennard, 1970; Hastie, Tibshirani and Friedman, The Elements of Statistical
/// Learning, 2nd ed., §3.4.1, eq. 3.44) with an unpenalised intercept on standardised features: with
/// zᵢⱼ = (xᵢⱼ − μⱼ)/sⱼ (sⱼ the population standard deviation, 1 for a constant column) it minimises
/// <c>Σᵢ (yᵢ − b − zᵢ·β)² + λ‖β‖²</c>, whose solution is <c>b = ȳ</c>, <c>β = (ZᵀZ + λI)⁻¹Zᵀ(y − ȳ)</c>. This is what
/// scikit-learn's <c>Ridge(alpha=λ)</c> computes on features already standardised by <c>StandardScaler</c>.
/// Solved by Cholesky. Deterministic.
/// </summary>
public static class RidgeRegression
{
    /// <summary>Fits the model.</summary>
    /// <param name="features">X of shape (n, p): rows are samples, columns features; finite.</param>
    /// <param name="targets">y of length n, finite.</param>
    /// <param name="penalty">λ ≥ 0, finite (λ = 0 is ordinary least squares and needs full column rank).</param>
    /// <returns>The frozen coefficients.</returns>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">Fewer than p + 2 rows, a length mismatch, or a non-finite value (its row and
    /// column are named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="penalty"/> is negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">ZᵀZ + λI is singular (λ = 0 with collinear features).</exception>
    public static RidgeCoefficients Fit(double[,] features, ReadOnlySpan<double> targets, double penalty)
    {
        ArgumentNullException.ThrowIfNull(features);
        var n = features.GetLength(0);
        var p = features.GetLength(1);
        if (!(penalty >= 0.0) || !double.IsFinite(penalty))
        {
            throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "The ridge penalty must be finite and non-negative.");
        }

        if (p < 1)
        {
            throw new ArgumentException($"The feature matrix must have at least one column, got {p}.", nameof(features));
        }

        if (n < p + 2)
        {
            throw new ArgumentException($"Too few rows: {n} rows for {p} features; at least p + 2 = {p + 2} are needed (intercept and a residual degree of freedom).", nameof(features));
        }

        if (targets.Length != n)
        {
            throw new ArgumentException($"targets has length {targets.Length}; the feature matrix has {n} rows.", nameof(targets));
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(targets[i]))
            {
                throw new ArgumentException($"targets[{i}] = {targets[i]} is not finite.", nameof(targets));
            }

            for (var j = 0; j < p; j++)
            {
                if (!double.IsFinite(features[i, j]))
                {
                    throw new ArgumentException($"features[row {i}, column {j}] = {features[i, j]} is not finite.", nameof(features));
                }
            }
        }

        var means = new double[p];
        var scales = new double[p];
        for (var j = 0; j < p; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < n; i++)
            {
                mean += features[i, j];
            }

            mean /= n;
            var ss = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d = features[i, j] - mean;
                ss += d * d;
            }

            var sd = Math.Sqrt(ss / n);
            means[j] = mean;
            scales[j] = sd > 0.0 ? sd : 1.0;
        }

        var yMean = 0.0;
        for (var i = 0; i < n; i++)
        {
            yMean += targets[i];
        }

        yMean /= n;
        var gram = new double[p * p];
        var rhs = new double[p];
        var z = new double[p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                z[j] = (features[i, j] - means[j]) / scales[j];
            }

            var yc = targets[i] - yMean;
            for (var j = 0; j < p; j++)
            {
                rhs[j] += z[j] * yc;
                for (var k = 0; k <= j; k++)
                {
                    gram[(j * p) + k] += z[j] * z[k];
                }
            }
        }

        for (var j = 0; j < p; j++)
        {
            gram[(j * p) + j] += penalty;
            for (var k = 0; k < j; k++)
            {
                gram[(k * p) + j] = gram[(j * p) + k];
            }
        }

        if (!DenseMath.TryCholeskyInPlace(gram, p))
        {
            throw new InvalidOperationException($"ZᵀZ + λI is not positive-definite (penalty {penalty}, {p} features): the features are collinear; use a positive penalty.");
        }

        DenseMath.CholeskySolveInPlace(gram, p, rhs);
        var rss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var fit = yMean;
            for (var j = 0; j < p; j++)
            {
                fit += rhs[j] * (features[i, j] - means[j]) / scales[j];
            }

            var e = targets[i] - fit;
            rss += e * e;
        }

        return new RidgeCoefficients(means, scales, rhs, yMean, penalty, n, Math.Sqrt(rss / (n - p - 1)));
    }
}
