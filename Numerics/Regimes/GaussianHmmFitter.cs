using Quant.Orleans.Core;

namespace Quant.Orleans.Numerics.Regimes;

/// <summary>
/// Maximum-likelihood fit of a <see cref="GaussianHmm"/> by Baum-Welch (expectation-maximisation; Rabiner, 1989,
/// eqs. 40a–c and 53–54) with the E-step in log space, several seeded restarts (the best log-likelihood wins), a
/// variance floor of 1e-6 × the sample variance (against collapse onto one point), and the states sorted by
/// increasing variance at the end (state 0 = calmest, K−1 = most volatile). Deterministic for a given seed.
/// </summary>
public static class GaussianHmmFitter
{
    /// <summary>Fits K states to a series.</summary>
    /// <param name="observations">x, length T ≥ 2K, finite.</param>
    /// <param name="states">K ≥ 1.</param>
    /// <param name="seed">Seed of the restarts' initial perturbations.</param>
    /// <param name="restarts">Number of EM runs, ≥ 1. Default 4.</param>
    /// <param name="maxIterations">EM iterations per run, ≥ 1. Default 200.</param>
    /// <param name="tolerance">Stop when the log-likelihood improves by less than this (nats). Default 1e-6.</param>
    /// <returns>The best model (states ordered by variance) and its log-likelihood.</returns>
    /// <exception cref="ArgumentException">Too few or non-finite observations, or a parameter out of range.</exception>
    public static (GaussianHmm Model, double LogLikelihood) Fit(ReadOnlySpan<double> observations, int states, ulong seed, int restarts = 4, int maxIterations = 200, double tolerance = 1e-6)
    {
        if (states < 1 || restarts < 1 || maxIterations < 1)
        {
            throw new ArgumentException($"Need states, restarts, maxIterations >= 1; got {states}, {restarts}, {maxIterations}.", nameof(states));
        }

        if (observations.Length < 2 * states)
        {
            throw new ArgumentException($"Need at least 2K = {2 * states} observations, got {observations.Length}.", nameof(observations));
        }

        var x = observations.ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"observations[{i}] = {x[i]} is not finite.", nameof(observations));
            }
        }

        var mean = x.Average();
        var variance = Math.Max(x.Sum(v => (v - mean) * (v - mean)) / x.Length, 1e-300);
        var floor = 1e-6 * variance;
        var sorted = (double[])x.Clone();
        Array.Sort(sorted);
        var rng = new DeterministicRandom(seed);
        GaussianHmm? best = null;
        var bestLl = double.NegativeInfinity;
        var k = states;
        for (var r = 0; r < restarts; r++)
        {
            var pi = Enumerable.Repeat(1.0 / k, k).ToArray();
            var a = new double[k * k];
            var mu = new double[k];
            var v = new double[k];
            for (var i = 0; i < k; i++)
            {
                for (var j = 0; j < k; j++)
                {
                    a[(i * k) + j] = k == 1 ? 1.0 : (i == j ? 0.9 : 0.1 / (k - 1));
                }

                var q = Math.Clamp((i + 0.5 + (r == 0 ? 0.0 : 0.6 * (rng.NextDouble() - 0.5))) / k, 0.0, 1.0);
                mu[i] = sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
                v[i] = variance * (r == 0 ? 1.0 : 0.5 + rng.NextDouble());
            }

            var model = new GaussianHmm(pi, a, mu, v);
            var previous = double.NegativeInfinity;
            double ll = double.NegativeInfinity;
            for (var it = 0; it < maxIterations; it++)
            {
                ll = model.ForwardBackward(x, out var gamma, out var xi);
                model = MStep(x, gamma, xi, k, floor);
                if (ll - previous < tolerance)
                {
                    break;
                }

                previous = ll;
            }

            ll = model.LogLikelihood(x);
            if (ll > bestLl)
            {
                bestLl = ll;
                best = model;
            }
        }

        return (OrderByVariance(best!), bestLl);
    }

    /// <summary>Relabels the states so that variances increase (π, A, μ, σ² permuted together).</summary>
    /// <param name="model">A model.</param>
    /// <returns>The same model with states 0 … K−1 in increasing variance.</returns>
    public static GaussianHmm OrderByVariance(GaussianHmm model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var k = model.States;
        var order = Enumerable.Range(0, k).OrderBy(i => model.Variances[i]).ThenBy(i => i).ToArray();
        var a = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                a[(i * k) + j] = model.Transition[(order[i] * k) + order[j]];
            }
        }

        return new GaussianHmm(
            order.Select(i => model.Initial[i]).ToArray(), a, order.Select(i => model.Means[i]).ToArray(), order.Select(i => model.Variances[i]).ToArray());
    }

    private static GaussianHmm MStep(double[] x, double[] gamma, double[] xi, int k, double floor)
    {
        var t = x.Length;
        var pi = new double[k];
        var a = new double[k * k];
        var mu = new double[k];
        var v = new double[k];
        var piSum = 0.0;
        for (var i = 0; i < k; i++)
        {
            pi[i] = gamma[i];
            piSum += pi[i];
            var row = 0.0;
            for (var j = 0; j < k; j++)
            {
                row += xi[(i * k) + j];
            }

            for (var j = 0; j < k; j++)
            {
                a[(i * k) + j] = row > 0 ? xi[(i * k) + j] / row : 1.0 / k;
            }

            double w = 0, wx = 0;
            for (var s = 0; s < t; s++)
            {
                w += gamma[(s * k) + i];
                wx += gamma[(s * k) + i] * x[s];
            }

            mu[i] = w > 0 ? wx / w : x[0];
            var wv = 0.0;
            for (var s = 0; s < t; s++)
            {
                var d = x[s] - mu[i];
                wv += gamma[(s * k) + i] * d * d;
            }

            v[i] = Math.Max(w > 0 ? wv / w : floor, floor);
        }

        for (var i = 0; i < k; i++)
        {
            pi[i] /= piSum;
        }

        Normalise(a, k);
        return new GaussianHmm(pi, a, mu, v);
    }

    private static void Normalise(double[] a, int k)
    {
        for (var i = 0; i < k; i++)
        {
            var s = 0.0;
            for (var j = 0; j < k; j++)
            {
                s += a[(i * k) + j];
            }

            for (var j = 0; j < k; j++)
            {
                a[(i * k) + j] /= s;
            }
        }
    }
}
