using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Learning.Tests.Training;

/// <summary>
/// A small <see cref="ChronosStudent"/> forecasting a noisy sine: each sample is a window of L steps of two features
/// (sin and cos of a random phase advancing 0.4 per step, plus N(0, 0.05²) noise on the sine) and the targets are the
/// clean sine at the next H steps. Loss: pinball loss of the quantiles at levels (0.1, 0.5, 0.9) against each horizon's
/// target ("quantile") plus the MSE of the position against the first target ("position"). Samples are drawn once,
/// seeded, so the task is a pure function of its seeds.
/// </summary>
internal sealed class ToyStudentTask : ITrainingTask
{
    public static readonly ChronosStudentConfig Config = new()
    {
        InputFeatures = 2, Window = 16, PatchLength = 4, Model = 16, Heads = 2, Layers = 1, FeedForward = 32, Horizons = 2, Bins = 4, QuantileCount = 3,
    };

    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _validationX;
    private readonly float[] _validationY;
    private readonly Tensor _levels = Tensor.FromArray([0.1f, 0.5f, 0.9f], 3);
    private readonly Dictionary<string, double> _components = new(StringComparer.Ordinal);

    public ToyStudentTask(int samples = 96, int validation = 32, ulong modelSeed = 1, ulong dataSeed = 2)
    {
        Model = new ChronosStudent(Config, new DeterministicRandom(modelSeed));
        Parameters = Model.Parameters();
        var data = new DeterministicRandom(dataSeed);
        (_x, _y) = Draw(samples, data);
        (_validationX, _validationY) = Draw(validation, data);
        TrainingSamples = samples;
    }

    public ChronosStudent Model { get; }

    public IReadOnlyList<Tensor> Parameters { get; }

    public int TrainingSamples { get; }

    public int Steps { get; private set; }

    private static int SampleSize => Config.Window * Config.InputFeatures;

    public TrainingStepResult Step(ReadOnlySpan<int> batch)
    {
        Steps++;
        var (x, y) = Gather(_x, _y, batch);
        var (loss, quantile, position) = Loss(x, y, batch.Length);
        loss.Backward();
        _components["quantile"] = quantile.ToScalar();
        _components["position"] = position.ToScalar();
        return new TrainingStepResult(loss.ToScalar(), batch.Length, _components);
    }

    public double ValidationLoss()
    {
        Model.Training = false;
        try
        {
            using (GradientTape.Inference())
            {
                var n = _validationY.Length / Config.Horizons;
                var all = Enumerable.Range(0, n).ToArray();
                var (x, y) = Gather(_validationX, _validationY, all);
                return Loss(x, y, n).Loss.ToScalar();
            }
        }
        finally
        {
            Model.Training = true;
        }
    }

    public IReadOnlyDictionary<string, Tensor> StateDict() => Model.StateDict();

    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) => Model.LoadStateDict(state);

    private (Tensor Loss, Tensor Quantile, Tensor Position) Loss(Tensor x, Tensor y, int n)
    {
        var output = Model.Forward(x);
        var quantiles = Ops.Reshape(output.Quantiles, n * Config.Horizons, Config.QuantileCount);
        var quantile = QuantileLoss.Compute(quantiles, Ops.Reshape(y, n * Config.Horizons, 1), _levels);
        var position = MseLoss.Compute(output.Position, Ops.Reshape(Ops.Slice(y, 1, 0, 1), n));
        return (Ops.Add(quantile, position), quantile, position);
    }

    private static (Tensor X, Tensor Y) Gather(float[] xs, float[] ys, ReadOnlySpan<int> batch)
    {
        var x = new float[batch.Length * SampleSize];
        var y = new float[batch.Length * Config.Horizons];
        for (var i = 0; i < batch.Length; i++)
        {
            xs.AsSpan(batch[i] * SampleSize, SampleSize).CopyTo(x.AsSpan(i * SampleSize));
            ys.AsSpan(batch[i] * Config.Horizons, Config.Horizons).CopyTo(y.AsSpan(i * Config.Horizons));
        }

        return (Tensor.FromArray(x, batch.Length, Config.Window, Config.InputFeatures), Tensor.FromArray(y, batch.Length, Config.Horizons));
    }

    private static (float[] X, float[] Y) Draw(int n, DeterministicRandom random)
    {
        var x = new float[n * SampleSize];
        var y = new float[n * Config.Horizons];
        for (var s = 0; s < n; s++)
        {
            var phase = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t < Config.Window; t++)
            {
                var angle = phase + (0.4 * t);
                x[(s * SampleSize) + (t * 2)] = (float)(Math.Sin(angle) + (0.05 * random.NextGaussian()));
                x[(s * SampleSize) + (t * 2) + 1] = (float)Math.Cos(angle);
            }

            for (var h = 0; h < Config.Horizons; h++)
            {
                y[(s * Config.Horizons) + h] = (float)Math.Sin(phase + (0.4 * (Config.Window + h)));
            }
        }

        return (x, y);
    }
}
