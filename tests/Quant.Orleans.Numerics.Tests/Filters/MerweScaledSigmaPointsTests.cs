using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Numerics.LinearAlgebra;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class MerweScaledSigmaPointsTests
{
    [Theory]
    [InlineData(1, 1e-3, 2.0, 0.0)]
    [InlineData(2, 1.0, 2.0, 1.0)]
    [InlineData(4, 0.1, 2.0, 0.0)]
    [InlineData(7, 0.5, 0.0, -3.0)]
    public void WeightsSumToOne_AndPointsReproduceMeanAndCovariance(int n, double alpha, double beta, double kappa)
    {
        var sp = new MerweScaledSigmaPoints(n, alpha, beta, kappa);
        var sum = 0.0;
        foreach (var w in sp.MeanWeights)
        {
            sum += w;
        }

        Tolerance.AssertClose(1.0, sum, Tolerance.SameFormulaDouble * (1.0 + Math.Abs(sp.MeanWeights[0])), "sum of mean weights");
        Tolerance.AssertClose(sp.MeanWeights[0] + 1.0 - (alpha * alpha) + beta, sp.CovarianceWeights[0], Tolerance.SameFormulaDouble, "W0c");

        var rng = new DeterministicRandom((ulong)n);
        var mean = new double[n];
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            mean[i] = rng.NextGaussian();
        }

        for (var i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextGaussian();
        }

        var cov = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var k = 0; k < n; k++)
                {
                    cov[(i * n) + j] += a[(i * n) + k] * a[(j * n) + k];
                }
            }

            cov[(i * n) + i] += 0.1;
        }

        var factor = new double[n * n];
        Assert.Equal(0, DenseMath.CholeskyWithJitter(cov, factor, n));
        var points = new double[sp.PointCount * n];
        sp.Generate(mean, factor, points);
        var recMean = new double[n];
        for (var k = 0; k < sp.PointCount; k++)
        {
            for (var i = 0; i < n; i++)
            {
                recMean[i] += sp.MeanWeights[k] * (points[(k * n) + i] - mean[i]);
            }
        }

        for (var i = 0; i < n; i++)
        {
            recMean[i] += mean[i];
        }

        var recCov = new double[n * n];
        for (var k = 0; k < sp.PointCount; k++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    recCov[(i * n) + j] += sp.CovarianceWeights[k] * (points[(k * n) + i] - mean[i]) * (points[(k * n) + j] - mean[j]);
                }
            }
        }

        Tolerance.AssertAllClose(mean, recMean, Tolerance.DifferentAlgorithmDouble, "reproduced mean");
        Tolerance.AssertAllClose(cov, recCov, Tolerance.DifferentAlgorithmDouble, "reproduced covariance");
    }

    [Fact]
    public void InvalidParameters_AreRejectedWithTheArgumentNamed()
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new MerweScaledSigmaPoints(2, 0.0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => new MerweScaledSigmaPoints(2, 1.0, -1.0)).ParamName);
        Assert.Equal("kappa", Assert.Throws<ArgumentOutOfRangeException>(() => new MerweScaledSigmaPoints(2, 1.0, 2.0, -2.0)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new MerweScaledSigmaPoints(0)).ParamName);
    }
}
