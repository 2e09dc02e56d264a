using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>
/// Augmented Dickey-Fuller unit-root test (Dickey and Fuller 1979; Said and Dickey 1984): OLS of
/// <c>Δyₜ = α [+ δ t] + β yₜ₋₁ + Σᵢ₌₁..ₚ γᵢ Δyₜ₋ᵢ + εₜ</c> and the t-statistic of β, with MacKinnon's p-value and critical
/// values (<see cref="MacKinnonTables"/>). Follows statsmodels 0.13.5 <c>adfuller</c> exactly: default maximum lag
/// <c>⌈12 (n/100)^¼⌉</c> capped at <c>⌊n/2⌋ − k − 1</c> (k = 1 for 'c', 2 for 'ct'; Schwert 1989); with AIC/BIC every
/// p in 0 … maxlag is fitted on the same T = n − 1 − maxlag rows and the smallest criterion wins (the smaller p on a
/// tie), then the chosen p is refitted on its own T = n − 1 − p rows; AIC = T ln 2π + T ln(RSS/T) + T + 2m and
/// BIC = … + m ln T with m the regressors (deterministic terms included); the trend is t = 1 … T. OLS by Householder
/// QR (Math.NET), se(β̂)² = s² [(RᵀR)⁻¹]₀₀ with s² = RSS/(T − m).
/// </summary>
public static class AugmentedDickeyFuller
{
    /// <summary>The default maximum lag <c>min(⌈12 (n/100)^¼⌉, ⌊n/2⌋ − k − 1)</c> of statsmodels (Schwert 1989).</summary>
    /// <param name="length">n, the series length.</param>
    /// <param name="regression">The deterministic terms (k = 1 or 2).</param>
    /// <returns>The maximum lag; negative when n is too short.</returns>
    public static int DefaultMaxLag(int length, AdfRegression regression)
    {
        var trendTerms = TrendTerms(regression);
        var schwert = (int)Math.Ceiling(12.0 * Math.Pow(length / 100.0, 0.25));
        return Math.Min((length / 2) - trendTerms - 1, schwert);
    }

    /// <summary>Runs the test.</summary>
    /// <param name="series">y of length n, finite.</param>
    /// <param name="regression">Deterministic terms ('c' or 'ct').</param>
    /// <param name="lagSelection">Fixed p = maxlag, or AIC/BIC over 0 … maxlag.</param>
    /// <param name="maxLag">The maximum lag; null for <see cref="DefaultMaxLag"/>. Must be ≤ ⌊n/2⌋ − k − 1.</param>
    /// <returns>The statistic, p-value, lag, observation count and critical values.</returns>
    /// <exception cref="ArgumentException">A value is not finite (its index is named), or the series is too short for
    /// the lag (n must leave ⌊n/2⌋ − k − 1 ≥ maxlag ≥ 0).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLag"/> is negative, or an enum is undefined.</exception>
    /// <exception cref="InvalidOperationException">The regressors are collinear (e.g. a constant series).</exception>
    public static AdfResult Test(ReadOnlySpan<double> series, AdfRegression regression = AdfRegression.Constant, AdfLagSelection lagSelection = AdfLagSelection.Aic, int? maxLag = null)
    {
        if (!Enum.IsDefined(regression))
        {
            throw new ArgumentOutOfRangeException(nameof(regression), regression, "Unknown regression.");
        }

        if (!Enum.IsDefined(lagSelection))
        {
            throw new ArgumentOutOfRangeException(nameof(lagSelection), lagSelection, "Unknown lag selection.");
        }

        for (var i = 0; i < series.Length; i++)
        {
            if (!double.IsFinite(series[i]))
            {
                throw new ArgumentException($"series[{i}] = {series[i]} is not finite.", nameof(series));
            }
        }

        var n = series.Length;
        var trendTerms = TrendTerms(regression);
        var limit = (n / 2) - trendTerms - 1;
        int maximum;
        if (maxLag is null)
        {
            maximum = DefaultMaxLag(n, regression);
            if (maximum < 0)
            {
                throw new ArgumentException($"The series has {n} values, too short for the regression ({trendTerms} deterministic terms).", nameof(series));
            }
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxLag.Value, nameof(maxLag));
            if (maxLag.Value > limit)
            {
                throw new ArgumentException($"maxLag = {maxLag.Value} exceeds floor(n/2) - 1 - k = {limit} for n = {n} and k = {trendTerms} deterministic terms.", nameof(maxLag));
            }

            maximum = maxLag.Value;
        }

        var differences = new double[n - 1];
        for (var i = 0; i < n - 1; i++)
        {
            differences[i] = series[i + 1] - series[i];
        }

        var usedLag = maximum;
        var best = double.NaN;
        if (lagSelection != AdfLagSelection.Fixed)
        {
            best = double.PositiveInfinity;
            var rows = n - 1 - maximum;
            for (var p = 0; p <= maximum; p++)
            {
                var fit = Fit(series, differences, trendTerms, p, maximum);
                var m = trendTerms + 1 + p;
                var penalty = lagSelection == AdfLagSelection.Aic ? 2.0 * m : m * Math.Log(rows);
                var criterion = (rows * (Math.Log(2.0 * Math.PI) + Math.Log(fit.ResidualSumOfSquares / rows) + 1.0)) + penalty;
                if (criterion < best)
                {
                    best = criterion;
                    usedLag = p;
                }
            }
        }

        var final = Fit(series, differences, trendTerms, usedLag, usedLag);
        var observations = n - 1 - usedLag;
        var critical = MacKinnonTables.CriticalValues(regression, observations);
        return new AdfResult(
            final.Statistic,
            MacKinnonTables.PValue(final.Statistic, regression),
            usedLag,
            observations,
            critical.OnePercent,
            critical.FivePercent,
            critical.TenPercent,
            best);
    }

    private static int TrendTerms(AdfRegression regression) => regression == AdfRegression.ConstantTrend ? 2 : 1;

    /// <summary>OLS on rows t = start … n − 2 of Δy (start = the sample's maximum lag) with p lagged differences.</summary>
    private static (double Statistic, double ResidualSumOfSquares) Fit(ReadOnlySpan<double> series, double[] differences, int trendTerms, int lag, int start)
    {
        var rows = differences.Length - start;
        var columns = 1 + trendTerms + lag;
        if (rows <= columns)
        {
            throw new ArgumentException($"{rows} observations cannot fit {columns} regressors.", nameof(series));
        }

        // Column 0 is the lagged level (its t-statistic is the ADF statistic), then the constant, the trend and the lags.
        var x = Matrix<double>.Build.Dense(rows, columns);
        var y = Vector<double>.Build.Dense(rows);
        for (var r = 0; r < rows; r++)
        {
            var t = start + r;
            y[r] = differences[t];
            x[r, 0] = series[t];
            x[r, 1] = 1.0;
            if (trendTerms == 2)
            {
                x[r, 2] = r + 1.0;
            }

            for (var i = 1; i <= lag; i++)
            {
                x[r, trendTerms + i] = differences[t - i];
            }
        }

        var qr = x.QR(QRMethod.Thin);
        var upper = qr.R;
        for (var j = 0; j < columns; j++)
        {
            // |Rⱼⱼ| is the part of column j orthogonal to the columns before it; relative to ‖xⱼ‖ it measures collinearity.
            if (!(Math.Abs(upper[j, j]) > 1e-13 * x.Column(j).L2Norm()))
            {
                throw new InvalidOperationException($"The ADF regressors are collinear (column {j} of {columns}); is the series constant?");
            }
        }

        var beta = qr.Solve(y);
        var residuals = y - (x * beta);
        var rss = residuals.DotProduct(residuals);
        var s2 = rss / (rows - columns);

        // [(RᵀR)⁻¹]₀₀ = Σⱼ (R⁻¹)₀ⱼ², row 0 of R⁻¹ by back substitution of Rᵀ z = e₀ (forward on the lower triangle).
        var z = new double[columns];
        for (var j = 0; j < columns; j++)
        {
            var sum = j == 0 ? 1.0 : 0.0;
            for (var i = 0; i < j; i++)
            {
                sum -= upper[i, j] * z[i];
            }

            z[j] = sum / upper[j, j];
        }

        var variance = 0.0;
        for (var j = 0; j < columns; j++)
        {
            variance += z[j] * z[j];
        }

        return (beta[0] / Math.Sqrt(s2 * variance), rss);
    }
}
