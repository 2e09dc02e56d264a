using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Matrix product with the blocked SIMD <see cref="Gemm"/>: a of shape (m, k) or (batch…, m, k); b of shape
    /// (k, n) (shared by every batch) or (batch…, k, n) with the same batch axes. Output (batch…, m, n).
    /// A transpose view of the last two axes is read without a copy.
    /// </summary>
    /// <exception cref="ArgumentException">The inner dimensions or the batch axes differ.</exception>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank < 2 || b.Rank < 2 || a.Shape[^1] != b.Shape[^2])
        {
            throw new ArgumentException($"MatMul needs (…, m, k) · (…, k, n); got {ShapeUtil.Format(a.Shape)} · {ShapeUtil.Format(b.Shape)}.", nameof(b));
        }

        var (m, k, n) = (a.Shape[^2], a.Shape[^1], b.Shape[^1]);
        if (b.Rank == 2 && a.Rank > 2 && a.IsContiguous)
        {
            // Shared right operand: one large GEMM over all rows.
            var rows = a.Length / k;
            var flat = MatMul(Reshape(a, rows, k), b);
            Span<int> outShape = stackalloc int[a.Rank];
            a.Shape.CopyTo(outShape);
            outShape[^1] = n;
            return Reshape(flat, outShape);
        }

        if (b.Rank != a.Rank || !a.Shape.AsSpan(0, a.Rank - 2).SequenceEqual(b.Shape.AsSpan(0, b.Rank - 2)))
        {
            throw new ArgumentException($"MatMul batch axes differ: {ShapeUtil.Format(a.Shape)} · {ShapeUtil.Format(b.Shape)}.", nameof(b));
        }

        var ma = Matrices(a);
        var mb = Matrices(b);
        var batch = a.Length / (m * k);
        Span<int> shape = stackalloc int[a.Rank];
        a.Shape.CopyTo(shape);
        shape[^1] = n;
        var y = Tensor.CreateOutput(shape);
        BatchedGemm(batch, ma.Trans, mb.Trans, m, n, k, ma, mb, new(y.Buffer, y.Offset, n, m * n, false), accumulate: false);
        if (GradientTape.ShouldRecord(ma.Source, mb.Source))
        {
            ref var node = ref GradientTape.Current.Record(y, MatMulBackward);
            (node.A, node.B, node.C, node.D) = (a, b, ma.Source, mb.Source);
            (node.I0, node.I1, node.I2, node.I3) = (m, n, k, batch);
            (node.I4, node.I5, node.I6, node.I7, node.Flag0, node.Flag1) = (ma.Ld, ma.BatchStride, mb.Ld, mb.BatchStride, ma.Trans, mb.Trans);
        }

        return y;
    }

    private static void MatMulBackward(in TapeNode node)
    {
        var (a, b, y) = (node.A!, node.B!, node.Output);
        var (m, n, k, batch) = (node.I0, node.I1, node.I2, node.I3);
        var ma = new MatrixView(node.C!.Buffer, node.C.Offset, node.I4, node.I5, node.Flag0);
        var mb = new MatrixView(node.D!.Buffer, node.D.Offset, node.I6, node.I7, node.Flag1);
        var g = new MatrixView(y.Grad!.Buffer, y.Grad.Offset, n, m * n, false);
        if (a.RequiresGrad)
        {
            // dA (m, k) = G (m, n) · op(B)ᵀ
            var ga = a.EnsureGrad();
            BatchedGemm(batch, false, !mb.Trans, m, k, n, g, mb, new(ga.Buffer, ga.Offset, k, m * k, false), accumulate: true);
        }

        if (b.RequiresGrad)
        {
            // dB (k, n) = op(A)ᵀ · G
            var gb = b.EnsureGrad();
            BatchedGemm(batch, !ma.Trans, false, k, n, m, ma, g, new(gb.Buffer, gb.Offset, n, k * n, false), accumulate: true);
        }
    }

    /// <summary>Affine map x·Wᵀ + b as PyTorch's <c>F.linear</c>: input of shape (*, in), weight of shape (out, in),
    /// bias of shape (out) or null; output of shape (*, out).</summary>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        var (outF, inF) = (weight.Shape[0], weight.Shape[1]);
        if (weight.Rank != 2 || x.Shape[^1] != inF || (bias is not null && bias.Length != outF))
        {
            throw new ArgumentException($"Linear needs input (*, {inF}), weight (out, in), bias (out); got {ShapeUtil.Format(x.Shape)}, {ShapeUtil.Format(weight.Shape)}.", nameof(x));
        }

        x = x.Contiguous();
        weight = weight.Contiguous();
        var rows = x.Length / inF;
        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[^1] = outF;
        var y = Tensor.CreateOutput(shape);
        if (bias is not null)
        {
            // Every row starts as the bias and the product accumulates onto it (one pass over y fewer).
            var ys = y.Span;
            var bs = bias.Contiguous().Span;
            for (var r = 0; r < rows; r++)
            {
                bs.CopyTo(ys.Slice(r * outF, outF));
            }
        }

        Gemm.Multiply(false, true, rows, outF, inF, x.Buffer, x.Offset, inF, weight.Buffer, weight.Offset, inF, y.Buffer, y.Offset, outF, accumulate: bias is not null);

        if (GradientTape.IsEnabled && (x.RequiresGrad || weight.RequiresGrad || bias?.RequiresGrad == true))
        {
            ref var node = ref GradientTape.Current.Record(y, LinearBackward);
            (node.A, node.B, node.C, node.I0, node.I1, node.I2) = (x, weight, bias, rows, inF, outF);
        }

        return y;
    }

    private static void LinearBackward(in TapeNode node)
    {
        var (x, weight, bias, rows, inF, outF) = (node.A!, node.B!, node.C, node.I0, node.I1, node.I2);
        var g = node.Output.Grad!;
        if (x.RequiresGrad)
        {
            var gx = x.EnsureGrad();
            Gemm.Multiply(false, false, rows, inF, outF, g.Buffer, g.Offset, outF, weight.Buffer, weight.Offset, inF, gx.Buffer, gx.Offset, inF, accumulate: true);
        }

        if (weight.RequiresGrad)
        {
            var gw = weight.EnsureGrad();
            Gemm.Multiply(true, false, outF, inF, rows, g.Buffer, g.Offset, outF, x.Buffer, x.Offset, inF, gw.Buffer, gw.Offset, inF, accumulate: true);
        }

        if (bias?.RequiresGrad == true)
        {
            var gb = bias.EnsureGrad().Span;
            var gs = g.Span;
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(gb, gs.Slice(r * outF, outF), gb);
            }
        }
    }

    /// <summary>A batch of matrices in a buffer: batch b starts at Offset + b·BatchStride; Trans means stored as the
    /// transpose with leading dimension Ld.</summary>
    private readonly record struct MatrixView(float[] Buffer, int Offset, int Ld, int BatchStride, bool Trans)
    {
        public Tensor Source { get; init; } = null!;
    }

    /// <summary>Describes the last two axes of t as matrices without copying when they are row-major or a transpose
    /// view, and the batch axes are uniformly strided; otherwise copies.</summary>
    private static MatrixView Matrices(Tensor t)
    {
        var r = t.Rank;
        var (rows, cols) = (t.Shape[^2], t.Shape[^1]);
        var (s0, s1) = (t.Strides[^2], t.Strides[^1]);
        var batchOk = true;
        var batchStride = rows * cols;
        if (r > 2)
        {
            batchStride = t.Strides[r - 3];
            var expect = batchStride;
            for (var d = r - 3; d >= 0; d--)
            {
                if (t.Shape[d] != 1 && t.Strides[d] != expect)
                {
                    batchOk = false;
                }

                expect *= t.Shape[d];
            }
        }

        if (batchOk && (s1 == 1 || cols == 1) && s0 >= cols)
        {
            return new MatrixView(t.Buffer, t.Offset, s0, batchStride, false) { Source = t };
        }

        if (batchOk && (s0 == 1 || rows == 1) && s1 >= rows)
        {
            return new MatrixView(t.Buffer, t.Offset, s1, batchStride, true) { Source = t };
        }

        var c = t.Contiguous();
        return new MatrixView(c.Buffer, c.Offset, cols, rows * cols, false) { Source = c };
    }

    private static unsafe void BatchedGemm(int batch, bool transA, bool transB, int m, int n, int k, MatrixView a, MatrixView b, MatrixView c, bool accumulate)
    {
        if (batch == 1)
        {
            Gemm.Multiply(transA, transB, m, n, k, a.Buffer, a.Offset, a.Ld, b.Buffer, b.Offset, b.Ld, c.Buffer, c.Offset, c.Ld, accumulate);
            return;
        }

        if (!accumulate)
        {
            Array.Clear(c.Buffer, c.Offset, batch * m * n);
        }

        fixed (float* pa = a.Buffer, pb = b.Buffer, pc = c.Buffer)
        {
            var pa0 = pa + a.Offset;
            var pb0 = pb + b.Offset;
            var pc0 = pc + c.Offset;
            var chunks = Math.Min(batch, Environment.ProcessorCount);
            if (chunks <= 1 || (long)batch * m * n * k < Gemm.ParallelThreshold)
            {
                Gemm.MultiplySerialBatch(batch, transA, transB, m, n, k, pa0, a.BatchStride, a.Ld, pb0, b.BatchStride, b.Ld, pc0, c.BatchStride, c.Ld);
                return;
            }

            // One contiguous range of matrices per core: one loop iteration (and one pair of packing buffers) per
            // core instead of per matrix; the job object and its delegate are reused by this thread's next call.
            var job = _batchJob ??= new BatchJob();
            (job.A, job.B, job.C) = ((nint)pa0, (nint)pb0, (nint)pc0);
            (job.AStride, job.BStride, job.CStride, job.Lda, job.Ldb, job.Ldc) = (a.BatchStride, b.BatchStride, c.BatchStride, a.Ld, b.Ld, c.Ld);
            (job.Batch, job.Chunks, job.TransA, job.TransB, job.M, job.N, job.K) = (batch, chunks, transA, transB, m, n, k);
            CoreParallel.For(chunks, job.Body);
        }
    }

    [ThreadStatic]
    private static BatchJob? _batchJob;

    /// <summary>The arguments of one batched product, split into <see cref="Chunks"/> contiguous ranges of matrices.</summary>
    private sealed unsafe class BatchJob
    {
        public BatchJob() => Body = Run;

        public Action<int> Body { get; }

        public nint A { get; set; }

        public nint B { get; set; }

        public nint C { get; set; }

        public int AStride { get; set; }

        public int BStride { get; set; }

        public int CStride { get; set; }

        public int Lda { get; set; }

        public int Ldb { get; set; }

        public int Ldc { get; set; }

        public int Batch { get; set; }

        public int Chunks { get; set; }

        public bool TransA { get; set; }

        public bool TransB { get; set; }

        public int M { get; set; }

        public int N { get; set; }

        public int K { get; set; }

        private void Run(int chunk)
        {
            var start = (int)((long)Batch * chunk / Chunks);
            var count = (int)((long)Batch * (chunk + 1) / Chunks) - start;
            Gemm.MultiplySerialBatch(
                count, TransA, TransB, M, N, K,
                (float*)A + ((long)start * AStride), AStride, Lda,
                (float*)B + ((long)start * BStride), BStride, Ldb,
                (float*)C + ((long)start * CStride), CStride, Ldc);
        }
    }
}
