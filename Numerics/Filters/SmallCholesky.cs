using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quant.Orleans.Numerics.LinearAlgebra;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The per-tick Cholesky factorisation of the filters' small covariances (n ≲ 10): Cholesky–Crout by columns
/// (Golub and Van Loan, Matrix Computations, 4th ed., Algorithm 4.2.1) that reads the lower triangle of the source and
/// writes the factor directly (no copy, no bounds checks), falling back to
/// <see cref="DenseMath.CholeskyWithJitter"/> when a pivot is not strictly positive and finite.
/// </summary>
internal static class SmallCholesky
{
    /// <summary>Writes the lower factor L of the symmetric matrix <paramref name="source"/> into <paramref name="factor"/>
    /// (strict upper triangle zero).</summary>
    /// <param name="source">A, shape (n, n), row-major; only the lower triangle is read.</param>
    /// <param name="factor">L, shape (n, n), row-major.</param>
    /// <param name="n">The dimension.</param>
    /// <returns>The number of jittered attempts (0 when A was factorised as is).</returns>
    /// <exception cref="InvalidOperationException">A is not positive-definite even after the largest jitter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Factor(double[] source, double[] factor, int n)
    {
        Debug.Assert(source.Length >= n * n && factor.Length >= n * n, "Invariant: both matrices hold n*n values.");
        ref var a0 = ref MemoryMarshal.GetArrayDataReference(source);
        ref var l0 = ref MemoryMarshal.GetArrayDataReference(factor);
        for (var j = 0; j < n; j++)
        {
            ref var lj = ref Unsafe.Add(ref l0, j * n);
            var d = Unsafe.Add(ref a0, (j * n) + j);
            for (var k = 0; k < j; k++)
            {
                var v = Unsafe.Add(ref lj, k);
                d -= v * v;
            }

            if (!(d > 0.0) || !double.IsFinite(d))
            {
                return DenseMath.CholeskyWithJitter(source, factor, n);
            }

            var ljj = Math.Sqrt(d);
            Unsafe.Add(ref lj, j) = ljj;
            for (var k = j + 1; k < n; k++)
            {
                Unsafe.Add(ref lj, k) = 0.0;
            }

            var inv = 1.0 / ljj;
            for (var i = j + 1; i < n; i++)
            {
                ref var li = ref Unsafe.Add(ref l0, i * n);
                var s = Unsafe.Add(ref a0, (i * n) + j);
                for (var k = 0; k < j; k++)
                {
                    s -= Unsafe.Add(ref li, k) * Unsafe.Add(ref lj, k);
                }

                Unsafe.Add(ref li, j) = s * inv;
            }
        }

        return 0;
    }
}
