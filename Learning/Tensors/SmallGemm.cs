using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Quant.Orleans.Learning.Autograd;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>What a <see cref="SmallGemm"/> tile does with its sums.</summary>
internal enum TileEpilogue
{
    /// <summary>C = sums.</summary>
    Store,

    /// <summary>C += sums (a residual connection).</summary>
    Accumulate,

    /// <summary>C = GELU(sums) (<see cref="GeluMath"/>, exact erf form).</summary>
    Gelu,
}

/// <summary>
/// Right-hand operand of <see cref="SmallGemm"/> packed once: Wᵀ of shape (K, N) with N a multiple of 16, stored
/// as column panels of 32 (the last one 16 wide when N is an odd multiple of 16), each K×width contiguous, so the
/// micro-kernel streams it; with a bias of N. Made from a layer's weight before inference (weights are constant there).
/// </summary>
internal sealed unsafe class PackedWeight
{
    private readonly float[] _data;
    private readonly float[] _bias;

    /// <summary>Packs <c>value(p, j)</c> for p &lt; <paramref name="k"/>, j &lt; <paramref name="n"/>.</summary>
    /// <exception cref="ArgumentException">n is not a positive multiple of 16.</exception>
    public PackedWeight(int k, int n, Func<int, int, float> value, Func<int, float> bias)
    {
        if (n <= 0 || n % 16 != 0 || k <= 0)
        {
            throw new ArgumentException($"A packed weight needs K > 0 and N a positive multiple of 16; got K {k}, N {n}.", nameof(n));
        }

        (K, N) = (k, n);
        _data = GC.AllocateArray<float>(k * n, pinned: true);
        _bias = GC.AllocateArray<float>(n, pinned: true);
        for (var j0 = 0; j0 < n; j0 += 32)
        {
            var width = Math.Min(32, n - j0);
            for (var p = 0; p < k; p++)
            {
                for (var c = 0; c < width; c++)
                {
                    _data[(j0 * k) + (p * width) + c] = value(p, j0 + c);
                }
            }
        }

        for (var j = 0; j < n; j++)
        {
            _bias[j] = bias(j);
        }
    }

    /// <summary>Rows of Wᵀ (the inner dimension).</summary>
    public int K { get; }

    /// <summary>Columns of Wᵀ (outputs), a multiple of 16.</summary>
    public int N { get; }

    /// <summary>C[rows, N] = A[rows, K]·Wᵀ + bias, then stored, added to C or passed through GELU as
    /// <paramref name="epilogue"/> says; rows a multiple of 8; A and C row-major with leading dimensions
    /// <paramref name="lda"/> and <paramref name="ldc"/>.</summary>
    public void Apply(float* a, int lda, int rows, float* c, int ldc, TileEpilogue epilogue)
    {
        fixed (float* w = _data, bias = _bias)
        {
            for (var j0 = 0; j0 < N; j0 += 32)
            {
                var width = Math.Min(32, N - j0);
                var panel = w + (j0 * K);
                for (var r = 0; r < rows; r += 8)
                {
                    SmallGemm.Tile(a + (r * lda), lda, panel, width, K, c + (r * ldc) + j0, ldc, bias + j0, width, epilogue);
                }
            }
        }
    }
}

/// <summary>
/// Register-blocked products for latency-bound inference, where every operand is in the L1 or L2 cache and packing
/// A would cost as much as the product: an 8-row × 32-column tile of 16 <see cref="Vector512{T}"/> accumulators
/// (AVX-512; 8×16 for a 16-wide tile), or 4-row × 16-column tiles of <see cref="Vector256{T}"/> elsewhere. Every
/// element is summed over k in order with fused multiply-adds, starting from the bias (or zero).
/// </summary>
internal static unsafe class SmallGemm
{
    /// <summary>Whether the 512-bit tiles are used; tests switch it off to check the 256-bit tiles on the same
    /// machine.</summary>
    internal static bool Wide { get; set; } = Gemm.Wide;

    /// <summary>Copies the block of <paramref name="rows"/> × <paramref name="cols"/> at <paramref name="src"/> (leading
    /// dimension <paramref name="lds"/>) transposed to <paramref name="dst"/> (leading dimension
    /// <paramref name="ldd"/>): dst[c, r] = src[r, c]. 8×8 blocks go through the GEMM packing's register transpose
    /// (<see cref="Gemm.Transpose8x8"/>); the ragged edges element by element.</summary>
    public static void Transpose(float* src, int lds, int rows, int cols, float* dst, int ldd)
    {
        var (r8, c8) = Avx.IsSupported ? (rows / 8 * 8, cols / 8 * 8) : (0, 0);
        for (var r = 0; r < r8; r += 8)
        {
            for (var c = 0; c < c8; c += 8)
            {
                Gemm.Transpose8x8(src + (r * lds) + c, lds, dst + (c * ldd) + r, ldd);
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = r < r8 ? c8 : 0; c < cols; c++)
            {
                dst[(c * ldd) + r] = src[(r * lds) + c];
            }
        }
    }

    /// <summary>C[rows, n] = A[rows, k]·B[k, n] (no bias, overwrite), each row r times rowScale[r] when
    /// <paramref name="rowScale"/> is given; rows a multiple of 8, n of 16; B row-major with leading dimension
    /// <paramref name="ldb"/>.</summary>
    public static void Multiply(float* a, int lda, int rows, float* b, int ldb, int k, int n, float* c, int ldc, float* rowScale = null)
    {
        for (var j0 = 0; j0 < n; j0 += 32)
        {
            var width = Math.Min(32, n - j0);
            for (var r = 0; r < rows; r += 8)
            {
                Tile(a + (r * lda), lda, b + j0, ldb, k, c + (r * ldc) + j0, ldc, null, width, TileEpilogue.Store, rowScale is null ? null : rowScale + r);
            }
        }
    }

    /// <summary>One 8-row tile of width 16 or 32: C (+)= bias + A·B over k, B row p at b + p·ldb; row r of the
    /// sums times rowScale[r] first when <paramref name="rowScale"/> is given.</summary>
    internal static void Tile(float* a, int lda, float* b, int ldb, int k, float* c, int ldc, float* bias, int width, TileEpilogue epilogue, float* rowScale = null)
    {
        if (Wide)
        {
            if (width == 32)
            {
                Tile8x32(a, lda, b, ldb, k, c, ldc, bias, epilogue, rowScale);
            }
            else
            {
                Tile8x16(a, lda, b, ldb, k, c, ldc, bias, epilogue, rowScale);
            }

            return;
        }

        for (var half = 0; half < width; half += 16)
        {
            var bh = bias is null ? null : bias + half;
            Tile4x16Narrow(a, lda, b + half, ldb, k, c + half, ldc, bh, epilogue, rowScale);
            Tile4x16Narrow(a + (4 * lda), lda, b + half, ldb, k, c + (4 * ldc) + half, ldc, bh, epilogue, rowScale is null ? null : rowScale + 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32(float* a, int lda, float* b, int ldb, int k, float* c, int ldc, float* bias, TileEpilogue epilogue, float* rowScale)
    {
        var (i0, i1) = bias is null ? (Vector512<float>.Zero, Vector512<float>.Zero) : (Vector512.Load(bias), Vector512.Load(bias + 16));
        Vector512<float> c00 = i0, c01 = i1, c10 = i0, c11 = i1, c20 = i0, c21 = i1, c30 = i0, c31 = i1;
        Vector512<float> c40 = i0, c41 = i1, c50 = i0, c51 = i1, c60 = i0, c61 = i1, c70 = i0, c71 = i1;
        float* a0 = a, a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (var p = 0; p < k; p++)
        {
            var w0 = Vector512.Load(b);
            var w1 = Vector512.Load(b + 16);
            b += ldb;
            var x = Vector512.Create(a0[p]);
            c00 = Vector512.FusedMultiplyAdd(x, w0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, w1, c01);
            x = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(x, w0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, w1, c11);
            x = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(x, w0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, w1, c21);
            x = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(x, w0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, w1, c31);
            x = Vector512.Create(a4[p]);
            c40 = Vector512.FusedMultiplyAdd(x, w0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, w1, c41);
            x = Vector512.Create(a5[p]);
            c50 = Vector512.FusedMultiplyAdd(x, w0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, w1, c51);
            x = Vector512.Create(a6[p]);
            c60 = Vector512.FusedMultiplyAdd(x, w0, c60);
            c61 = Vector512.FusedMultiplyAdd(x, w1, c61);
            x = Vector512.Create(a7[p]);
            c70 = Vector512.FusedMultiplyAdd(x, w0, c70);
            c71 = Vector512.FusedMultiplyAdd(x, w1, c71);
        }

        if (rowScale is not null)
        {
            (c00, c01) = (c00 * Vector512.Create(rowScale[0]), c01 * Vector512.Create(rowScale[0]));
            (c10, c11) = (c10 * Vector512.Create(rowScale[1]), c11 * Vector512.Create(rowScale[1]));
            (c20, c21) = (c20 * Vector512.Create(rowScale[2]), c21 * Vector512.Create(rowScale[2]));
            (c30, c31) = (c30 * Vector512.Create(rowScale[3]), c31 * Vector512.Create(rowScale[3]));
            (c40, c41) = (c40 * Vector512.Create(rowScale[4]), c41 * Vector512.Create(rowScale[4]));
            (c50, c51) = (c50 * Vector512.Create(rowScale[5]), c51 * Vector512.Create(rowScale[5]));
            (c60, c61) = (c60 * Vector512.Create(rowScale[6]), c61 * Vector512.Create(rowScale[6]));
            (c70, c71) = (c70 * Vector512.Create(rowScale[7]), c71 * Vector512.Create(rowScale[7]));
        }

        Store(c, c00, c01, epilogue);
        Store(c + ldc, c10, c11, epilogue);
        Store(c + (2 * ldc), c20, c21, epilogue);
        Store(c + (3 * ldc), c30, c31, epilogue);
        Store(c + (4 * ldc), c40, c41, epilogue);
        Store(c + (5 * ldc), c50, c51, epilogue);
        Store(c + (6 * ldc), c60, c61, epilogue);
        Store(c + (7 * ldc), c70, c71, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1, TileEpilogue epilogue)
    {
        Store(c, v0, epilogue);
        Store(c + 16, v1, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x16(float* a, int lda, float* b, int ldb, int k, float* c, int ldc, float* bias, TileEpilogue epilogue, float* rowScale)
    {
        var i0 = bias is null ? Vector512<float>.Zero : Vector512.Load(bias);
        Vector512<float> c0 = i0, c1 = i0, c2 = i0, c3 = i0, c4 = i0, c5 = i0, c6 = i0, c7 = i0;
        float* a0 = a, a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (var p = 0; p < k; p++)
        {
            var w = Vector512.Load(b);
            b += ldb;
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[p]), w, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[p]), w, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[p]), w, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[p]), w, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[p]), w, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a5[p]), w, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a6[p]), w, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a7[p]), w, c7);
        }

        if (rowScale is not null)
        {
            c0 *= Vector512.Create(rowScale[0]);
            c1 *= Vector512.Create(rowScale[1]);
            c2 *= Vector512.Create(rowScale[2]);
            c3 *= Vector512.Create(rowScale[3]);
            c4 *= Vector512.Create(rowScale[4]);
            c5 *= Vector512.Create(rowScale[5]);
            c6 *= Vector512.Create(rowScale[6]);
            c7 *= Vector512.Create(rowScale[7]);
        }

        Store(c, c0, epilogue);
        Store(c + ldc, c1, epilogue);
        Store(c + (2 * ldc), c2, epilogue);
        Store(c + (3 * ldc), c3, epilogue);
        Store(c + (4 * ldc), c4, epilogue);
        Store(c + (5 * ldc), c5, epilogue);
        Store(c + (6 * ldc), c6, epilogue);
        Store(c + (7 * ldc), c7, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v, TileEpilogue epilogue) =>
        (epilogue switch { TileEpilogue.Accumulate => v + Vector512.Load(c), TileEpilogue.Gelu => GeluMath.Apply(v), _ => v }).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x16Narrow(float* a, int lda, float* b, int ldb, int k, float* c, int ldc, float* bias, TileEpilogue epilogue, float* rowScale)
    {
        var (i0, i1) = bias is null ? (Vector256<float>.Zero, Vector256<float>.Zero) : (Vector256.Load(bias), Vector256.Load(bias + 8));
        Vector256<float> c00 = i0, c01 = i1, c10 = i0, c11 = i1, c20 = i0, c21 = i1, c30 = i0, c31 = i1;
        float* a0 = a, a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (var p = 0; p < k; p++)
        {
            var w0 = Vector256.Load(b);
            var w1 = Vector256.Load(b + 8);
            b += ldb;
            var x = Vector256.Create(a0[p]);
            c00 = Vector256.FusedMultiplyAdd(x, w0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, w1, c01);
            x = Vector256.Create(a1[p]);
            c10 = Vector256.FusedMultiplyAdd(x, w0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, w1, c11);
            x = Vector256.Create(a2[p]);
            c20 = Vector256.FusedMultiplyAdd(x, w0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, w1, c21);
            x = Vector256.Create(a3[p]);
            c30 = Vector256.FusedMultiplyAdd(x, w0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, w1, c31);
        }

        if (rowScale is not null)
        {
            (c00, c01) = (c00 * Vector256.Create(rowScale[0]), c01 * Vector256.Create(rowScale[0]));
            (c10, c11) = (c10 * Vector256.Create(rowScale[1]), c11 * Vector256.Create(rowScale[1]));
            (c20, c21) = (c20 * Vector256.Create(rowScale[2]), c21 * Vector256.Create(rowScale[2]));
            (c30, c31) = (c30 * Vector256.Create(rowScale[3]), c31 * Vector256.Create(rowScale[3]));
        }

        Store(c, c00, c01, epilogue);
        Store(c + ldc, c10, c11, epilogue);
        Store(c + (2 * ldc), c20, c21, epilogue);
        Store(c + (3 * ldc), c30, c31, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, TileEpilogue epilogue)
    {
        Store(c, v0, epilogue);
        Store(c + 8, v1, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v, TileEpilogue epilogue) =>
        (epilogue switch { TileEpilogue.Accumulate => v + Vector256.Load(c), TileEpilogue.Gelu => GeluMath.Apply(v), _ => v }).Store(c);
}
