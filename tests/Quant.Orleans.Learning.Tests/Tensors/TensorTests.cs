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

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 19, 33)]
    [InlineData(130, 70, 300)]
    public void GemmMatchesNaiveProductForAllTransposes(int m, int n, int k)
    {
        var rng = new DeterministicRandom(11);
        foreach (var ta in new[] { false, true })
        {
            foreach (var tb in new[] { false, true })
            {
                var a = Initializers.Uniform(rng, -1, 1, m * k).ToArray();
                var b = Initializers.Uniform(rng, -1, 1, k * n).ToArray();
                var c = new float[m * n];
                Gemm.Multiply(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c, 0, n, accumulate: false);
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var s = 0.0;
                        for (var p = 0; p < k; p++)
                        {
                            s += (double)(ta ? a[(p * m) + i] : a[(i * k) + p]) * (tb ? b[(j * k) + p] : b[(p * n) + j]);
                        }

                        Assert.True(Math.Abs(s - c[(i * n) + j]) < 1e-4 * Math.Max(1, Math.Abs(s)), $"({i},{j}) {s} vs {c[(i * n) + j]} ta={ta} tb={tb}");
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
