using BenchmarkDotNet.Attributes;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// The learning workloads under BenchmarkDotNet's memory diagnoser (short in-process job,
/// <see cref="GridBenchmarkConfig"/>): one AdamW training step (forward, MSE loss, backward, update,
/// <see cref="GradientTape.EndStep"/>) of a 2-layer pre-norm transformer encoder (d_model 64, 4 heads, ff 256) on a
/// batch of 256 sequences of 64 steps, and single-sample inference (1 × 64 × 64) of the same model inside
/// <see cref="GradientTape.Inference"/>. "Allocated" is the managed memory allocated per operation in steady state.
/// <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*LearningStep*'</c>.
/// </summary>
[Config(typeof(GridBenchmarkConfig))]
[MemoryDiagnoser]
public class LearningStepBenchmarks
{
    private TransformerEncoder _model = null!;
    private AdamW _optimizer = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _one = null!;
    private float[] _result = [];

    /// <summary>Builds the model, the optimiser and seeded inputs, and runs two steps so buffers are pooled.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(2);
        _model = new TransformerEncoder(2, 64, 4, 256, random);
        _optimizer = new AdamW(_model.Parameters(), 1e-3f);
        _x = Initializers.Normal(random, 0, 1, 256, 64, 64);
        _y = Initializers.Normal(random, 0, 1, 256, 64, 64);
        _one = Initializers.Normal(random, 0, 1, 1, 64, 64);
        _result = new float[64 * 64];
        TrainingStep();
        TrainingStep();
        Inference();
    }

    /// <summary>Forward, MSE loss, backward and one AdamW update on the batch of 256.</summary>
    [Benchmark]
    public void TrainingStep()
    {
        _optimizer.ZeroGrad();
        MseLoss.Compute(_model.Forward(_x), _y).Backward();
        _optimizer.Step();
        GradientTape.Current.EndStep();
    }

    /// <summary>One forward pass of a single sequence, output copied out before the scope returns the buffers.</summary>
    [Benchmark]
    public void Inference()
    {
        using (GradientTape.Inference())
        {
            _model.Forward(_one).CopyTo(_result);
        }
    }
}
