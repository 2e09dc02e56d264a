using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;
using static Quant.Orleans.Learning.Tests.GradCheck;

namespace Quant.Orleans.Learning.Tests.Autograd;

/// <summary>Finite-difference gradient check of every operation (tolerance: Tolerance.FiniteDifferenceFloat32).</summary>
public sealed class GradCheckTests
{
    [Fact]
    public void MatMul2D() => Check(x => Ops.MatMul(x[0], x[1]), [Input(1, 5, 7), Input(2, 7, 3)]);

    [Fact]
    public void MatMulLargeUsesBlockedGemm() => Check(x => Ops.MatMul(x[0], x[1]), [Input(1, 40, 37), Input(2, 37, 35)], eps: 1e-2f);

    [Fact]
    public void BatchedMatMulWithTransposeView() =>
        Check(x => Ops.MatMul(x[0], Ops.Transpose(x[1], 1, 2)), [Input(3, 3, 4, 5), Input(4, 3, 6, 5)]);

    [Fact]
    public void MatMulSharedRightOperand() => Check(x => Ops.MatMul(x[0], x[1]), [Input(5, 2, 3, 4), Input(6, 4, 5)]);

    [Fact]
    public void Linear() => Check(x => Ops.Linear(x[0], x[1], x[2]), [Input(1, 2, 3, 4), Input(2, 5, 4), Input(3, 5)]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void BinaryBroadcast(int op)
    {
        Func<Tensor, Tensor, Tensor> f = op switch { 0 => Ops.Add, 1 => Ops.Sub, 2 => Ops.Mul, _ => Ops.Div };
        Check(x => f(x[0], x[1]), [Input(1, 3, 4), Positive(2, 3, 4)]);
        Check(x => f(x[0], x[1]), [Input(3, 2, 3, 4), Positive(4, 4)]);
        Check(x => f(x[0], x[1]), [Input(5, 3, 1), Positive(6, 1, 4)]);
    }

    [Fact]
    public void Scalars() => Check(x => Ops.Neg(Ops.AddScalar(Ops.MulScalar(x[0], 3f), 2f)), [Input(1, 4, 3)]);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void SumAndMean(int axis, bool keep)
    {
        Check(x => Ops.Sum(x[0], axis, keep), [Input(1, 3, 4, 2)]);
        Check(x => Ops.Mean(x[0], axis, keep), [Input(2, 3, 4, 2)]);
    }

    [Fact]
    public void MaxOverAxis()
    {
        // Distinct values 0.1 apart, so that the finite-difference step never changes which element is largest.
        var x = Tensor.FromArray(Enumerable.Range(0, 30).Select(i => (i * 7 % 30) * 0.1f).ToArray(), 3, 5, 2);
        x.RequiresGrad = true;
        Check(t => Ops.Max(t[0], 1), [x]);
    }

    [Fact]
    public void SumAllMeanAll() => Check(x => Ops.Add(Ops.SumAll(x[0]), Ops.MeanAll(x[0])), [Input(1, 3, 5)]);

    [Fact]
    public void ExpLogSqrtPow()
    {
        Check(x => Ops.Exp(x[0]), [Input(1, 3, 4)]);
        Check(x => Ops.Log(x[0]), [Positive(2, 3, 4)]);
        Check(x => Ops.Sqrt(x[0]), [Positive(3, 3, 4)]);
        Check(x => Ops.Pow(x[0], 2.5f), [Positive(4, 3, 4)]);
        Check(x => Ops.Square(x[0]), [Input(5, 3, 4)]);
    }

    [Fact]
    public void AbsClampRelu()
    {
        Check(x => Ops.Abs(x[0]), [AwayFromZero(1, 3, 4)]);
        Check(x => Ops.Clamp(x[0], -0.7f, 0.9f), [AwayFromZero(2, 4, 5)], eps: 1e-3f);
        Check(x => Ops.Relu(x[0]), [AwayFromZero(3, 3, 4)]);
    }

    [Fact]
    public void SmoothActivations()
    {
        Check(x => Ops.Gelu(x[0]), [Input(1, 3, 4)]);
        Check(x => Ops.Silu(x[0]), [Input(2, 3, 4)]);
        Check(x => Ops.Tanh(x[0]), [Input(3, 3, 4)]);
        Check(x => Ops.Sigmoid(x[0]), [Input(4, 3, 4)]);
        Check(x => Ops.Softplus(x[0]), [Input(5, 3, 4)]);
    }

    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        Check(x => Ops.Softmax(x[0]), [Input(1, 3, 5)]);
        Check(x => Ops.LogSoftmax(x[0]), [Input(2, 2, 3, 5)]);

        // Rows of 16: the 512-bit row path (where available), and the fused scale.
        Check(x => Ops.Softmax(x[0]), [Input(6, 2, 16)]);
        Check(x => Ops.ScaledSoftmax(x[0], 0.7f), [Input(7, 2, 16)]);
    }

    [Fact]
    public void LayerNormAndRmsNorm()
    {
        Check(x => Ops.LayerNorm(x[0], x[1], x[2]), [Input(1, 3, 6), Input(2, 6), Input(3, 6)]);
        Check(x => Ops.RmsNorm(x[0], x[1]), [Input(4, 3, 6), Input(5, 6)]);

        // Rows of 16: the 512-bit row path (where available).
        Check(x => Ops.LayerNorm(x[0], x[1], x[2]), [Input(6, 2, 16), Input(7, 16), Input(8, 16)]);
        Check(x => Ops.RmsNorm(x[0], x[1]), [Input(9, 2, 16), Input(10, 16)]);
    }

    [Fact]
    public void Dropout()
    {
        Check(x => Ops.Dropout(x[0], 0.3f, training: true, new DeterministicRandom(9)), [Input(1, 4, 5)]);
    }

    [Fact]
    public void EmbeddingAndGather()
    {
        Check(x => Ops.Embedding(x[0], [2, 0, 2, 3], 2, 2), [Input(1, 4, 3)]);
        Check(x => Ops.Gather(x[0], [0, 2, 1, 1, 3, 0]), [Input(2, 3, 4)]);
    }

    [Fact]
    public void ConcatStackSliceReshape()
    {
        Check(x => Ops.Concat([x[0], x[1], x[2]], 1), [Input(1, 2, 3, 2), Input(2, 2, 1, 2), Input(8, 2, 2, 2)]);
        Check(x => Ops.Stack([x[0], x[1]], 1), [Input(3, 2, 3), Input(4, 2, 3)]);
        Check(x => Ops.Reshape(Ops.Slice(x[0], 1, 1, 2), 4, -1), [Input(5, 2, 4, 3)]);
        Check(x => Ops.Concat(x[0], x[1], 1), [Input(6, 2, 3, 2), Input(7, 2, 1, 2)]);
    }

    [Fact]
    public void UnfoldWithOverlappingAndGappedWindows()
    {
        Check(x => Ops.Unfold(x[0], 1, 3, 2), [Input(1, 2, 9)]);
        Check(x => Ops.Unfold(x[0], 1, 2, 3), [Input(2, 2, 9, 3)]);
        Check(x => Ops.Unfold(x[0], 0, 4, 1), [Input(3, 6, 2)]);
    }

    [Fact]
    public void AttentionWithCausalMaskPaddingAndBias()
    {
        bool[] padding = [false, false, false, true, false, false, true, true];
        Check(
            x => Ops.ScaledDotProductAttention(x[0], x[1], x[2], causal: true, keyPadding: padding, bias: x[3]),
            [Input(1, 2, 2, 4, 3), Input(2, 2, 2, 4, 3), Input(3, 2, 2, 4, 3), Input(4, 2, 4, 4)]);
    }

    [Fact]
    public void LGammaAndDigamma()
    {
        Check(x => Ops.LGamma(x[0]), [Positive(1, 3, 4)], eps: 1e-3f);
        Check(x => Ops.Digamma(x[0]), [Positive(2, 3, 4)], eps: 1e-3f);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Input(1, 3);
        Ops.SumAll(x).Backward();
        Ops.SumAll(Ops.MulScalar(x, 2f)).Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.Equal(3f, g));
        x.ZeroGrad();
        Assert.All(x.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void NoGradAndDetachRecordNothing()
    {
        var x = Input(1, 3);
        using (GradientTape.NoGrad())
        {
            Assert.False(Ops.Exp(x).RequiresGrad);
        }

        Assert.False(Ops.Exp(x.Detach()).RequiresGrad);
        Assert.True(Ops.Exp(x).RequiresGrad);
        GradientTape.Current.Clear();
    }
}
