using MathNet.Numerics.LinearAlgebra;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class UnscentedRtsSmootherTests
{
    [Fact]
    public void OnALinearModelItEqualsTheRtsSmootherAndBeatsTheFilterWhichBeatsTheRawObservations()
    {
        var model = new LocalLinearTrendModel(0.04, 0.001, 1.0);
        var rng = new DeterministicRandom(17);
        const int t = 2_000;
        var dts = new double[t];
        var z = new double[t];
        var truth = new double[t];
        double level = 0, slope = 0.05;
        for (var k = 0; k < t; k++)
        {
            dts[k] = k == 0 ? 0 : 0.2 + rng.NextDouble();
            level += (slope * dts[k]) + (Math.Sqrt(0.04 * dts[k]) * rng.NextGaussian());
            slope += Math.Sqrt(0.001 * dts[k]) * rng.NextGaussian();
            truth[k] = level;
            z[k] = level + rng.NextGaussian();
        }

        double[] x0 = [z[0], 0.0];
        double[] p0 = [1.0, 0.0, 0.0, 0.01];
        var result = UnscentedRtsSmoother.Smooth(model, new MerweScaledSigmaPoints(2), x0, p0, dts, z);
        var exact = ExactRts(model, x0, p0, dts, z);
        for (var k = 0; k < t; k++)
        {
            Tolerance.AssertAllClose(exact[k], result.Smoothed.AsSpan(2 * k, 2), Tolerance.DifferentAlgorithmDouble, $"smoothed state {k}");
        }

        var raw = Rmse(truth, k => z[k]);
        var filtered = Rmse(truth, k => result.Filtered[2 * k]);
        var smoothed = Rmse(truth, k => result.Smoothed[2 * k]);
        Assert.True(smoothed < filtered && filtered < raw, $"smoothed {smoothed}, filtered {filtered}, raw {raw}");
    }

    private static double Rmse(double[] truth, Func<int, double> estimate) =>
        Math.Sqrt(Enumerable.Range(0, truth.Length).Average(k => Math.Pow(truth[k] - estimate(k), 2)));

    private static double[][] ExactRts(LocalLinearTrendModel model, double[] x0, double[] p0, double[] dts, double[] z)
    {
        var t = z.Length;
        var m = new Vector<double>[t];
        var p = new Matrix<double>[t];
        var mPred = new Vector<double>[t];
        var pPred = new Matrix<double>[t];
        var h = Matrix<double>.Build.DenseOfRowMajor(1, 2, [1.0, 0.0]);
        var x = Vector<double>.Build.DenseOfArray(x0);
        var cov = Matrix<double>.Build.DenseOfRowMajor(2, 2, p0);
        for (var k = 0; k < t; k++)
        {
            if (k > 0)
            {
                var f = F(dts[k]);
                x = f * x;
                cov = (f * cov * f.Transpose()) + Q(model, dts[k]);
            }

            mPred[k] = x;
            pPred[k] = cov;
            var s = (h * cov * h.Transpose())[0, 0] + model.ObservationNoiseVariance;
            var gain = cov * h.Transpose() / s;
            x += gain.Column(0) * (z[k] - x[0]);
            cov -= gain * h * cov;
            m[k] = x;
            p[k] = cov;
        }

        var result = new double[t][];
        var ms = m[t - 1];
        result[t - 1] = ms.ToArray();
        for (var k = t - 2; k >= 0; k--)
        {
            var g = p[k] * F(dts[k + 1]).Transpose() * pPred[k + 1].Inverse();
            ms = m[k] + (g * (ms - mPred[k + 1]));
            result[k] = ms.ToArray();
        }

        return result;
    }

    private static Matrix<double> F(double dt) => Matrix<double>.Build.DenseOfRowMajor(2, 2, [1.0, dt, 0.0, 1.0]);

    private static Matrix<double> Q(LocalLinearTrendModel model, double dt)
    {
        var q = new double[4];
        model.ProcessNoise(dt, q);
        return Matrix<double>.Build.DenseOfRowMajor(2, 2, q);
    }
}
