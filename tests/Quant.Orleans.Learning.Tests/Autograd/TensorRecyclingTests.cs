using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Autograd;

/// <summary>Recycling of step and inference-scope tensors (<see cref="GradientTape"/>'s ownership rule): results do
/// not depend on it, released tensors refuse use, parameters and tensors made outside a step are never released.</summary>
public sealed class TensorRecyclingTests
{
    [Fact]
    public void TwentyStepsWithRecyclingEqualTwentyStepsWithoutBitwise()
    {
        var recycled = Train(recycle: true);
        var fresh = Train(recycle: false);
        Assert.Equal(fresh.Losses, recycled.Losses);
        Assert.Equal(fresh.Parameters.Length, recycled.Parameters.Length);
        for (var i = 0; i < fresh.Parameters.Length; i++)
        {
            Assert.Equal(fresh.Parameters[i], recycled.Parameters[i]);
        }

        // The run learned something, so the comparison covers changing values.
        Assert.True(recycled.Losses[^1] < recycled.Losses[0], $"loss {recycled.Losses[0]} -> {recycled.Losses[^1]}");
    }

    private static (float[] Losses, float[][] Parameters) Train(bool recycle)
    {
        var tape = GradientTape.Current;
        var saved = tape.RecycleTensors;
        tape.RecycleTensors = recycle;
        try
        {
            var random = new DeterministicRandom(11);
            var model = new TransformerEncoder(2, 16, 4, 32, random, dropout: 0.1f);
            var opt = new AdamW(model.Parameters(), 3e-3f);
            var x = Initializers.Normal(random, 0, 1, 3, 8, 16);
            var y = Initializers.Normal(random, 0, 1, 3, 8, 16);
            var losses = new float[20];
            for (var step = 0; step < losses.Length; step++)
            {
                opt.ZeroGrad();
                var loss = MseLoss.Compute(model.Forward(x), y);
                loss.Backward();
                losses[step] = loss.ToScalar();
                opt.Step();
                tape.EndStep();
            }

            return (losses, model.Parameters().Select(p => p.ToArray()).ToArray());
        }
        finally
        {
            tape.RecycleTensors = saved;
        }
    }

    [Fact]
    public void ReleasedOutputsThrowAndTheirObjectsAreReused()
    {
        var tape = GradientTape.Current;
        tape.EndStep();
        var w = Tensor.Ones(4, 4);
        w.RequiresGrad = true;
        var input = Tensor.Full(2f, 4, 4);
        var h = Ops.Mul(w, input);
        var loss = Ops.SumAll(h);
        loss.Backward();
        Assert.Equal(32f, loss.ToScalar());
        tape.EndStep();

        Assert.True(h.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => loss.ToScalar());
        Assert.Throws<ObjectDisposedException>(() => h.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => h.ToArray());
        Assert.Null(h.Grad);

        // Parameters, their gradients and tensors made outside the step stay valid.
        Assert.False(w.IsReleased);
        Assert.False(input.IsReleased);
        Assert.Equal(Enumerable.Repeat(2f, 16), w.Grad!.ToArray());

        // The next step's outputs are the released objects, re-initialised.
        var free = tape.FreeTensorCount;
        Assert.True(free > 0);
        var again = Ops.Mul(w, input);
        Assert.Equal(free - 1, tape.FreeTensorCount);
        Assert.False(again.IsReleased);
        Assert.Null(again.Grad);
        Assert.Equal(Enumerable.Repeat(2f, 16), again.ToArray());
        tape.EndStep();
    }

    [Fact]
    public void InferenceOutputsAreReleasedAtTheEndOfTheScopeOnly()
    {
        var random = new DeterministicRandom(4);
        var model = new TransformerEncoder(1, 8, 2, 16, random);
        var x = Initializers.Normal(random, 0, 1, 1, 4, 8);
        Tensor y;
        using (GradientTape.Inference())
        {
            y = model.Forward(x);
            using (GradientTape.Inference())
            {
                var inner = Ops.Exp(y);
                Assert.False(inner.IsReleased);
            }

            // The inner scope released only its own outputs.
            Assert.False(y.IsReleased);
            Assert.Equal(32, y.ToArray().Length);
        }

        Assert.True(y.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => y.CopyTo(new float[32]));
        Assert.False(x.IsReleased);
    }

    [Fact]
    public void OutputsOfTheSameShapeShareInternedShapeArrays()
    {
        var a = Tensor.Zeros(3, 5);
        var b = Tensor.Ones(3, 5);
        using (GradientTape.Inference())
        {
            var c = Ops.Add(a, b);
            var d = Ops.Reshape(Ops.Mul(a, b), 3, 5);
            Assert.Same(a.Shape, b.Shape);
            Assert.Same(a.Shape, c.Shape);
            Assert.Same(c.Shape, d.Shape);
            Assert.Same(c.Strides, d.Strides);
            Assert.Equal([5, 1], d.Strides);
            var t = Ops.Transpose(c, 0, 1);
            Assert.Equal([5, 3], t.Shape);
            Assert.Equal([1, 5], t.Strides);
        }
    }
}
