using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Autograd;

/// <summary>Runs alone (no other test allocates meanwhile), so process-wide allocation counts belong to the code
/// under test.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// After warm-up, a training step (forward, MSE loss, backward, AdamW, <see cref="GradientTape.EndStep"/>) and a
/// single-sample inference of a 2-layer pre-norm encoder (d 64, 4 heads, ff 256) allocate nothing: measured on the
/// calling thread and process-wide (the GEMM's helper threads included). The batch of 16 sequences of 64 steps takes
/// every GEMM path (row blocks on both cores, column split of weight gradients, batched attention products split
/// across cores, serial small products). Each check takes the least of several windows, so an unrelated runtime
/// allocation (JIT, tiering) in one window does not fail it, while an allocation made by every step does.
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class SteadyStateAllocationTests
{
    [Fact]
    public void TrainingStepAllocatesNothing()
    {
        var random = new DeterministicRandom(2);
        var model = new TransformerEncoder(2, 64, 4, 256, random);
        var opt = new AdamW(model.Parameters(), 1e-3f);
        var x = Initializers.Normal(random, 0, 1, 16, 64, 64);
        var y = Initializers.Normal(random, 0, 1, 16, 64, 64);
        void Step()
        {
            opt.ZeroGrad();
            MseLoss.Compute(model.Forward(x), y).Backward();
            opt.Step();
            GradientTape.Current.EndStep();
        }

        var (thread, total) = Measure(Step, warmup: 40, steps: 3);
        Assert.True(thread == 0, $"{thread} bytes allocated on the calling thread per 3 steps");
        Assert.True(total == 0, $"{total} bytes allocated process-wide per 3 steps");
    }

    [Fact]
    public void PatchEmbeddingTrainingStepAllocatesNothing()
    {
        var random = new DeterministicRandom(8);
        var embedding = new ResidualPatchEmbedding(16, 8, 64, 32, random);
        var opt = new AdamW(embedding.Parameters(), 1e-3f);
        var series = Initializers.Normal(random, 0, 1, 8, 128);
        var target = Initializers.Normal(random, 0, 1, 8, 15, 32);
        void Step()
        {
            opt.ZeroGrad();
            MseLoss.Compute(embedding.Forward(series), target).Backward();
            opt.Step();
            GradientTape.Current.EndStep();
        }

        var (thread, total) = Measure(Step, warmup: 40, steps: 5);
        Assert.True(thread == 0, $"{thread} bytes allocated on the calling thread per 5 steps");
        Assert.True(total == 0, $"{total} bytes allocated process-wide per 5 steps");
    }

    [Fact]
    public void LiveInferenceOnBothCoresAllocatesNothing()
    {
        var random = new DeterministicRandom(6);
        var model = new TransformerEncoder(2, 64, 4, 256, random);
        var x = Initializers.Normal(random, 0, 1, 64, 64).ToArray();
        var y = new float[x.Length];
        var plan = new TransformerEncoderInference(model, 64);
        var (thread, total) = Measure(() => plan.Run(x, y, causal: true), warmup: 50, steps: 20);
        Assert.True(thread == 0, $"{thread} bytes allocated on the calling thread per 20 inferences");
        Assert.True(total == 0, $"{total} bytes allocated process-wide per 20 inferences");
    }

    [Fact]
    public void InferenceWithTheT5RelativeBiasAllocatesNothing()
    {
        var random = new DeterministicRandom(7);
        var model = new TransformerEncoder(2, 32, 4, 64, random, relativeBias: true);
        var one = Initializers.Normal(random, 0, 1, 1, 24, 32);
        var result = new float[24 * 32];
        void Infer()
        {
            using (GradientTape.Inference())
            {
                model.Forward(one, causal: true).CopyTo(result);
            }
        }

        var (thread, total) = Measure(Infer, warmup: 50, steps: 20);
        Assert.True(thread == 0, $"{thread} bytes allocated on the calling thread per 20 inferences");
        Assert.True(total == 0, $"{total} bytes allocated process-wide per 20 inferences");
    }

    [Fact]
    public void InferenceAllocatesNothing()
    {
        var random = new DeterministicRandom(2);
        var model = new TransformerEncoder(2, 64, 4, 256, random);
        var one = Initializers.Normal(random, 0, 1, 1, 64, 64);
        var result = new float[64 * 64];
        void Infer()
        {
            using (GradientTape.Inference())
            {
                model.Forward(one).CopyTo(result);
            }
        }

        var (thread, total) = Measure(Infer, warmup: 200, steps: 20);
        Assert.True(thread == 0, $"{thread} bytes allocated on the calling thread per 20 inferences");
        Assert.True(total == 0, $"{total} bytes allocated process-wide per 20 inferences");
        Assert.All(result, v => Assert.True(float.IsFinite(v)));
    }

    private static (long Thread, long Total) Measure(Action step, int warmup, int steps)
    {
        for (var i = 0; i < warmup; i++)
        {
            step();
        }

        var (bestThread, bestTotal) = (long.MaxValue, long.MaxValue);
        for (var window = 0; window < 5; window++)
        {
            var total0 = GC.GetTotalAllocatedBytes(precise: true);
            var thread0 = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < steps; i++)
            {
                step();
            }

            var thread = GC.GetAllocatedBytesForCurrentThread() - thread0;
            var total = GC.GetTotalAllocatedBytes(precise: true) - total0;
            bestThread = Math.Min(bestThread, thread);
            bestTotal = Math.Min(bestTotal, total);
        }

        return (bestThread, bestTotal);
    }
}
