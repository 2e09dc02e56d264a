using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Regimes;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Regimes;

public sealed class GaussianHmmTests
{
    private static readonly GaussianHmm ThreeState = new(
        [0.5, 0.3, 0.2],
        [0.90, 0.07, 0.03, 0.05, 0.90, 0.05, 0.04, 0.06, 0.90],
        [0.0, 1.5, -1.0],
        [0.25, 1.0, 4.0]);

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void ForwardBackwardAndViterbiEqualBruteForceEnumeration(int t)
    {
        var x = new[] { 0.1, 1.2, -2.5, 0.4, 3.0, -0.7 }.AsSpan(0, t).ToArray();
        var k = ThreeState.States;
        var paths = (int)Math.Pow(k, t);
        var total = 0.0;
        var marginals = new double[t * k];
        var bestPath = -1;
        var bestP = -1.0;
        for (var code = 0; code < paths; code++)
        {
            var s = Path(code, k, t);
            var p = ThreeState.Initial[s[0]] * Math.Exp(ThreeState.LogEmission(s[0], x[0]));
            for (var u = 1; u < t; u++)
            {
                p *= ThreeState.Transition[(s[u - 1] * k) + s[u]] * Math.Exp(ThreeState.LogEmission(s[u], x[u]));
            }

            total += p;
            for (var u = 0; u < t; u++)
            {
                marginals[(u * k) + s[u]] += p;
            }

            if (p > bestP)
            {
                bestP = p;
                bestPath = code;
            }
        }

        var ll = ThreeState.ForwardBackward(x, out var gamma, out _);
        Tolerance.AssertClose(Math.Log(total), ll, Tolerance.DifferentAlgorithmDouble, "log-likelihood");
        Tolerance.AssertAllClose(marginals.Select(m => m / total).ToArray(), gamma, Tolerance.DifferentAlgorithmDouble, "posteriors");
        Assert.Equal(Path(bestPath, k, t), ThreeState.Viterbi(x));
    }

    [Fact]
    public void BaumWelchRecoversSimulatedParametersAndOrdersStatesByVolatility()
    {
        var rng = new DeterministicRandom(99);
        var x = Simulate(ThreeState, 6_000, rng, out _);
        var (fit, _) = GaussianHmmFitter.Fit(x, 3, seed: 7);
        double[] expectedMeans = [0.0, 1.5, -1.0];
        double[] expectedVariances = [0.25, 1.0, 4.0];
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(fit.Means[i], expectedMeans[i] - 0.15, expectedMeans[i] + 0.15);
            Assert.InRange(fit.Variances[i], 0.8 * expectedVariances[i], 1.2 * expectedVariances[i]);
            Assert.InRange(fit.Transition[(i * 3) + i], 0.85, 0.95);
        }

        Assert.True(fit.Variances[0] < fit.Variances[1] && fit.Variances[1] < fit.Variances[2]);
    }

    [Fact]
    public void ForwardFilterIsCausalAndItsLastStepEqualsTheSmoothedLastPosterior()
    {
        var rng = new DeterministicRandom(4);
        var x = Simulate(ThreeState, 300, rng, out _);
        var changed = (double[])x.Clone();
        for (var t = 200; t < x.Length; t++)
        {
            changed[t] = 10.0 - changed[t];
        }

        var a = new GaussianHmmFilter(ThreeState);
        var b = new GaussianHmmFilter(ThreeState);
        var last = Array.Empty<double>();
        for (var t = 0; t < x.Length; t++)
        {
            // The first observation is weighed against pi itself (0 transition steps), as in the forward recursion.
            var pa = a.Update(x[t], t == 0 ? 0 : 1).ToArray();
            var pb = b.Update(changed[t], t == 0 ? 0 : 1).ToArray();
            if (t < 200)
            {
                Assert.Equal(pa, pb);
            }

            last = pa;
        }

        ThreeState.ForwardBackward(x, out var gamma, out _);
        Tolerance.AssertAllClose(gamma.AsSpan((x.Length - 1) * 3, 3), last, Tolerance.DifferentAlgorithmDouble, "filtered = smoothed at T-1");
    }

    internal static double[] Simulate(GaussianHmm model, int n, DeterministicRandom rng, out int[] states)
    {
        var k = model.States;
        var x = new double[n];
        states = new int[n];
        var s = Draw(model.Initial.ToArray(), rng);
        for (var t = 0; t < n; t++)
        {
            if (t > 0)
            {
                s = Draw(model.Transition.Skip(s * k).Take(k).ToArray(), rng);
            }

            states[t] = s;
            x[t] = model.Means[s] + (Math.Sqrt(model.Variances[s]) * rng.NextGaussian());
        }

        return x;
    }

    private static int Draw(double[] p, DeterministicRandom rng)
    {
        var u = rng.NextDouble();
        for (var i = 0; i < p.Length; i++)
        {
            u -= p[i];
            if (u < 0)
            {
                return i;
            }
        }

        return p.Length - 1;
    }

    private static int[] Path(int code, int k, int t)
    {
        var s = new int[t];
        for (var u = 0; u < t; u++)
        {
            s[u] = code % k;
            code /= k;
        }

        return s;
    }
}
