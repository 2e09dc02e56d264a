using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>Packing of the GEMM operands into the micro-kernels' layouts: B into KC×16 column panels, A into 6×KC
/// k-interleaved row panels, with 8×8 register transposes for the transposed cases.</summary>
public static unsafe partial class Gemm
{
    /// <summary>Packs op(B)[p0:p0+kc, j0:j0+nc] into panels of 16 columns, kc rows each, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(bool transB, float* b, int ldb, int p0, int j0, int kc, int nc, float* dst)
    {
        for (var jp = 0; jp < nc; jp += Nr)
        {
            var w = Math.Min(Nr, nc - jp);
            var panel = dst + (jp * kc);
            var p = 0;
            if (transB && w == Nr && Avx.IsSupported)
            {
                // op(B) = Bᵀ: 8×8 blocks of B (rows j, columns p) transposed in registers, 8 k-rows of the panel at a time.
                var src = b + ((j0 + jp) * (long)ldb) + p0;
                for (; p + 8 <= kc; p += 8)
                {
                    Transpose8x8(src + p, ldb, panel + (p * Nr), Nr);
                    Transpose8x8(src + (8L * ldb) + p, ldb, panel + (p * Nr) + 8, Nr);
                }
            }

            for (; p < kc; p++)
            {
                var row = panel + (p * Nr);
                if (!transB)
                {
                    var src = b + ((p0 + p) * (long)ldb) + j0 + jp;
                    if (w == Nr)
                    {
                        Vector256.Store(Vector256.Load(src), row);
                        Vector256.Store(Vector256.Load(src + 8), row + 8);
                        continue;
                    }

                    for (var j = 0; j < w; j++)
                    {
                        row[j] = src[j];
                    }
                }
                else
                {
                    for (var j = 0; j < w; j++)
                    {
                        row[j] = b[((j0 + jp + j) * (long)ldb) + p0 + p];
                    }
                }

                for (var j = w; j < Nr; j++)
                {
                    row[j] = 0f;
                }
            }
        }
    }

    /// <summary>Writes the transpose of the 8×8 block at <paramref name="src"/> (leading dimension
    /// <paramref name="lds"/>) to <paramref name="dst"/> (leading dimension <paramref name="ldd"/>): AVX unpack,
    /// shuffle and 128-bit lane permutes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(float* src, long lds, float* dst, long ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + (2 * lds));
        var r3 = Avx.LoadVector256(src + (3 * lds));
        var r4 = Avx.LoadVector256(src + (4 * lds));
        var r5 = Avx.LoadVector256(src + (5 * lds));
        var r6 = Avx.LoadVector256(src + (6 * lds));
        var r7 = Avx.LoadVector256(src + (7 * lds));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * ldd), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * ldd), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * ldd), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * ldd), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * ldd), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * ldd), Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>Packs op(A)[i0:i0+mc, p0:p0+kc] into panels of 6 rows, interleaved by k, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(bool transA, float* a, int lda, int i0, int p0, int mc, int kc, float* dst)
    {
        for (var ip = 0; ip < mc; ip += Mr)
        {
            var h = Math.Min(Mr, mc - ip);
            var panel = dst + (ip * kc);
            if (h == Mr && transA)
            {
                // op(A) = Aᵀ: the 6 values of step p are contiguous in A's row p0 + p.
                var src = a + (p0 * (long)lda) + i0 + ip;
                for (var p = 0; p < kc; p++)
                {
                    var from = src + (p * (long)lda);
                    var to = panel + (p * Mr);
                    Vector128.Store(Vector128.Load(from), to);
                    to[4] = from[4];
                    to[5] = from[5];
                }

                continue;
            }

            if (h == Mr && Avx.IsSupported && kc >= 8)
            {
                // 6 rows × 8 steps transposed in registers (two zero rows); each 8-float store of step p spills 2
                // floats into step p + 1, which the next store overwrites. The last store of a block is cut to 6.
                var src = a + ((i0 + ip) * (long)lda) + p0;
                var p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    PackA6x8(src + p, lda, panel + (p * Mr), p + 8 == kc);
                }

                for (; p < kc; p++)
                {
                    for (var r = 0; r < Mr; r++)
                    {
                        panel[(p * Mr) + r] = src[(r * (long)lda) + p];
                    }
                }

                continue;
            }

            for (var r = 0; r < Mr; r++)
            {
                if (r >= h)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * Mr) + r] = 0f;
                    }

                    continue;
                }

                var i = i0 + ip + r;
                if (!transA)
                {
                    var src = a + (i * (long)lda) + p0;
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * Mr) + r] = src[p];
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * Mr) + r] = a[((p0 + p) * (long)lda) + i];
                    }
                }
            }
        }
    }

    /// <summary>Whether the 512-bit micro-kernels run (AVX-512: two B panels, or two A panels, per call).</summary>
    internal static readonly bool Wide = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>Writes steps 0..7 of 6 rows (leading dimension <paramref name="lda"/>) k-interleaved: dst[p·6 + r]
    /// = src[r·lda + p]. With <paramref name="last"/> the final step is written without spilling past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackA6x8(float* src, long lda, float* dst, bool last)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lda);
        var r2 = Avx.LoadVector256(src + (2 * lda));
        var r3 = Avx.LoadVector256(src + (3 * lda));
        var r4 = Avx.LoadVector256(src + (4 * lda));
        var r5 = Avx.LoadVector256(src + (5 * lda));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var z = Vector256<float>.Zero;
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, z, 0x44);
        var s5 = Avx.Shuffle(t4, z, 0xEE);
        var s6 = Avx.Shuffle(t5, z, 0x44);
        var s7 = Avx.Shuffle(t5, z, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + Mr, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * Mr), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * Mr), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * Mr), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * Mr), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * Mr), Avx.Permute2x128(s2, s6, 0x31));
        var v7 = Avx.Permute2x128(s3, s7, 0x31);
        if (last)
        {
            var to = dst + (7 * Mr);
            Vector128.Store(v7.GetLower(), to);
            to[4] = v7.GetElement(4);
            to[5] = v7.GetElement(5);
        }
        else
        {
            Avx.Store(dst + (7 * Mr), v7);
        }
    }
}
