namespace Quant.Orleans.Research.Drift;

/// <summary>
/// The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n for a finite sample size n: the
/// survival function P(D_n ≥ d), computed as Simard &amp; L'Ecuyer (2011, "Computing the two-sided
/// Kolmogorov-Smirnov distribution", J. Stat. Softw. 39(11)) recommend and as scipy 1.10 implements it in
/// <c>scipy.stats.kstwo.sf</c> (<c>scipy/stats/_ksstats.py</c>): the Ruben–Gambino closed forms at both ends,
/// twice the one-sided Smirnov probability (Birnbaum &amp; Tingey 1951) where that is exact or its Miller error is
/// negligible, the Durbin matrix (Marsaglia, Tsang &amp; Wang 2003) and the Pomeranz (1974) recursion for small n,
/// and the Pelz–Good (1976) expansion for large n. Branch limits are scipy's, so the values agree with it to
/// rounding (tests: <c>Drift/drift_fixture.json</c>).
/// </summary>
public static class KolmogorovDistribution
{
    private const int E128 = 128;
    private const double MinLog = -708;
    private static readonly double Ep128 = Math.ScaleB(1.0, E128);
    private static readonly double Em128 = Math.ScaleB(1.0, -E128);
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);
    private static readonly double Sqrt3 = Math.Sqrt(3);
    private static readonly double PiSquared = Math.PI * Math.PI;
    private static readonly double PiFour = Math.Pow(Math.PI, 4);
    private static readonly double PiSix = Math.Pow(Math.PI, 6);

    // Stirling coefficients B_{2j}/(2j)/(2j-1), j = 8..1 (highest power first).
    private static readonly double[] StirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>P(D_n ≥ d): the probability that the two-sided KS statistic of <paramref name="n"/> observations
    /// reaches <paramref name="d"/>. Effectively <c>scipy.stats.kstwo.sf(d, n)</c>; 1 for d ≤ 0, 0 for d ≥ 1, clipped
    /// to [0, 1].</summary>
    /// <param name="n">Sample size, ≥ 1.</param>
    /// <param name="d">The statistic, a fraction in [0, 1] (values outside give 1 or 0).</param>
    /// <returns>The survival probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1 or <paramref name="d"/> is NaN.</exception>
    public static double Survival(long n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1L);
        if (double.IsNaN(d))
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, "the KS statistic d is NaN.");
        }

        if (d >= 1.0)
        {
            return 0.0;
        }

        if (d <= 0.0)
        {
            return 1.0;
        }

        var t = n * d;
        if (t <= 1.0)
        {
            // Ruben–Gambino: 1/(2n) ≤ d ≤ 1/n.
            if (t <= 0.5)
            {
                return 1.0;
            }

            double cdf;
            if (n <= 140)
            {
                cdf = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    cdf *= i * (1.0 / n) * ((2 * t) - 1);
                }
            }
            else
            {
                cdf = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Clip(1.0 - cdf);
        }

        if (t >= n - 1)
        {
            // Ruben–Gambino at the upper end.
            return Clip(2 * Math.Pow(1.0 - d, n));
        }

        if (d >= 0.5)
        {
            return Clip(2 * Smirnov(n, d));
        }

        var nxSquared = t * d;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                return Clip(1.0 - DurbinMatrix((int)n, d));
            }

            if (nxSquared <= 4)
            {
                return Clip(1.0 - Pomeranz((int)n, d));
            }

            return Clip(2 * Smirnov(n, d));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * Smirnov(n, d));
        }

        var cdfProb = n <= 100000 && n * Math.Pow(d, 1.5) <= 1.4 ? DurbinMatrix((int)n, d) : PelzGood(n, d);
        return Clip(1.0 - cdfProb);
    }

    /// <summary>The one-sided Smirnov probability P(D_n⁺ ≥ d) by the Birnbaum &amp; Tingey (1951) sum
    /// <c>d · Σ_{v=0}^{⌊n(1−d)⌋} C(n, v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v)</c>, every term positive, each evaluated
    /// in logarithms (the binomial coefficient by its ratio recurrence, summed with Neumaier compensation) so nothing
    /// overflows.</summary>
    /// <param name="n">Sample size, ≥ 1.</param>
    /// <param name="d">The statistic in [0, 1].</param>
    /// <returns>The probability; 1 at d ≤ 0, 0 at d ≥ 1.</returns>
    public static double Smirnov(long n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1L);
        if (d <= 0)
        {
            return 1.0;
        }

        if (d >= 1)
        {
            return 0.0;
        }

        var last = (long)Math.Floor(n * (1.0 - d));
        var logBinomial = 0.0;
        var compensation = 0.0;
        var sum = 0.0;
        for (long v = 0; v <= last; v++)
        {
            var evn = d + ((double)v / n);
            var rest = 1.0 - evn;
            double logTerm;
            if (rest > 0)
            {
                logTerm = logBinomial + compensation + ((v - 1) * Math.Log(evn)) + ((n - v) * Math.Log(rest));
            }
            else
            {
                // (1 - d - v/n) = 0 only at v = n(1 - d): the term is zero unless its power is zero.
                logTerm = n - v == 0 ? logBinomial + compensation + ((v - 1) * Math.Log(evn)) : double.NegativeInfinity;
            }

            sum += Math.Exp(logTerm);
            if (v < n)
            {
                // Neumaier-compensated running sum: log C(n, v) grows to about n·ln 2, and n uncompensated additions
                // would lose up to n ulps of it (1e-8 relative in the term at n = 4e5).
                var step = Math.Log((double)(n - v) / (v + 1));
                var next = logBinomial + step;
                compensation += Math.Abs(logBinomial) >= Math.Abs(step) ? (logBinomial - next) + step : (step - next) + logBinomial;
                logBinomial = next;
            }
        }

        return Math.Min(1.0, sum * d);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    // log(n! / n^n) by Stirling's series with n log n removed first (no cancellation).
    private static double LogFactorialOverPower(long n)
    {
        var rn = 1.0 / n;
        var x = rn / n;
        var poly = 0.0;
        foreach (var c in StirlingCoefficients)
        {
            poly = (poly * x) + c;
        }

        return (Math.Log(n) / 2) - n + (Log2Pi / 2) + (rn * poly);
    }

    // P(D_n ≤ d) by the Durbin matrix as Marsaglia, Tsang & Wang (2003) compute it: the k-th diagonal entry of
    // (n!/n^n) H^n, with H of size 2k-1, scaled by powers of 2^128 to stay in range.
    private static double DurbinMatrix(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }

        var tt = Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m));
        v[m - 1] = (1.0 + tt) * fac;

        var hm = new double[m, m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[r, i] = w[r - (i - 1)];
            }
        }

        for (var r = 0; r < m; r++)
        {
            hm[r, 0] = v[r];
        }

        for (var c = 0; c < m; c++)
        {
            hm[m - 1, c] = v[m - 1 - c];
        }

        var power = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            power[i, i] = 1.0;
        }

        var nn = n;
        var exponent = 0;
        var hExponent = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                power = Multiply(power, hm);
                exponent += hExponent;
            }

            hm = Multiply(hm, hm);
            hExponent *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > Ep128)
            {
                Scale(hm, 1.0 / Ep128);
                hExponent += E128;
            }

            nn /= 2;
        }

        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Em128)
            {
                p *= Ep128;
                exponent -= E128;
            }
        }

        if (exponent != 0)
        {
            p = Math.ScaleB(p, exponent);
        }

        return Clip(p);
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var c = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var l = 0; l < m; l++)
            {
                var ail = a[i, l];
                if (ail == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    c[i, j] += ail * b[l, j];
                }
            }
        }

        return c;
    }

    private static void Scale(double[,] a, double factor)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                a[i, j] *= factor;
            }
        }
    }

    private static (int J1, int J2) PomeranzBounds(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1);
        }
        else
        {
            var ip1Div2 = (i + 1) / 2;
            var ip1Mod2 = (i + 1) % 2;
            if (ip1Mod2 == 0)
            {
                (j1, j2) = ip1Div2 == n + 1
                    ? (n - ll - ceilF - 1, n + ll + ceilF - 1)
                    : (ip1Div2 - 1 - ll - roundF - 1, ip1Div2 + ll - 1 + ceilF - 1);
            }
            else
            {
                (j1, j2) = (ip1Div2 - 1 - ll - 1, ip1Div2 + ll + roundF - 1);
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    // P(D_n ≤ d) by the Pomeranz (1974) recursion, with scipy's row bookkeeping and 2^128 scaling.
    private static double Pomeranz(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilF = f > 0 ? 1 : 0;
        var roundF = f > 0.5 ? 1 : 0;
        var powers = 2 * (ll + 1);
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinus2GPower = new double[powers];
        gPower[0] = twoGPower[0] = oneMinus2GPower[0] = 1.0;
        var exponent = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - (2 * g)) / n;
        for (var m = 1; m < powers; m++)
        {
            gPower[m] = gPower[m - 1] * gOverN / m;
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
            oneMinus2GPower[m] = oneMinus2GPower[m - 1] * oneMinusTwoGOverN / m;
        }

        var v0 = new double[powers];
        var v1 = new double[powers];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, _) = PomeranzBounds(0, n, ll, ceilF, roundF);
        var conv = new double[2 * powers];
        for (var i = 1; i < (2 * n) + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, var j2) = PomeranzBounds(i, n, ll, ceilF, roundF);
            var pw = i == 1 || i == (2 * n) + 1 ? gPower : (i % 2 == 1 ? twoGPower : oneMinus2GPower);
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                // Full convolution of V0[k1 - v0s .. +ln2) with pw[0 .. ln2); entries conv_start .. +conv_len kept.
                var baseIndex = k1 - v0s;
                var convStart = j1 - k1;
                var convLen = j2 - j1 + 1;
                var lengthA = Math.Min(ln2, v0.Length - baseIndex);
                var lengthB = Math.Min(ln2, pw.Length);
                for (var c = 0; c < convLen; c++)
                {
                    var idx = convStart + c;
                    var s = 0.0;
                    for (var a = Math.Max(0, idx - (lengthB - 1)); a <= Math.Min(idx, lengthA - 1); a++)
                    {
                        s += v0[baseIndex + a] * pw[idx - a];
                    }

                    v1[c] = s;
                }

                var max = 0.0;
                for (var c = 0; c < v1.Length; c++)
                {
                    max = Math.Max(max, v1[c]);
                }

                if (max > 0 && max < Em128)
                {
                    for (var c = 0; c < v1.Length; c++)
                    {
                        v1[c] *= Ep128;
                    }

                    exponent -= E128;
                }

                v1s = v0s + j1 - k1;
            }
        }

        var answer = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(answer) > Ep128)
            {
                answer *= Em128;
                exponent += E128;
            }

            answer *= m;
        }

        if (exponent != 0)
        {
            answer = Math.ScaleB(answer, exponent);
        }

        return Clip(answer);
    }

    // P(D_n ≤ x) by the Pelz–Good (1976) expansion K0 + K1/√n + K2/n + K3/n^1.5 in its Jacobi-theta form.
    private static double PelzGood(long n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qLog = -PiSquared / 8 / z2;
        if (qLog < MinLog)
        {
            return 0.0;
        }

        var q = Math.Exp(qLog);
        var k1a = -z2;
        var k1b = PiSquared / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * PiSquared / 4;
        var k2c = PiFour * (1 - (2 * z2)) / 16;
        var k3d = PiSix * (5 - (30 * z2)) / 64;
        var k3c = PiFour * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = PiSquared * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * Math.Pow(z, 8));

        Span<double> k = stackalloc double[4];
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var kk = maxK; kk > 0; kk--)
        {
            double mm = (2 * kk) - 1;
            double m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * kk);
            k[0] = (k[0] * qPower) + 1.0;
            k[1] = (k[1] * qPower) + (k1a + (k1b * m2));
            k[2] = (k[2] * qPower) + (k2a + (k2b * m2) + (k2c * m4));
            k[3] = (k[3] * qPower) + (k3a + (k3b * m2) + (k3c * m4) + (k3d * m6));
        }

        for (var i = 0; i < 4; i++)
        {
            k[i] *= q * Sqrt2Pi;
        }

        k[0] /= z;
        k[1] /= 6 * z4;
        k[2] /= 72 * Math.Pow(z, 7);
        k[3] /= 6480 * Math.Pow(z, 10);

        var q2 = Math.Exp(-PiSquared / 2 / z2);
        var sqrt3z = Sqrt3 * z;
        double k2Extra = 0, k3Extra = 0;
        for (var kk = maxK; kk > 0; kk--)
        {
            double ks = kk;
            var ks2 = ks * ks;
            var qp = Math.Pow(q2, ks2);
            var kspi = Math.PI * ks;
            k2Extra += ks2 * qp;
            k3Extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
        }

        k[2] += k2Extra * (PiSquared * Sqrt2Pi / (-36 * z3));
        k[3] += k3Extra * (PiSquared * Sqrt2Pi / (216 * z6));
        double nn = n;
        return k[0] + (k[1] / Math.Sqrt(nn)) + (k[2] / nn) + (k[3] / Math.Pow(nn, 1.5));
    }
}
