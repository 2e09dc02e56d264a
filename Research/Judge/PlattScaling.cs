namespace Quant.Orleans.Research.Judge;

/// <summary>
/// Platt scaling (Platt 1999) fitted by Newton's method with backtracking as in Lin, Lin &amp; Weng (2007), "A note on
/// Platt's probabilistic outputs for support vector machines", Algorithm 1: P(y = 1 | s) = 1/(1 + exp(A·s + B)),
/// targets smoothed to (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2).
/// </summary>
/// <param name="A">Slope (negative when higher scores mean class 1).</param>
/// <param name="B">Intercept.</param>
public sealed record PlattScaling(double A, double B)
{
    /// <summary>The probability of class 1 for a raw score.</summary>
    /// <param name="score">Raw score.</param>
    /// <returns>1/(1 + exp(A·score + B)), computed without overflow.</returns>
    public double Probability(double score)
    {
        var f = (A * score) + B;
        return f >= 0 ? Math.Exp(-f) / (1 + Math.Exp(-f)) : 1 / (1 + Math.Exp(f));
    }

    /// <summary>Fits A and B on (score, label) pairs, e.g. out-of-fold scores of the training data.</summary>
    /// <param name="scores">Raw scores, finite, shape (m).</param>
    /// <param name="labels">Labels 0/1, shape (m).</param>
    /// <returns>The fitted parameters.</returns>
    /// <exception cref="ArgumentException">Lengths differ or are 0.</exception>
    public static PlattScaling Fit(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels)
    {
        if (scores.Length != labels.Length || scores.Length == 0)
        {
            throw new ArgumentException($"scores ({scores.Length}) and labels ({labels.Length}) must have the same non-zero length.", nameof(scores));
        }

        double positives = 0;
        foreach (var y in labels)
        {
            positives += y;
        }

        var negatives = labels.Length - positives;
        var hi = (positives + 1) / (positives + 2);
        var lo = 1 / (negatives + 2);
        var t = new double[labels.Length];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = labels[i] == 1 ? hi : lo;
        }

        const double sigma = 1e-12;
        var a = 0.0;
        var b = Math.Log((negatives + 1) / (positives + 1));
        var fval = Objective(scores, t, a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < t.Length; i++)
            {
                var f = (scores[i] * a) + b;
                double p, q;
                if (f >= 0)
                {
                    p = Math.Exp(-f) / (1 + Math.Exp(-f));
                    q = 1 / (1 + Math.Exp(-f));
                }
                else
                {
                    p = 1 / (1 + Math.Exp(f));
                    q = Math.Exp(f) / (1 + Math.Exp(f));
                }

                var d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = t[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
            {
                break;
            }

            var det = (h11 * h22) - (h21 * h21);
            var dA = -((h22 * g1) - (h21 * g2)) / det;
            var dB = -((-h21 * g1) + (h11 * g2)) / det;
            var gd = (g1 * dA) + (g2 * dB);
            var step = 1.0;
            while (step >= 1e-10)
            {
                var na = a + (step * dA);
                var nb = b + (step * dB);
                var nf = Objective(scores, t, na, nb);
                if (nf < fval + (1e-4 * step * gd))
                {
                    a = na;
                    b = nb;
                    fval = nf;
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }
        }

        return new PlattScaling(a, b);
    }

    private static double Objective(ReadOnlySpan<double> scores, double[] t, double a, double b)
    {
        var sum = 0.0;
        for (var i = 0; i < t.Length; i++)
        {
            var f = (scores[i] * a) + b;
            sum += f >= 0 ? (t[i] * f) + Math.Log(1 + Math.Exp(-f)) : ((t[i] - 1) * f) + Math.Log(1 + Math.Exp(f));
        }

        return sum;
    }
}
