using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quant.Orleans.Numerics.LinearAlgebra;

/// <summary>
/// Small dense kernels on row-major spans for the per-tick path: Cholesky factorisation with a counted jitter
/// fallback, triangular solves and symmetrisation. Allocation-free; matrices are square, n × n, stored row-major
/// (element (i, j) at <c>i * n + j</c>). Intended for the small dimensions of state-space filters (n ≲ 20).
/// </summary>
public static class DenseMath
{
    /// <summary>Relative size of the first jitter added to the diagonal: 1e-12 times the mean absolute diagonal.</summary>
    public const double InitialRelativeJitter = 1e-12;

    /// <summary>How many times the jitter is multiplied by 10 before <see cref="CholeskyWithJitter"/> gives up.</summary>
    public const int MaxJitterAttempts = 12;

    /// <summary>
    /// Computes, in place, the lower Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ
    /// (Golub and Van Loan, Matrix Computations, 4th ed., Algorithm 4.2.1). Only the lower triangle of
    /// <paramref name="a"/> is read; on success the strict upper triangle is set to zero.
    /// </summary>
    /// <param name="a">Matrix of shape (n, n), row-major; overwritten by L.</param>
    /// <param name="n">The dimension.</param>
    /// <returns>False when a pivot is not strictly positive or not finite (A not numerically positive-definite);
    /// <paramref name="a"/> is then partly overwritten.</returns>
    public static bool TryCholeskyInPlace(Span<double> a, int n)
    {
        if (a.Length < n * n)
        {
            throw new ArgumentException($"Matrix span length {a.Length} is smaller than n*n = {n * n}.", nameof(a));
        }

        ref var a0 = ref MemoryMarshal.GetReference(a);
        for (var j = 0; j < n; j++)
        {
            var d = Unsafe.Add(ref a0, (j * n) + j);
            for (var k = 0; k < j; k++)
            {
                var l = Unsafe.Add(ref a0, (j * n) + k);
                d -= l * l;
            }

            if (!(d > 0.0) || !double.IsFinite(d))
            {
                return false;
            }

            var ljj = Math.Sqrt(d);
            Unsafe.Add(ref a0, (j * n) + j) = ljj;
            var inv = 1.0 / ljj;
            for (var i = j + 1; i < n; i++)
            {
                var s = Unsafe.Add(ref a0, (i * n) + j);
                for (var k = 0; k < j; k++)
                {
                    s -= Unsafe.Add(ref a0, (i * n) + k) * Unsafe.Add(ref a0, (j * n) + k);
                }

                Unsafe.Add(ref a0, (i * n) + j) = s * inv;
            }

            for (var k = j + 1; k < n; k++)
            {
                Unsafe.Add(ref a0, (j * n) + k) = 0.0;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes the lower Cholesky factor of <paramref name="source"/> into <paramref name="factor"/>. When the plain
    /// factorisation fails, adds δ·I with δ = <see cref="InitialRelativeJitter"/> × mean |diagonal| (or 1e-300 for a zero
    /// diagonal), multiplied by 10 on each retry, up to <see cref="MaxJitterAttempts"/> tries; the caller counts the
    /// returned number of jitter attempts (0 when none was needed).
    /// </summary>
    /// <param name="source">Symmetric matrix of shape (n, n), row-major; not modified.</param>
    /// <param name="factor">Output of shape (n, n): L, lower triangular.</param>
    /// <param name="n">The dimension.</param>
    /// <returns>The number of jittered attempts used (0 when A was factorised as is).</returns>
    /// <exception cref="InvalidOperationException">The matrix holds a non-finite entry or is not positive-definite even
    /// after the largest jitter.</exception>
    public static int CholeskyWithJitter(ReadOnlySpan<double> source, Span<double> factor, int n)
    {
        source[..(n * n)].CopyTo(factor);
        if (TryCholeskyInPlace(factor, n))
        {
            return 0;
        }

        var meanDiag = 0.0;
        for (var i = 0; i < n; i++)
        {
            meanDiag += Math.Abs(source[(i * n) + i]);
        }

        meanDiag /= n;
        if (!double.IsFinite(meanDiag))
        {
            throw new InvalidOperationException($"Cholesky failed: the matrix has a non-finite diagonal (mean |diag| = {meanDiag}).");
        }

        var jitter = InitialRelativeJitter * (meanDiag > 0.0 ? meanDiag : 1e-288);
        for (var attempt = 1; attempt <= MaxJitterAttempts; attempt++)
        {
            source[..(n * n)].CopyTo(factor);
            for (var i = 0; i < n; i++)
            {
                factor[(i * n) + i] += jitter;
            }

            if (TryCholeskyInPlace(factor, n))
            {
                return attempt;
            }

            jitter *= 10.0;
        }

        throw new InvalidOperationException(
            $"Cholesky failed: the {n}x{n} matrix is not positive-definite even with a diagonal jitter of {jitter / 10.0:E3} (mean |diag| = {meanDiag:E3}).");
    }

    /// <summary>
    /// Solves A·x = b in place, given the lower Cholesky factor L of A (forward substitution L·y = b, then back
    /// substitution Lᵀ·x = y).
    /// </summary>
    /// <param name="factor">L of shape (n, n), row-major.</param>
    /// <param name="n">The dimension.</param>
    /// <param name="rhs">b of length n on entry, x on return.</param>
    public static void CholeskySolveInPlace(ReadOnlySpan<double> factor, int n, Span<double> rhs)
    {
        ref var l0 = ref MemoryMarshal.GetReference(factor);
        ref var b0 = ref MemoryMarshal.GetReference(rhs);
        if (factor.Length < n * n || rhs.Length < n)
        {
            throw new ArgumentException($"Span lengths (factor {factor.Length}, rhs {rhs.Length}) are too small for n = {n}.", nameof(rhs));
        }

        for (var i = 0; i < n; i++)
        {
            var s = Unsafe.Add(ref b0, i);
            for (var k = 0; k < i; k++)
            {
                s -= Unsafe.Add(ref l0, (i * n) + k) * Unsafe.Add(ref b0, k);
            }

            Unsafe.Add(ref b0, i) = s / Unsafe.Add(ref l0, (i * n) + i);
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var s = Unsafe.Add(ref b0, i);
            for (var k = i + 1; k < n; k++)
            {
                s -= Unsafe.Add(ref l0, (k * n) + i) * Unsafe.Add(ref b0, k);
            }

            Unsafe.Add(ref b0, i) = s / Unsafe.Add(ref l0, (i * n) + i);
        }
    }

    /// <summary>Sets A ← (A + Aᵀ)/2 in place, for a square matrix of shape (n, n).</summary>
    /// <param name="a">The matrix, row-major.</param>
    /// <param name="n">The dimension.</param>
    public static void SymmetriseInPlace(Span<double> a, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var v = 0.5 * (a[(i * n) + j] + a[(j * n) + i]);
                a[(i * n) + j] = v;
                a[(j * n) + i] = v;
            }
        }
    }

    /// <summary>log det A = 2 Σ log Lᵢᵢ from the lower Cholesky factor L of A.</summary>
    /// <param name="factor">L of shape (n, n), row-major.</param>
    /// <param name="n">The dimension.</param>
    /// <returns>The natural logarithm of the determinant of A.</returns>
    public static double LogDeterminantFromCholesky(ReadOnlySpan<double> factor, int n)
    {
        var s = 0.0;
        for (var i = 0; i < n; i++)
        {
            s += Math.Log(factor[(i * n) + i]);
        }

        return 2.0 * s;
    }
}
