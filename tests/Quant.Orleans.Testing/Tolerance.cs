using Xunit;

namespace Quant.Orleans.Testing;

/// <summary>
/// The one place where numeric tolerances live, each with the reason it is what it is
/// (after dotnet/runtime's test <c>Helpers.cs</c>).
/// </summary>
public static class Tolerance
{
    /// <summary>Two double-precision computations of the same formula in a different order: a few ulps per operation.</summary>
    public const double SameFormulaDouble = 1e-12;

    /// <summary>Two different double-precision algorithms for the same quantity (e.g. UKF vs exact Kalman filter on a
    /// linear model, closed form vs iterative solver): rounding grows with the condition number, 1e-9 relative.</summary>
    public const double DifferentAlgorithmDouble = 1e-9;

    /// <summary>Values read from a fixture written by another implementation with 17 significant digits.</summary>
    public const double FixtureDouble = 1e-10;

    /// <summary>Central finite differences in float32 (step 1e-2, loss summed in double) against an analytic
    /// gradient: truncation error O(h² · third derivative) plus float32 rounding of the loss (about
    /// 1e-7 · |loss| / h), so 5e-3 relative above 1 and absolute below.</summary>
    public const double FiniteDifferenceFloat32 = 5e-3;

    /// <summary>Learning (float32) against PyTorch (float32) on the same inputs: both round every operation to
    /// float32 but sum in a different order (blocked SIMD GEMM and vectorised reductions here, MKL-DNN/OpenBLAS
    /// there), so results differ by a few ulps times the reduction length: 1e-5 relative above 1, absolute below.</summary>
    public const double TorchParityFloat32 = 1e-5;

    /// <summary>OLS statistics against statsmodels (the ADF t-statistic, its MacKinnon p-value and the information
    /// criteria): statsmodels solves least squares by the pseudo-inverse (SVD) and here by Householder QR, and the
    /// regressors (a level near 100, a trend up to n, differences near 1) have a condition number up to about 1e5,
    /// so the two differ by about 1e-16 · 1e5 · a few; 1e-8 relative above 1, absolute below, leaves a margin.</summary>
    public const double StatsmodelsOlsDouble = 1e-8;

    /// <summary>Asserts |expected - actual| &lt;= tol · max(1, |expected|) (relative above 1, absolute below).</summary>
    public static void AssertClose(double expected, double actual, double tol, string? what = null)
    {
        var scale = Math.Max(1.0, Math.Abs(expected));
        var err = Math.Abs(expected - actual);
        if (!(err <= tol * scale))
        {
            Assert.Fail($"{what ?? "value"}: expected {expected:R}, got {actual:R}, |error| {err:E3} > {tol:E1} x {scale:G4}.");
        }
    }

    /// <summary>Element-wise <see cref="AssertClose(double, double, double, string?)"/> with the failing index named.</summary>
    public static void AssertAllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tol, string? what = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], tol, $"{what ?? "value"}[{i}]");
        }
    }
}
