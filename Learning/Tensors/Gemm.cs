using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>
/// Single-precision general matrix multiply C (+)= op(A) · op(B), blocked after Goto and van de Geijn (2008) / BLIS:
/// B is packed into KC×16 column panels, A into 6×KC row panels, and a 6×16 register-blocked micro-kernel of
/// <see cref="Vector256{T}"/> fused multiply-adds computes each tile. Row blocks run in parallel on all cores.
/// </summary>
public static unsafe partial class Gemm
{
    private const int Mr = 6;
    private const int Nr = 16;
    private const int Kc = 256;
    private const int Mc = 96;
    private const int Nc = 2048;

    /// <summary>Below this many multiply-adds (m·n·k) a product runs on the calling thread: waking the helper core
    /// costs more than it saves (a 64×64×64 product takes about 4 µs on one core; split in two it was slower on the
    /// shared two-core machine).</summary>
    internal const long ParallelThreshold = 1L << 19;

    private static float[]? _packB;
    private static readonly Lock PackBLock = new();
    private static readonly Lock PackPoolLock = new();
    private static readonly Stack<float[]> PackAPool = new();
    private static readonly Stack<float[]> PackBPool = new();

    /// <summary>
    /// Computes C = op(A)·op(B) (or C += op(A)·op(B) when <paramref name="accumulate"/>), op(A) of shape (m, k),
    /// op(B) of shape (k, n), C of shape (m, n) with leading dimension <paramref name="ldc"/>; op transposes when
    /// the flag is set (A stored as (k, m) with leading dimension <paramref name="lda"/>, likewise B).
    /// <paramref name="parallel"/> spreads row blocks over the cores.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        float[] a, int aOffset, int lda,
        float[] b, int bOffset, int ldb,
        float[] c, int cOffset, int ldc,
        bool accumulate, bool parallel = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (!accumulate)
        {
            for (var i = 0; i < m; i++)
            {
                Array.Clear(c, cOffset + (i * ldc), n);
            }
        }

        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        // Small products, and those with a single row block: one thread, pooled packing buffers, safe to call in parallel.
        var small = !parallel || (long)m * n * k < ParallelThreshold || m <= Mc;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (small && parallel && m <= Mc && n >= 2 * Nr && (long)m * n * k >= ParallelThreshold && Environment.ProcessorCount > 1)
            {
                // One row block (e.g. a weight gradient, m = out features, k = batch rows): split the columns
                // instead, in multiples of 16 so every element sums in the same order as on one thread.
                var job = _columnJob ??= new ColumnJob();
                job.Set(transA, transB, m, n, k, pa + aOffset, lda, pb + bOffset, ldb, pc + cOffset, ldc, Math.Min(Environment.ProcessorCount, n / Nr));
                CoreParallel.For(job.Chunks, job.Body);
                return;
            }

            if (small)
            {
                MultiplySerial(transA, transB, m, n, k, pa + aOffset, lda, pb + bOffset, ldb, pc + cOffset, ldc);
                return;
            }

            lock (PackBLock)
            {
                _packB ??= new float[Kc * (Nc + Nr)];
                var packB = _packB;
                fixed (float* pbp = packB)
                {
                    for (var jc = 0; jc < n; jc += Nc)
                    {
                        var nc = Math.Min(Nc, n - jc);
                        for (var p0 = 0; p0 < k; p0 += Kc)
                        {
                            var kc = Math.Min(Kc, k - p0);
                            PackB(transB, pb + bOffset, ldb, p0, jc, kc, nc, pbp);

                            // The job's fields are only touched under PackBLock, so one static job serves every call.
                            (_jobA, _jobTransA, _jobLda, _jobP0, _jobKc, _jobNc, _jobM) = ((nint)(pa + aOffset), transA, lda, p0, kc, nc, m);
                            (_jobPackB, _jobC, _jobLdc) = ((nint)pbp, (nint)(pc + cOffset + jc), ldc);
                            CoreParallel.For((m + Mc - 1) / Mc, RowBlockBody);
                        }
                    }
                }
            }
        }
    }

    [ThreadStatic]
    private static ColumnJob? _columnJob;

    /// <summary>A product split into <see cref="Chunks"/> ranges of columns (multiples of 16), each on one thread.</summary>
    private sealed class ColumnJob
    {
        private nint _a;
        private nint _b;
        private nint _c;
        private bool _transA;
        private bool _transB;
        private int _m;
        private int _n;
        private int _k;
        private int _lda;
        private int _ldb;
        private int _ldc;

        public ColumnJob() => Body = Run;

        public Action<int> Body { get; }

        public int Chunks { get; private set; }

        public void Set(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, int chunks)
        {
            (_transA, _transB, _m, _n, _k, _lda, _ldb, _ldc, Chunks) = (transA, transB, m, n, k, lda, ldb, ldc, chunks);
            (_a, _b, _c) = ((nint)a, (nint)b, (nint)c);
        }

        private void Run(int chunk)
        {
            var panels = (_n + Nr - 1) / Nr;
            var j0 = panels * chunk / Chunks * Nr;
            var j1 = Math.Min(_n, panels * (chunk + 1) / Chunks * Nr);
            if (j1 <= j0)
            {
                return;
            }

            // Column j of op(B) starts at b + j (not transposed) or b + j·ldb (transposed).
            var b = (float*)_b + (_transB ? (long)j0 * _ldb : j0);
            MultiplySerial(_transA, _transB, _m, j1 - j0, _k, (float*)_a, _lda, b, _ldb, (float*)_c + j0, _ldc);
        }
    }

    private static nint _jobA;
    private static bool _jobTransA;
    private static int _jobLda;
    private static int _jobP0;
    private static int _jobKc;
    private static int _jobNc;
    private static int _jobM;
    private static nint _jobPackB;
    private static nint _jobC;
    private static int _jobLdc;
    private static readonly Action<int> RowBlockBody = RunRowBlock;

    /// <summary>Packs row block <paramref name="blk"/> of A and multiplies it by the packed panel of B.</summary>
    private static void RunRowBlock(int blk)
    {
        var i0 = blk * Mc;
        var mc = Math.Min(Mc, _jobM - i0);
        var packA = RentPack(PackAPool, PackASize);
        fixed (float* pap = packA)
        {
            PackA(_jobTransA, (float*)_jobA, _jobLda, i0, _jobP0, mc, _jobKc, pap);
            Macro(mc, _jobNc, _jobKc, pap, (float*)_jobPackB, (float*)_jobC + (i0 * _jobLdc), _jobLdc);
        }

        ReturnPack(PackAPool, packA);
    }

    /// <summary>The same product on the calling thread only, with thread-local packing buffers (for batched use).</summary>
    internal static void MultiplySerial(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        var packA = RentPack(PackAPool, PackASize);
        var packB = RentPack(PackBPool, PackBSize);
        MultiplySerial(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, packA, packB);
        ReturnPack(PackAPool, packA);
        ReturnPack(PackBPool, packB);
    }

    /// <summary>Runs <paramref name="count"/> independent products with the same shapes, matrix i at element offsets
    /// i·stride from each base pointer, on the calling thread with one pair of packing buffers.</summary>
    internal static void MultiplySerialBatch(
        int count, bool transA, bool transB, int m, int n, int k,
        float* a, long aStride, int lda, float* b, long bStride, int ldb, float* c, long cStride, int ldc)
    {
        var packA = RentPack(PackAPool, PackASize);
        var packB = RentPack(PackBPool, PackBSize);
        for (var i = 0; i < count; i++)
        {
            MultiplySerial(transA, transB, m, n, k, a + (i * aStride), lda, b + (i * bStride), ldb, c + (i * cStride), ldc, packA, packB);
        }

        ReturnPack(PackAPool, packA);
        ReturnPack(PackBPool, packB);
    }

    private const int PackASize = (Mc + Mr) * Kc;
    private const int PackBSize = Kc * (Nc + Nr);

    /// <summary>A packing buffer from a small lock-protected pool (one per concurrent caller, kept for reuse), so
    /// that thread-pool threads coming and going allocate nothing new in steady state.</summary>
    private static float[] RentPack(Stack<float[]> pool, int size)
    {
        lock (PackPoolLock)
        {
            if (pool.TryPop(out var buffer))
            {
                return buffer;
            }
        }

        return new float[size];
    }

    private static void ReturnPack(Stack<float[]> pool, float[] buffer)
    {
        lock (PackPoolLock)
        {
            pool.Push(buffer);
        }
    }

    private static void MultiplySerial(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, float[] packA, float[] packB)
    {
        fixed (float* pap = packA, pbp = packB)
        {
            for (var jc = 0; jc < n; jc += Nc)
            {
                var nc = Math.Min(Nc, n - jc);
                for (var p0 = 0; p0 < k; p0 += Kc)
                {
                    var kc = Math.Min(Kc, k - p0);
                    PackB(transB, b, ldb, p0, jc, kc, nc, pbp);
                    for (var i0 = 0; i0 < m; i0 += Mc)
                    {
                        var mc = Math.Min(Mc, m - i0);
                        PackA(transA, a, lda, i0, p0, mc, kc, pap);
                        Macro(mc, nc, kc, pap, pbp, c + (i0 * ldc) + jc, ldc);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(int mc, int nc, int kc, float* packA, float* packB, float* c, int ldc)
    {
        var tile = stackalloc float[Mr * 2 * Nr];
        var jp = 0;
        if (Wide)
        {
            // 6×32 tiles: one 512-bit accumulator per row and 16-column panel (12 in flight).
            for (; jp + (2 * Nr) <= nc; jp += 2 * Nr)
            {
                var b0 = packB + (jp * kc);
                var b1 = b0 + (Nr * kc);
                for (var ip = 0; ip < mc; ip += Mr)
                {
                    var h = Math.Min(Mr, mc - ip);
                    var dst = c + (ip * ldc) + jp;
                    if (h == Mr)
                    {
                        Kernel6x32(kc, packA + (ip * kc), b0, b1, dst, ldc);
                        continue;
                    }

                    new Span<float>(tile, Mr * 2 * Nr).Clear();
                    Kernel6x32(kc, packA + (ip * kc), b0, b1, tile, 2 * Nr);
                    for (var r = 0; r < h; r++)
                    {
                        for (var j = 0; j < 2 * Nr; j++)
                        {
                            dst[(r * ldc) + j] += tile[(r * 2 * Nr) + j];
                        }
                    }
                }
            }
        }

        for (; jp < nc; jp += Nr)
        {
            var w = Math.Min(Nr, nc - jp);
            var ip = 0;
            if (Wide && w == Nr)
            {
                // 12×16 tiles: two A panels against one B panel (12 accumulators in flight).
                for (; ip + (2 * Mr) <= mc; ip += 2 * Mr)
                {
                    Kernel12x16(kc, packA + (ip * kc), packA + ((ip + Mr) * kc), packB + (jp * kc), c + (ip * ldc) + jp, ldc);
                }
            }

            for (; ip < mc; ip += Mr)
            {
                var h = Math.Min(Mr, mc - ip);
                var dst = c + (ip * ldc) + jp;
                if (w == Nr && h == Mr)
                {
                    Kernel(kc, packA + (ip * kc), packB + (jp * kc), dst, ldc);
                    continue;
                }

                new Span<float>(tile, Mr * Nr).Clear();
                Kernel(kc, packA + (ip * kc), packB + (jp * kc), tile, Nr);
                for (var r = 0; r < h; r++)
                {
                    for (var j = 0; j < w; j++)
                    {
                        dst[(r * ldc) + j] += tile[(r * Nr) + j];
                    }
                }
            }
        }
    }

    /// <summary>C[0:6, 0:32] += Ap (6×kc) · [Bp0 Bp1] (two kc×16 panels), 512-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x32(int kc, float* ap, float* bp0, float* bp1, float* c, int ldc)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(bp0);
            var b1 = Vector512.Load(bp1);
            var a0 = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(ap[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(ap[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(ap[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(ap[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(ap[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            ap += Mr;
            bp0 += Nr;
            bp1 += Nr;
        }

        AddStore512(c, c00, c01);
        AddStore512(c + ldc, c10, c11);
        AddStore512(c + (2 * ldc), c20, c21);
        AddStore512(c + (3 * ldc), c30, c31);
        AddStore512(c + (4 * ldc), c40, c41);
        AddStore512(c + (5 * ldc), c50, c51);
    }

    /// <summary>C[0:12, 0:16] += [Ap0; Ap1] (two 6×kc panels) · Bp (kc×16), 512-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel12x16(int kc, float* ap0, float* ap1, float* bp, float* c, int ldc)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var p = 0; p < kc; p++)
        {
            var b = Vector512.Load(bp);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap0[0]), b, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(ap0[1]), b, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(ap0[2]), b, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(ap0[3]), b, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(ap0[4]), b, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(ap0[5]), b, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(ap1[0]), b, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(ap1[1]), b, c7);
            c8 = Vector512.FusedMultiplyAdd(Vector512.Create(ap1[2]), b, c8);
            c9 = Vector512.FusedMultiplyAdd(Vector512.Create(ap1[3]), b, c9);
            c10 = Vector512.FusedMultiplyAdd(Vector512.Create(ap1[4]), b, c10);
            c11 = Vector512.FusedMultiplyAdd(Vector512.Create(ap1[5]), b, c11);
            ap0 += Mr;
            ap1 += Mr;
            bp += Nr;
        }

        AddStore512(c, c0);
        AddStore512(c + ldc, c1);
        AddStore512(c + (2 * ldc), c2);
        AddStore512(c + (3 * ldc), c3);
        AddStore512(c + (4 * ldc), c4);
        AddStore512(c + (5 * ldc), c5);
        AddStore512(c + (6 * ldc), c6);
        AddStore512(c + (7 * ldc), c7);
        AddStore512(c + (8 * ldc), c8);
        AddStore512(c + (9 * ldc), c9);
        AddStore512(c + (10 * ldc), c10);
        AddStore512(c + (11 * ldc), c11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddStore512(float* c, Vector512<float> lo, Vector512<float> hi)
    {
        Vector512.Store(Vector512.Load(c) + lo, c);
        Vector512.Store(Vector512.Load(c + Nr) + hi, c + Nr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddStore512(float* c, Vector512<float> v) => Vector512.Store(Vector512.Load(c) + v, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>C[0:6, 0:16] += Ap (6×kc, k-interleaved) · Bp (kc×16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int kc, float* ap, float* bp, float* c, int ldc)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(bp);
            var b1 = Vector256.Load(bp + 8);
            var a0 = Vector256.Create(ap[0]);
            c00 = Fmadd(a0, b0, c00);
            c01 = Fmadd(a0, b1, c01);
            var a1 = Vector256.Create(ap[1]);
            c10 = Fmadd(a1, b0, c10);
            c11 = Fmadd(a1, b1, c11);
            var a2 = Vector256.Create(ap[2]);
            c20 = Fmadd(a2, b0, c20);
            c21 = Fmadd(a2, b1, c21);
            var a3 = Vector256.Create(ap[3]);
            c30 = Fmadd(a3, b0, c30);
            c31 = Fmadd(a3, b1, c31);
            var a4 = Vector256.Create(ap[4]);
            c40 = Fmadd(a4, b0, c40);
            c41 = Fmadd(a4, b1, c41);
            var a5 = Vector256.Create(ap[5]);
            c50 = Fmadd(a5, b0, c50);
            c51 = Fmadd(a5, b1, c51);
            ap += Mr;
            bp += Nr;
        }

        AddStore(c, c00, c01);
        AddStore(c + ldc, c10, c11);
        AddStore(c + (2 * ldc), c20, c21);
        AddStore(c + (3 * ldc), c30, c31);
        AddStore(c + (4 * ldc), c40, c41);
        AddStore(c + (5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddStore(float* c, Vector256<float> lo, Vector256<float> hi)
    {
        Vector256.Store(Vector256.Load(c) + lo, c);
        Vector256.Store(Vector256.Load(c + 8) + hi, c + 8);
    }
}
