using Quant.Orleans.Core;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Learning.Tests.Training;

public sealed class ResumableAdamWTests
{
    [Fact]
    public void UpdatesBitForBitAsOptimAdamW()
    {
        // 37 elements: two 512-bit blocks and a scalar tail.
        var random = new DeterministicRandom(8);
        var start = Initializers.Normal(random, 0, 1, 37);
        var (a, b) = (Tensor.FromArray(start.ToArray(), 37), Tensor.FromArray(start.ToArray(), 37));
        var reference = new AdamW([a], 1e-2f, weightDecay: 0.05f);
        var resumable = new ResumableAdamW([b], 0.05f);
        for (var step = 0; step < 25; step++)
        {
            var g = Initializers.Normal(random, 0, 1 + step, 37);
            a.Grad = Tensor.FromArray(g.ToArray(), 37);
            b.Grad = Tensor.FromArray(g.ToArray(), 37);
            var lr = LearningRateSchedule.WarmupCosine(step, 1e-2f, 5, 25);
            reference.LearningRate = lr;
            reference.Step();
            resumable.Step(lr);
            Assert.Equal(a.ToArray(), b.ToArray());
        }
    }
}
