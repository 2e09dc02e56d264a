using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>
/// The maximal overlap discrete wavelet transform (Percival and Walden, 2000, "Wavelet Methods for Time Series
/// Analysis", ch. 5), by the pyramid algorithm (P&amp;W eqs. 177a–b):
/// <c>W̃ⱼ,ₜ = Σₗ h̃ₗ Ṽⱼ₋₁,(t − 2ʲ⁻¹l) mod M</c>, <c>Ṽⱼ,ₜ = Σₗ g̃ₗ Ṽⱼ₋₁,(t − 2ʲ⁻¹l) mod M</c>, Ṽ₀ = X; its inverse
/// (P&amp;W eq. 178) <c>Ṽⱼ₋₁,ₜ = Σₗ h̃ₗ W̃ⱼ,(t + 2ʲ⁻¹l) mod M + Σₗ g̃ₗ Ṽⱼ,(t + 2ʲ⁻¹l) mod M</c>; and the
/// multiresolution analysis X = Σⱼ D̃ⱼ + S̃_J (P&amp;W eq. 199b). Energy is preserved:
/// ‖X‖² = Σⱼ ‖W̃ⱼ‖² + ‖Ṽ_J‖². Relation to PyWavelets 1.1.1 (<c>pywt.swt(x, w, J, norm=True, trim_approx=True)</c>,
/// whose filters are g = <c>dec_lo</c>): W̃ⱼ,ₜ = −cDⱼ[(t − sⱼ) mod M] and Ṽ_J,ₜ = cA_J[(t − s_J) mod M] with
/// sⱼ = (L/2)(2ʲ − 1); see docs/numerics.md. Any length N ≥ 1 (no power-of-two restriction). Not causal as a whole
/// (the inverse reads later coefficients); the forward coefficient at t reads only X at t and earlier (mod M).
/// </summary>
public static class Modwt
{
    /// <summary>Computes the MODWT of <paramref name="series"/> to <paramref name="levels"/> levels.</summary>
    /// <param name="series">X of length N ≥ 1, finite.</param>
    /// <param name="filter">The wavelet filter.</param>
    /// <param name="levels">J ≥ 1.</param>
    /// <param name="boundary">Periodic (M = N) or reflection (M = 2N).</param>
    /// <returns>The coefficients.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    /// <exception cref="ArgumentException">The series is empty or holds a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is below 1 or above 20.</exception>
    public static ModwtDecomposition Transform(ReadOnlySpan<double> series, WaveletFilter filter, int levels, ModwtBoundary boundary = ModwtBoundary.Periodic)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (series.IsEmpty)
        {
            throw new ArgumentException("The series must not be empty.", nameof(series));
        }

        if (levels is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "levels must lie in [1, 20].");
        }

        for (var i = 0; i < series.Length; i++)
        {
            if (!double.IsFinite(series[i]))
            {
                throw new ArgumentException($"series[{i}] = {series[i]} is not finite.", nameof(series));
            }
        }

        var n = series.Length;
        var m = boundary == ModwtBoundary.Reflection ? 2 * n : n;
        var v = new double[m];
        series.CopyTo(v);
        if (boundary == ModwtBoundary.Reflection)
        {
            for (var i = 0; i < n; i++)
            {
                v[n + i] = series[n - 1 - i];
            }
        }

        var details = new double[levels][];
        var next = new double[m];
        for (var j = 1; j <= levels; j++)
        {
            details[j - 1] = new double[m];
            ForwardLevel(v, filter, j, details[j - 1], next);
            (v, next) = (next, v);
        }

        return new ModwtDecomposition(filter, boundary, n, details, v);
    }

    /// <summary>Reconstructs the series from (possibly modified) coefficients by the inverse pyramid.</summary>
    /// <param name="decomposition">The coefficients.</param>
    /// <returns>X of length N (for reflection: the first N of the 2N reconstructed values).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decomposition"/> is null.</exception>
    public static double[] Inverse(ModwtDecomposition decomposition)
    {
        ArgumentNullException.ThrowIfNull(decomposition);
        var m = decomposition.TransformLength;
        var v = (double[])decomposition.Smooth.Clone();
        var prev = new double[m];
        for (var j = decomposition.Levels; j >= 1; j--)
        {
            InverseLevel(decomposition.Details[j - 1], v, decomposition.Filter, j, prev);
            (v, prev) = (prev, v);
        }

        return v.AsSpan(0, decomposition.SeriesLength).ToArray();
    }

    /// <summary>
    /// The multiresolution analysis: details D̃ⱼ (the inverse of W̃ⱼ alone) and the smooth S̃_J (the inverse of Ṽ_J
    /// alone), each of length N, with X = Σⱼ D̃ⱼ + S̃_J (P&amp;W eq. 199b).
    /// </summary>
    /// <param name="decomposition">The coefficients.</param>
    /// <returns>J + 1 arrays of length N: D̃₁ … D̃_J, then S̃_J.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decomposition"/> is null.</exception>
    public static double[][] MultiresolutionAnalysis(ModwtDecomposition decomposition)
    {
        ArgumentNullException.ThrowIfNull(decomposition);
        var levels = decomposition.Levels;
        var m = decomposition.TransformLength;
        var result = new double[levels + 1][];
        var zeros = new double[m];
        for (var k = 0; k <= levels; k++)
        {
            var details = new double[levels][];
            for (var j = 0; j < levels; j++)
            {
                details[j] = j == k ? decomposition.Details[j] : zeros;
            }

            var smooth = k == levels ? decomposition.Smooth : zeros;
            result[k] = Inverse(new ModwtDecomposition(decomposition.Filter, decomposition.Boundary, decomposition.SeriesLength, details, smooth));
        }

        return result;
    }

    /// <summary>One forward pyramid level on a periodic buffer: from Ṽⱼ₋₁ (length M) writes W̃ⱼ and Ṽⱼ. Allocation-free.</summary>
    /// <param name="previous">Ṽⱼ₋₁, length M.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="level">j ≥ 1.</param>
    /// <param name="wavelet">Output W̃ⱼ, length M.</param>
    /// <param name="scaling">Output Ṽⱼ, length M; must not alias <paramref name="previous"/>.</param>
    internal static void ForwardLevel(ReadOnlySpan<double> previous, WaveletFilter filter, int level, Span<double> wavelet, Span<double> scaling)
    {
        var m = previous.Length;
        var step = 1 << (level - 1);
        var h = filter.Wavelet;
        var g = filter.Scaling;
        var len = h.Length;
        ref var v0 = ref MemoryMarshal.GetReference(previous);
        ref var w0 = ref MemoryMarshal.GetReference(wavelet);
        ref var s0 = ref MemoryMarshal.GetReference(scaling);
        var span = (long)step * (len - 1);

        // Interior t ≥ span: no wrap, straight convolution; the first samples wrap modulo M.
        for (var t = 0; t < m; t++)
        {
            double wa = 0.0, sa = 0.0;
            if (t >= span)
            {
                var k = t;
                for (var l = 0; l < len; l++, k -= step)
                {
                    var x = Unsafe.Add(ref v0, k);
                    wa += h[l] * x;
                    sa += g[l] * x;
                }
            }
            else
            {
                for (var l = 0; l < len; l++)
                {
                    var k = (int)(((t - ((long)step * l)) % m + m) % m);
                    var x = Unsafe.Add(ref v0, k);
                    wa += h[l] * x;
                    sa += g[l] * x;
                }
            }

            Unsafe.Add(ref w0, t) = wa;
            Unsafe.Add(ref s0, t) = sa;
        }
    }

    private static void InverseLevel(ReadOnlySpan<double> wavelet, ReadOnlySpan<double> scaling, WaveletFilter filter, int level, Span<double> previous)
    {
        var m = scaling.Length;
        var step = 1 << (level - 1);
        var h = filter.Wavelet;
        var g = filter.Scaling;
        for (var t = 0; t < m; t++)
        {
            var acc = 0.0;
            for (var l = 0; l < h.Length; l++)
            {
                var k = (int)((t + ((long)step * l)) % m);
                acc += (h[l] * wavelet[k]) + (g[l] * scaling[k]);
            }

            previous[t] = acc;
        }
    }
}
