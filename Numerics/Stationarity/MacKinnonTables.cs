using MathNet.Numerics.Distributions;

namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>
/// MacKinnon's response-surface approximations for the Dickey-Fuller τ statistic with one I(1) series (N = 1):
/// the p-value of MacKinnon (1994), "Approximate asymptotic distribution functions for unit-root and cointegration
/// tests", JBES 12(2), 167–176, Table 3 (<c>p = Φ(Σᵢ aᵢ τⁱ)</c>, one polynomial left of τ*, another right), and the
/// finite-sample critical values of MacKinnon (2010), "Critical values for cointegration tests", Queen's University
/// Economics Working Paper 1227, Table 2 (<c>c(T) = β∞ + β₁/T + β₂/T² + β₃/T³</c>). Coefficients as statsmodels 0.13.5
/// stores them (<c>statsmodels.tsa.adfvalues</c>: <c>_tau_smallps</c>, <c>_tau_largeps</c>, <c>_tau_maxs</c>,
/// <c>_tau_mins</c>, <c>_tau_stars</c>, <c>tau_2010s</c>).
/// </summary>
public static class MacKinnonTables
{
    // MacKinnon (1994), N = 1: 'c' then 'ct'.
    private static readonly double[] SmallPConstant = [2.1659, 1.4412, 3.8269 * 1e-2];
    private static readonly double[] LargePConstant = [1.7339, 9.3202 * 1e-1, -1.2745 * 1e-1, -1.0368 * 1e-2];
    private static readonly double[] SmallPTrend = [3.2512, 1.6047, 4.9588 * 1e-2];
    private static readonly double[] LargePTrend = [2.5261, 6.1654 * 1e-1, -3.7956 * 1e-1, -6.0285 * 1e-2];

    // MacKinnon (2010), N = 1, rows 1 %, 5 %, 10 %: β∞, β₁, β₂, β₃.
    private static readonly double[,] CriticalConstant =
    {
        { -3.43035, -6.5393, -16.786, -79.433 },
        { -2.86154, -2.8903, -4.234, -40.040 },
        { -2.56677, -1.5384, -2.809, 0.0 },
    };

    private static readonly double[,] CriticalTrend =
    {
        { -3.95877, -9.0531, -28.428, -134.155 },
        { -3.41049, -4.3904, -9.036, -45.374 },
        { -3.12705, -2.5856, -3.925, -22.380 },
    };

    /// <summary>
    /// MacKinnon (1994) approximate p-value of a Dickey-Fuller τ: 1 above τ_max (2.74 'c', 0.70 'ct'), 0 below τ_min
    /// (−18.83, −16.18), else <c>Φ(a₀ + a₁τ + a₂τ²)</c> for τ ≤ τ* (−1.61, −2.89) and <c>Φ(b₀ + b₁τ + b₂τ² + b₃τ³)</c>
    /// above (statsmodels <c>mackinnonp(τ, regression, N=1)</c>). NaN gives NaN.
    /// </summary>
    /// <param name="statistic">The ADF t-statistic τ of β.</param>
    /// <param name="regression">The deterministic terms the statistic was computed with.</param>
    /// <returns>The approximate p-value in [0, 1] (left tail: small for stationary series).</returns>
    public static double PValue(double statistic, AdfRegression regression)
    {
        if (double.IsNaN(statistic))
        {
            return double.NaN;
        }

        var trend = regression == AdfRegression.ConstantTrend;
        var max = trend ? 0.7 : 2.74;
        var min = trend ? -16.18 : -18.83;
        var star = trend ? -2.89 : -1.61;
        if (statistic > max)
        {
            return 1.0;
        }

        if (statistic < min)
        {
            return 0.0;
        }

        var coefficients = statistic <= star
            ? (trend ? SmallPTrend : SmallPConstant)
            : (trend ? LargePTrend : LargePConstant);
        return Normal.CDF(0.0, 1.0, Horner(coefficients, statistic));
    }

    /// <summary>
    /// MacKinnon (2010) critical values at 1 %, 5 % and 10 % for a regression on <paramref name="observations"/>
    /// observations: <c>c = β∞ + β₁/T + β₂/T² + β₃/T³</c> (statsmodels <c>mackinnoncrit(N=1, regression, nobs=T)</c>).
    /// </summary>
    /// <param name="regression">The deterministic terms.</param>
    /// <param name="observations">T, the number of observations in the ADF regression (≥ 1).</param>
    /// <returns>(1 %, 5 %, 10 %) critical values; reject a unit root when τ is below one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="observations"/> is below 1.</exception>
    public static (double OnePercent, double FivePercent, double TenPercent) CriticalValues(AdfRegression regression, int observations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observations, 1);
        var table = regression == AdfRegression.ConstantTrend ? CriticalTrend : CriticalConstant;
        var u = 1.0 / observations;
        return (Surface(table, 0, u), Surface(table, 1, u), Surface(table, 2, u));
    }

    private static double Surface(double[,] table, int row, double u)
        => table[row, 0] + (u * (table[row, 1] + (u * (table[row, 2] + (u * table[row, 3])))));

    private static double Horner(double[] coefficients, double x)
    {
        var value = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            value = (value * x) + coefficients[i];
        }

        return value;
    }
}
