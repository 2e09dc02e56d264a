using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Regression;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Regression;

public sealed class RidgeRegressionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(40.0)]
    public void MatchesNormalEquationsSolvedByMathNet(double penalty)
    {
        var rng = new DeterministicRandom(3);
        const int n = 300;
        const int p = 5;
        var x = new double[n, p];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                x[i, j] = ((j + 1) * rng.NextGaussian()) + (10.0 * j);
            }

            y[i] = 2.0 + x[i, 0] - (0.3 * x[i, 3]) + rng.NextGaussian();
        }

        var fit = RidgeRegression.Fit(x, y, penalty);

        // Independent closed form: standardise with MathNet, solve (ZᵀZ + λI)β = Zᵀ(y − ȳ) by LU.
        var xm = Matrix<double>.Build.DenseOfArray(x);
        var means = xm.ColumnSums() / n;
        var z = Matrix<double>.Build.Dense(n, p, (i, j) => xm[i, j] - means[j]);
        var scales = Vector<double>.Build.Dense(p, j => Math.Sqrt(z.Column(j).DotProduct(z.Column(j)) / n));
        z = Matrix<double>.Build.Dense(n, p, (i, j) => z[i, j] / scales[j]);
        var yv = Vector<double>.Build.DenseOfArray(y);
        var yc = yv - (yv.Sum() / n);
        var beta = ((z.TransposeThisAndMultiply(z)) + (penalty * Matrix<double>.Build.DenseIdentity(p))).LU().Solve(z.TransposeThisAndMultiply(yc));

        Tolerance.AssertAllClose(means.ToArray(), fit.Means, Tolerance.SameFormulaDouble, "means");
        Tolerance.AssertAllClose(scales.ToArray(), fit.Scales, Tolerance.DifferentAlgorithmDouble, "scales");
        Tolerance.AssertAllClose(beta.ToArray(), fit.Coefficients, Tolerance.DifferentAlgorithmDouble, "coefficients");
        Tolerance.AssertClose(yv.Sum() / n, fit.Intercept, Tolerance.SameFormulaDouble, "intercept");

        var model = new RidgeModel(fit);
        var row = new double[p];
        for (var j = 0; j < p; j++)
        {
            row[j] = x[7, j];
        }

        var expected = (yv.Sum() / n) + (z.Row(7) * beta);
        Tolerance.AssertClose(expected, model.Predict(row), Tolerance.DifferentAlgorithmDouble, "prediction");
    }

    [Fact]
    public void MatchesScikitLearnFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ridge_fixture.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var rows = root.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var y = root.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var x = new double[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[0].Length; j++)
            {
                x[i, j] = rows[i][j];
            }
        }

        var expectedMeans = root.GetProperty("means").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var expectedScales = root.GetProperty("scales").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var alpha = c.GetProperty("alpha").GetDouble();
            var fit = RidgeRegression.Fit(x, y, alpha);
            Tolerance.AssertAllClose(expectedMeans, fit.Means, Tolerance.FixtureDouble, "means");
            Tolerance.AssertAllClose(expectedScales, fit.Scales, Tolerance.FixtureDouble, "scales");
            Tolerance.AssertAllClose(c.GetProperty("coefficients").EnumerateArray().Select(v => v.GetDouble()).ToArray(), fit.Coefficients, Tolerance.FixtureDouble, $"coefficients (alpha {alpha})");
            Tolerance.AssertClose(c.GetProperty("intercept").GetDouble(), fit.Intercept, Tolerance.FixtureDouble, $"intercept (alpha {alpha})");
            Tolerance.AssertClose(c.GetProperty("residual_std").GetDouble(), fit.ResidualStandardDeviation, Tolerance.FixtureDouble, $"residual std (alpha {alpha})");
            Tolerance.AssertClose(c.GetProperty("prediction_first_row").GetDouble(), new RidgeModel(fit).Predict(rows[0]), Tolerance.FixtureDouble, $"prediction (alpha {alpha})");
        }
    }

    [Fact]
    public void CoefficientsRoundTripThroughJson()
    {
        var fit = new RidgeCoefficients([1.0, 2.0], [0.5, 3.0], [0.25, -1.0], 0.1, 2.0, 100, 0.01);
        var back = JsonSerializer.Deserialize<RidgeCoefficients>(JsonSerializer.Serialize(fit))!;
        Assert.Equal(fit.Coefficients, back.Coefficients);
        Assert.Equal(fit.Means, back.Means);
        Assert.Equal(fit.Scales, back.Scales);
        Assert.Equal(fit.Intercept, back.Intercept);
        Assert.Equal(new RidgeModel(fit).Predict([1.5, -2.0]), new RidgeModel(back).Predict([1.5, -2.0]));
    }

    [Fact]
    public void BadInput_IsRejectedNamingTheRowAndColumn()
    {
        var x = new double[10, 2];
        var y = new double[10];
        for (var i = 0; i < 10; i++)
        {
            x[i, 0] = i;
            x[i, 1] = i * i;
        }

        x[6, 1] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => RidgeRegression.Fit(x, y, 1.0));
        Assert.Contains("row 6, column 1", e.Message, StringComparison.Ordinal);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => RidgeRegression.Fit(new double[3, 2], new double[3], 1.0)).ParamName);
        Assert.Equal("penalty", Assert.Throws<ArgumentOutOfRangeException>(() => RidgeRegression.Fit(new double[5, 2], new double[5], -1.0)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => RidgeRegression.Fit(new double[5, 2], new double[4], 1.0)).ParamName);
    }
}
