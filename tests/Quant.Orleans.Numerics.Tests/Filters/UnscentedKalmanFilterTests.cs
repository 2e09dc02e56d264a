using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class UnscentedKalmanFilterTests
{
    [Theory]
    [InlineData(1.0, 2.0, 0.0)]
    [InlineData(0.1, 2.0, 0.0)]
    [InlineData(1.0, 2.0, 1.0)]
    [InlineData(0.5, 0.0, -1.0)]
    public void LocalLinearTrend_UkfEqualsExactKalmanFilter(double alpha, double beta, double kappa)
    {
        var model = new LocalLinearTrendModel(0.4, 0.05, 0.3);
        var rng = new DeterministicRandom(11);
        double[] x0 = [1.5, -0.2];
        double[] p0 = [2.0, 0.3, 0.3, 1.0];
        var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(2, alpha, beta, kappa), x0, p0);
        var kf = new KalmanFilter(model, x0, p0);
        double[] truth = [1.0, 0.1];
        for (var t = 0; t < 5_000; t++)
        {
            var dt = 0.01 + (2.0 * rng.NextDouble());
            truth[0] += (truth[1] * dt) + (Math.Sqrt(0.4 * dt) * rng.NextGaussian());
            truth[1] += Math.Sqrt(0.05 * dt) * rng.NextGaussian();
            double[] z = [truth[0] + (Math.Sqrt(0.3) * rng.NextGaussian())];
            ukf.Step(dt, z);
            kf.Step(dt, z);
            AssertSame(kf, ukf, t);
        }

        Assert.Equal(0, ukf.JitterCount);
    }

    [Fact]
    public void SmallAlpha_StillMatchesTheKalmanFilterWithinItsRoundingBudget()
    {
        // With alpha = 1e-3 the weights are ~1/alpha^2 = 1e6, so rounding in f(chi_i) - f(chi_0) is amplified about a
        // millionfold per step: 1e-16 * 1e6 = 1e-10 per step, accumulating to ~1e-9..1e-8 over the run. 1e-7 leaves margin.
        const double smallAlphaRoundingBudget = 1e-7;
        var model = new LocalLinearTrendModel(0.4, 0.05, 0.3);
        var rng = new DeterministicRandom(5);
        double[] x0 = [0.0, 0.0];
        double[] p0 = [1.0, 0.0, 0.0, 1.0];
        var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(2, 1e-3, 2.0, 0.0), x0, p0);
        var kf = new KalmanFilter(model, x0, p0);
        var level = 0.0;
        for (var t = 0; t < 2_000; t++)
        {
            level += 0.3 * rng.NextGaussian();
            double[] z = [level + (0.5 * rng.NextGaussian())];
            ukf.Step(1.0, z);
            kf.Step(1.0, z);
            Tolerance.AssertAllClose(kf.State, ukf.State, smallAlphaRoundingBudget, $"state at step {t}");
            Tolerance.AssertAllClose(kf.Covariance, ukf.Covariance, smallAlphaRoundingBudget, $"covariance at step {t}");
        }
    }

    [Fact]
    public void RandomLinearModelOfDimensionFour_UkfEqualsExactKalmanFilter()
    {
        const int n = 4;
        const int m = 2;
        var rng = new DeterministicRandom(2024);
        var f = new double[n * n];
        for (var i = 0; i < f.Length; i++)
        {
            // 0.6·I + 0.15·G keeps the model stable (states stay O(1)); with 0.3·G the run grew and the two filters
            // drifted apart by ~2e-9 relative: rounding growth, not a difference in the algorithm.
            f[i] = 0.15 * rng.NextGaussian();
        }

        for (var i = 0; i < n; i++)
        {
            f[(i * n) + i] += 0.6;
        }

        var h = new double[m * n];
        for (var i = 0; i < h.Length; i++)
        {
            h[i] = rng.NextGaussian();
        }

        var q = RandomSpd(rng, n, 0.2);
        var r = RandomSpd(rng, m, 0.5);
        var model = new LinearGaussianModel(n, m, f, h, q, r);
        double[] x0 = [0.1, -0.3, 0.7, 0.0];
        var p0 = RandomSpd(rng, n, 1.0);
        var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(n), x0, p0);
        var kf = new KalmanFilter(model, x0, p0);
        var truth = new double[n];
        var next = new double[n];
        var z = new double[m];
        for (var t = 0; t < 3_000; t++)
        {
            model.Transition(truth, 1.0, next);
            for (var i = 0; i < n; i++)
            {
                truth[i] = next[i] + (0.4 * rng.NextGaussian());
            }

            model.Observe(truth, z);
            for (var a = 0; a < m; a++)
            {
                z[a] += 0.7 * rng.NextGaussian();
            }

            ukf.Step(1.0, z);
            kf.Step(1.0, z);
            AssertSame(kf, ukf, t);
        }
    }

    [Fact]
    public void Causality_ChangingInputsAfterT_LeavesOutputsUpToTBitForBit()
    {
        const int total = 2_000;
        const int cut = 1_234;
        var a = Run(seedAfterCut: 1);
        var b = Run(seedAfterCut: 2);
        for (var t = 0; t <= cut; t++)
        {
            Assert.Equal(a[t], b[t]);
        }

        Assert.NotEqual(a[total - 1], b[total - 1]);

        static (double Level, double Slope, double P00, double Innovation, double S)[] Run(ulong seedAfterCut)
        {
            var model = new LocalLinearTrendModel(1e-8, 1e-14, 1e-9);
            var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(2, 1.0), [0.0, 0.0], [1e-8, 0.0, 0.0, 1e-10]);
            var rngBefore = new DeterministicRandom(7);
            var rngAfter = new DeterministicRandom(seedAfterCut);
            var outputs = new (double, double, double, double, double)[total];
            var level = 0.0;
            for (var t = 0; t < total; t++)
            {
                var rng = t <= cut ? rngBefore : rngAfter;
                var dt = 0.001 + rng.NextDouble();
                level += 1e-4 * rng.NextGaussian() * Math.Sqrt(dt);
                ukf.Step(dt, [level + (3e-5 * rng.NextGaussian())]);
                outputs[t] = (ukf.State[0], ukf.State[1], ukf.Covariance[0], ukf.Innovation[0], ukf.InnovationCovariance[0]);
            }

            return outputs;
        }
    }

    [Fact]
    public void SimulatedTrend_FilterRmseIsBelowObservationRmse()
    {
        var model = new LocalLinearTrendModel(1e-6, 1e-9, 1e-4);
        var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(2), [0.0, 0.0], [1e-4, 0.0, 0.0, 1e-6]);
        var rng = new DeterministicRandom(99);
        double level = 0.0, slope = 0.0, filterSq = 0.0, rawSq = 0.0;
        const int steps = 20_000;
        for (var t = 0; t < steps; t++)
        {
            var dt = 0.5 + rng.NextDouble();
            level += (slope * dt) + (Math.Sqrt(1e-6 * dt) * rng.NextGaussian());
            slope += Math.Sqrt(1e-9 * dt) * rng.NextGaussian();
            var z = level + (1e-2 * rng.NextGaussian());
            ukf.Step(dt, [z]);
            filterSq += (ukf.State[0] - level) * (ukf.State[0] - level);
            rawSq += (z - level) * (z - level);
        }

        var filterRmse = Math.Sqrt(filterSq / steps);
        var rawRmse = Math.Sqrt(rawSq / steps);
        Assert.True(filterRmse < 0.5 * rawRmse, $"filter RMSE {filterRmse:E3} should be well below observation RMSE {rawRmse:E3}");
    }

    [Fact]
    public void NearSingularCovariance_TriggersCountedJitter()
    {
        var model = new LocalLinearTrendModel(0.0, 0.0, 1.0);
        var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(2), [0.0, 0.0], [1.0, 1.0, 1.0, 1.0 - 1e-15]);
        Assert.Equal(0, ukf.JitterCount);
        ukf.Step(0.0, [0.5]);
        Assert.True(ukf.JitterCount >= 1, $"expected a counted jitter, got {ukf.JitterCount}");
        Assert.True(double.IsFinite(ukf.State[0]) && double.IsFinite(ukf.Covariance[0]));
    }

    [Fact]
    public void BadInput_IsRejectedWithTheArgumentNamed()
    {
        var ukf = new UnscentedKalmanFilter(new LocalLinearTrendModel(1, 1, 1), new MerweScaledSigmaPoints(2), [0.0, 0.0], [1.0, 0.0, 0.0, 1.0]);
        Assert.Equal("deltaSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => ukf.Predict(-1.0)).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => ukf.Update([double.NaN])).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => ukf.Update([1.0, 2.0])).ParamName);
        Assert.Throws<ArgumentException>(() => new UnscentedKalmanFilter(new LocalLinearTrendModel(1, 1, 1), new MerweScaledSigmaPoints(3), [0.0, 0.0], [1.0, 0.0, 0.0, 1.0]));
    }

    private static void AssertSame(KalmanFilter kf, UnscentedKalmanFilter ukf, int step)
    {
        var tol = Tolerance.DifferentAlgorithmDouble;
        Tolerance.AssertAllClose(kf.State, ukf.State, tol, $"state at step {step}");
        Tolerance.AssertAllClose(kf.Covariance, ukf.Covariance, tol, $"covariance at step {step}");
        Tolerance.AssertAllClose(kf.Innovation, ukf.Innovation, tol, $"innovation at step {step}");
        Tolerance.AssertAllClose(kf.InnovationCovariance, ukf.InnovationCovariance, tol, $"innovation covariance at step {step}");
        Tolerance.AssertAllClose(kf.PredictedObservation, ukf.PredictedObservation, tol, $"predicted observation at step {step}");
        if (kf.Innovation.Length == 1)
        {
            // Gaussian log-likelihood of the innovation, −½(ln 2π + ln S + ν²/S), from the exact filter's ν and S.
            var s = kf.InnovationCovariance[0];
            var nu = kf.Innovation[0];
            var expected = -0.5 * (Math.Log(2.0 * Math.PI) + Math.Log(s) + (nu * nu / s));
            Tolerance.AssertClose(expected, ukf.LastLogLikelihood, tol, $"log-likelihood at step {step}");
        }
    }

    private static double[] RandomSpd(DeterministicRandom rng, int n, double ridge)
    {
        var a = new double[n * n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextGaussian();
        }

        var s = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = 0.0;
                for (var k = 0; k < n; k++)
                {
                    v += a[(i * n) + k] * a[(j * n) + k];
                }

                s[(i * n) + j] = (v / n) + (i == j ? ridge : 0.0);
            }
        }

        return s;
    }
}
