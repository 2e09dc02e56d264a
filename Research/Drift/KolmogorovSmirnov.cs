namespace Quant.Orleans.Research.Drift;

/// <summary>The two-sample Kolmogorov–Smirnov test of a current sample against a reference sample.</summary>
/// <param name="Statistic">D = sup_x |F_ref(x) − F_cur(x)| over the two empirical CDFs, a fraction in [0, 1].</param>
/// <param name="PValue">Asymptotic two-sided p-value, P(D_en ≥ D) with en = round(n₁n₂ / (n₁ + n₂)).</param>
/// <param name="ReferenceCount">n₁, the reference sample's size.</param>
/// <param name="CurrentCount">n₂, the current sample's size.</param>
/// <param name="EffectiveCount">en = round(n₁n₂ / (n₁ + n₂)), the sample size of the one-sample distribution used.</param>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue, int ReferenceCount, int CurrentCount, long EffectiveCount);

/// <summary>
/// The two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value (Smirnov 1939; Massey 1951, "The
/// Kolmogorov-Smirnov test for goodness of fit", JASA 46). Effectively <c>scipy.stats.ks_2samp(reference, current,
/// method='asymp')</c> of scipy 1.10: D is the largest gap between the two empirical CDFs evaluated at every pooled
/// observation (ties handled by counting values ≤ x in each sample), and the p-value is the survival function of the
/// one-sample two-sided distribution at the effective size en = round(mn/(m+n)) (round half to even),
/// <see cref="KolmogorovDistribution.Survival"/>. Distribution-free and scale-free: it reads ranks only.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Tests <paramref name="current"/> against <paramref name="reference"/>.</summary>
    /// <param name="reference">Reference (training) sample, any order, at least one finite value.</param>
    /// <param name="current">Current (monitored) sample, any order, at least one finite value.</param>
    /// <returns>D and its p-value.</returns>
    /// <exception cref="ArgumentException">A sample is empty or holds a non-finite value (the message names the
    /// sample and position).</exception>
    public static KolmogorovSmirnovResult TwoSample(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var a = DriftSamples.SortedCopy(reference, nameof(reference));
        var b = DriftSamples.SortedCopy(current, nameof(current));
        int n1 = a.Length, n2 = b.Length;
        int i = 0, j = 0;
        var d = 0.0;
        while (i < n1 || j < n2)
        {
            // The next pooled value x; advance both samples past every value ≤ x, then compare the CDFs at x.
            var x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= x)
            {
                i++;
            }

            while (j < n2 && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / n1) - ((double)j / n2)));
        }

        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = (long)Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new KolmogorovSmirnovResult(d, KolmogorovDistribution.Survival(en, d), n1, n2, en);
    }
}
