namespace Quant.Orleans.Research.Metrics;

/// <summary>Sample moments of a return series, two-pass for accuracy.</summary>
/// <param name="Count">n.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StandardDeviation">√(Σ(r−mean)²/(n−1)): N−1 normalizer (Bessel's correction); NaN for n &lt; 2.</param>
/// <param name="Skewness">m3 / m2^1.5 with population central moments m_k = Σ(r−mean)^k / n (the estimator used by
/// Bailey &amp; López de Prado 2014 and scipy's <c>skew(bias=True)</c>); NaN when m2 = 0.</param>
/// <param name="Kurtosis">m4 / m2², not excess (3 for a normal distribution); NaN when m2 = 0.</param>
public readonly record struct ReturnMoments(int Count, double Mean, double StandardDeviation, double Skewness, double Kurtosis)
{
    /// <summary>Computes the moments of <paramref name="returns"/>.</summary>
    /// <param name="returns">Returns, shape (n).</param>
    /// <returns>The moments (NaN fields where undefined).</returns>
    public static ReturnMoments Of(ReadOnlySpan<double> returns)
    {
        var n = returns.Length;
        if (n == 0)
        {
            return new ReturnMoments(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = 0.0;
        var constant = true;
        foreach (var r in returns)
        {
            mean += r;
            constant &= r == returns[0];
        }

        // A constant series has exactly zero dispersion; the rounded mean would otherwise leave ~1e-19 residuals.
        mean = constant ? returns[0] : mean / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var r in returns)
        {
            var d = r - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        var sd = n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN;
        m2 /= n;
        m3 /= n;
        m4 /= n;
        var skew = m2 > 0 ? m3 / Math.Pow(m2, 1.5) : double.NaN;
        var kurt = m2 > 0 ? m4 / (m2 * m2) : double.NaN;
        return new ReturnMoments(n, mean, sd, skew, kurt);
    }
}
