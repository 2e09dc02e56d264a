using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- distill</c>: training throughput of the student
/// (<see cref="ChronosStudent"/> at the 1 s grid's size: F 8, L 64, patch 8, d 64, 4 heads, 2 layers, ff 128, H 3,
/// K 64, Q 9) with batch 256 through <see cref="Trainer"/> (AdamW, warm-up + cosine, clip at norm 1, shuffled
/// batches gathered from a 2,048-sample set), then the same model, batch, data and optimiser in Debian's PyTorch
/// (<c>/usr/bin/python3 distill_torch.py</c>, 2 threads, spawned by this command; then once more with 1 thread as a
/// control, since 2 threads on a loaded 2-core host can be slower than 1). The loss is a stand-in in both:
/// MSE of every quantile against the horizon's target + cross-entropy of the bin logits + MSE of the position. Best
/// epoch (8 steps) of several, samples per second, and the ratio.
/// </summary>
public static class DistillBenchmark
{
    private const int Samples = 2048;
    private const int Batch = 256;
    private const int Epochs = 12;

    /// <summary>Runs both sides and prints the figures.</summary>
    public static void Run()
    {
        var config = new ChronosStudentConfig();
        var task = new StandInTask(config);
        var options = new TrainerOptions { MaxEpochs = Epochs, BatchSize = Batch, LearningRate = 1e-3f, WarmupFraction = 0.05f, ClipNorm = 1f, Patience = Epochs, Seed = 1 };
        var report = new Trainer().Run(task, options);
        var perEpoch = report.Epochs.Skip(1).Select(e => e.SamplesPerSecond).ToArray();
        var ours = perEpoch.Max();
        var median = perEpoch.Order().ElementAt(perEpoch.Length / 2);
        var (inferenceBest, inferenceMedian) = Inference(config);
        var torch = RunTorch(2);
        var torchOne = RunTorch(1);
        var theirs = torch.GetValueOrDefault("samples_per_s", double.NaN);
        var parameters = task.Parameters.Sum(p => p.Length);
        Console.WriteLine($"distill: student F {config.InputFeatures}, L {config.Window}, patch {config.PatchLength} ({config.Patches} patches), d {config.Model}, {config.Heads} heads, {config.Layers} layers, ff {config.FeedForward}, H {config.Horizons}, K {config.Bins}, Q {config.QuantileCount}; {parameters:N0} parameters; batch {Batch}; AdamW + warm-up/cosine + clip 1");
        Console.WriteLine("loss: stand-in in both (MSE of quantiles + cross-entropy of bin logits + MSE of position), not the trading loss");
        Console.WriteLine($"PyTorch {torch.GetValueOrDefault("threads")} threads; .NET {Environment.Version}, {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"figure",-30}{"Learning",12}{"PyTorch",12}{"ratio",9}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"train samples/s (best epoch)",-30}{ours,12:F0}{theirs,12:F0}{ours / theirs,8:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"train samples/s (median)",-30}{median,12:F0}{torch.GetValueOrDefault("median_samples_per_s", double.NaN),12:F0}{median / torch.GetValueOrDefault("median_samples_per_s", double.NaN),8:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"step ms (best epoch)",-30}{Batch / ours * 1e3,12:F2}{Batch / theirs * 1e3,12:F2}"));
        var one = torchOne.GetValueOrDefault("samples_per_s", double.NaN);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"control: PyTorch 1 thread",-30}{ours,12:F0}{one,12:F0}{ours / one,8:F2}x   (best epoch; median {torchOne.GetValueOrDefault("median_samples_per_s", double.NaN):F0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"one-window inference us",-30}{inferenceBest,12:F1}   (ChronosStudentInference, best of 5,000 calls; median {inferenceMedian:F1})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loss: first epoch {report.Epochs[0].TrainLoss:F4}, last {report.Epochs[^1].TrainLoss:F4} (PyTorch {torch.GetValueOrDefault("first_loss"):F4} -> {torch.GetValueOrDefault("last_loss"):F4})"));
        Console.WriteLine($"best of {perEpoch.Length} epochs of {Samples / Batch} steps each (the first epoch, with JIT warm-up, is left out); ratio = Learning / PyTorch (above 1: Learning is faster).");
    }

    /// <summary>Best and median time of <see cref="ChronosStudentInference.Run"/> on one window, in µs.</summary>
    private static (double Best, double Median) Inference(ChronosStudentConfig config)
    {
        var plan = new ChronosStudentInference(new ChronosStudent(config, new DeterministicRandom(3)));
        var window = Initializers.Normal(new DeterministicRandom(4), 0, 1, config.Window * config.InputFeatures).ToArray();
        var (q, k, b) = (new float[config.Horizons * config.QuantileCount], new float[config.Horizons * config.Bins], new float[3]);
        for (var i = 0; i < 1000; i++)
        {
            plan.Run(window, q, k, b);
        }

        var times = new double[5000];
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            plan.Run(window, q, k, b);
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6;
        }

        Array.Sort(times);
        return (times[0], times[times.Length / 2]);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static Dictionary<string, double> RunTorch(int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "distill_torch.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", $"{script} {Samples} {Batch} {Epochs} {threads}") { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        var result = new Dictionary<string, double>();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                result[parts[0]] = v;
            }
        }

        p.WaitForExit();
        return result;
    }

    /// <summary>Random standardised windows and targets (seeded); each step gathers its batch into reused tensors.</summary>
    private sealed class StandInTask : ITrainingTask
    {
        private readonly ChronosStudentConfig _config;
        private readonly ChronosStudent _model;
        private readonly float[] _x;
        private readonly float[] _quantileTargets;
        private readonly int[] _bins;
        private readonly float[] _positions;
        private readonly Dictionary<int, (Tensor X, Tensor Q, Tensor P, int[] Bins)> _buffers = [];

        public StandInTask(ChronosStudentConfig config)
        {
            _config = config;
            _model = new ChronosStudent(config, new DeterministicRandom(1));
            Parameters = _model.Parameters();
            var random = new DeterministicRandom(2);
            var sample = config.Window * config.InputFeatures;
            _x = Initializers.Normal(random, 0, 1, Samples * sample).ToArray();
            _quantileTargets = Initializers.Normal(random, 0, 1, Samples * config.Horizons).ToArray();
            _positions = Initializers.Uniform(random, -1, 1, Samples).ToArray();
            _bins = new int[Samples * config.Horizons];
            for (var i = 0; i < _bins.Length; i++)
            {
                _bins[i] = random.NextInt(config.Bins);
            }
        }

        public IReadOnlyList<Tensor> Parameters { get; }

        public int TrainingSamples => Samples;

        public TrainingStepResult Step(ReadOnlySpan<int> batch)
        {
            var (c, n) = (_config, batch.Length);
            if (!_buffers.TryGetValue(n, out var buffers))
            {
                buffers = (Tensor.Zeros(n, c.Window, c.InputFeatures), Tensor.Zeros(n, c.Horizons, 1), Tensor.Zeros(n), new int[n * c.Horizons]);
                _buffers[n] = buffers;
            }

            var sample = c.Window * c.InputFeatures;
            var xs = buffers.X.Span;
            var qs = buffers.Q.Span;
            var ps = buffers.P.Span;
            for (var i = 0; i < n; i++)
            {
                var s = batch[i];
                _x.AsSpan(s * sample, sample).CopyTo(xs.Slice(i * sample, sample));
                _quantileTargets.AsSpan(s * c.Horizons, c.Horizons).CopyTo(qs.Slice(i * c.Horizons, c.Horizons));
                _bins.AsSpan(s * c.Horizons, c.Horizons).CopyTo(buffers.Bins.AsSpan(i * c.Horizons));
                ps[i] = _positions[s];
            }

            var output = _model.Forward(buffers.X);
            var loss = Ops.Add(
                Ops.Add(
                    MseLoss.Compute(output.Quantiles, buffers.Q),
                    CrossEntropyLoss.Compute(Ops.Reshape(output.Logits, n * c.Horizons, c.Bins), buffers.Bins)),
                MseLoss.Compute(output.Position, buffers.P));
            loss.Backward();
            return new TrainingStepResult(loss.ToScalar(), n);
        }

        public double ValidationLoss() => 0.0;

        public IReadOnlyDictionary<string, Tensor> StateDict() => _model.StateDict();

        public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) => _model.LoadStateDict(state);
    }
}
