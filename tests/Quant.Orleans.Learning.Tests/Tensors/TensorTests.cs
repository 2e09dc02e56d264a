using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Tensors;

public sealed class TensorTests
{
    [Fact]
    public void ViewsShareTheBufferWithoutCopy()
    {
        var x = Tensor.FromArray([0, 1, 2, 3, 4, 5], 2, 3);
        var t = x.Transpose(0, 1);
        Assert.Equal([3, 2], t.Shape);
        Assert.False(t.IsContiguous);
        Assert.Equal([0f, 3, 1, 4, 2, 5], t.ToArray());
        var s = x.Slice(1, 1, 2);
        Assert.Equal([1f, 2, 4, 5], s.ToArray());
        var r = x.Reshape(3, -1);
        x[0] = 9f;
        Assert.Equal(9f, r[0]);
        Assert.Equal(9f, t[0]);
    }

    [Fact]
    public void BroadcastShapeFollowsNumPyRules()
    {
        Assert.Equal([2, 3, 4], ShapeUtil.Broadcast([3, 1], [2, 1, 4]));
        Assert.Throws<ArgumentException>(() => ShapeUtil.Broadcast([3], [4]));
    }

    [Fact]
    public void InitialisersAreSeeded()
    {
        var a = Initializers.XavierUniform(new DeterministicRandom(5), 4, 3).ToArray();
        var b = Initializers.XavierUniform(new DeterministicRandom(5), 4, 3).ToArray();
        Assert.Equal(a, b);
        var bound = MathF.Sqrt(6f / 7f);
        Assert.All(a, v => Assert.InRange(v, -bound, bound));
        var n = Initializers.Normal(new DeterministicRandom(6), 0f, 1f, 10000).ToArray();
        Assert.InRange(n.Average(), -0.05, 0.05);
    }

    // Shapes cover the 6×16 kernel and its edge tiles, the 512-bit 6×32 and 12×16 kernels (full and partial row
    // panels), the vectorised packing (k a multiple of 8, and a remainder) and two k blocks (k > 256); pad > 0 makes
    // every leading dimension larger than the matrix (sub-matrix of a larger buffer, offset 5).
    [Theory]
    [InlineData(1, 1, 1, 0)]
    [InlineData(7, 19, 33, 0)]
    [InlineData(130, 70, 300, 0)]
    [InlineData(64, 64, 64, 0)]
    [InlineData(64, 16, 64, 3)]
    [InlineData(18, 33, 17, 5)]
    [InlineData(24, 96, 264, 2)]
    public void GemmMatchesNaiveProductForAllTransposes(int m, int n, int k, int pad)
    {
        var rng = new DeterministicRandom(11);
        const int Offset = 5;
        foreach (var ta in new[] { false, true })
        {
            foreach (var tb in new[] { false, true })
            {
                var (lda, ldb, ldc) = ((ta ? m : k) + pad, (tb ? k : n) + pad, n + pad);
                var a = Initializers.Uniform(rng, -1, 1, Offset + ((ta ? k : m) * lda)).ToArray();
                var b = Initializers.Uniform(rng, -1, 1, Offset + ((tb ? n : k) * ldb)).ToArray();
                var c = Initializers.Uniform(rng, -1, 1, Offset + (m * ldc)).ToArray();
                var c0 = (float[])c.Clone();
                var accumulate = pad % 2 == 1;
                Gemm.Multiply(ta, tb, m, n, k, a, Offset, lda, b, Offset, ldb, c, Offset, ldc, accumulate);
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var s = accumulate ? c0[Offset + (i * ldc) + j] : 0.0;
                        for (var p = 0; p < k; p++)
                        {
                            s += (double)(ta ? a[Offset + (p * lda) + i] : a[Offset + (i * lda) + p]) * (tb ? b[Offset + (j * ldb) + p] : b[Offset + (p * ldb) + j]);
                        }

                        Assert.True(Math.Abs(s - c[Offset + (i * ldc) + j]) < 1e-4 * Math.Max(1, Math.Abs(s)), $"({i},{j}) {s} vs {c[Offset + (i * ldc) + j]} ta={ta} tb={tb}");
                    }

                    // Padding between rows of C is never written.
                    for (var j = n; j < ldc && i < m - 1; j++)
                    {
                        Assert.Equal(c0[Offset + (i * ldc) + j], c[Offset + (i * ldc) + j]);
                    }
                }
            }
        }
    }

    [Fact]
    public void EndStepReturnsOperationBuffersToThePool()
    {
        var w = Tensor.Ones(8, 8);
        w.RequiresGrad = true;
        var e = Ops.Exp(w);
        Ops.SumAll(e).Backward();
        Assert.Equal(64, e.Buffer.Length);
        GradientTape.Current.EndStep();
        Assert.True(e.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => e.Buffer);
        Assert.Equal(64, w.Buffer.Length);
        Assert.NotNull(w.Grad);
        Assert.False(w.IsReleased);
    }
}
