using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Learning.Tests.Training;

/// <summary>The trainer: bit-for-bit repeatable runs, resume after an interruption equal to an uninterrupted run,
/// early stopping with the best weights restored, and a student that learns a toy problem.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "trainer-tests-" + Guid.NewGuid().ToString("N"));

    private static TrainerOptions Options => new()
    {
        MaxEpochs = 4, BatchSize = 16, LearningRate = 3e-3f, WarmupFraction = 0.1f, ClipNorm = 1f, Patience = 10, Seed = 42,
    };

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(BatchOrder.Shuffled)]
    [InlineData(BatchOrder.ContiguousBlocks)]
    public void TwoRunsWithTheSameSeedGiveIdenticalWeights(BatchOrder order)
    {
        var options = Options with { Order = order };
        var (a, b, c) = (new ToyStudentTask(), new ToyStudentTask(), new ToyStudentTask());
        var ra = new Trainer().Run(a, options);
        var rb = new Trainer().Run(b, options);
        AssertSameWeights(a, b);
        Assert.Equal(ra.Epochs.Select(e => e.TrainLoss), rb.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(ra.Epochs.Select(e => e.ValidationLoss), rb.Epochs.Select(e => e.ValidationLoss));
        Assert.Equal(4 * 6, ra.Steps);

        // Another seed: another epoch order, other weights.
        new Trainer().Run(c, options with { Seed = 43 });
        Assert.NotEqual(a.Model.StateDict()["encoder.layers.0.ff1.weight"].ToArray(), c.Model.StateDict()["encoder.layers.0.ff1.weight"].ToArray());
    }

    [Theory]
    [InlineData(10, 9)] // 6 steps per epoch, a checkpoint every 3: killed a step after the one in the middle of epoch 2
    [InlineData(12, 12)] // killed right after the checkpoint at the end of epoch 2
    [InlineData(23, 21)] // killed two steps after the one in the middle of the last epoch
    public void ResumingAfterAnInterruptionEndsWithTheWeightsOfAnUninterruptedRun(int cancelAfterStep, int lastCheckpointStep)
    {
        var uninterrupted = new ToyStudentTask();
        var expected = new Trainer().Run(uninterrupted, Options);

        var options = Options with { CheckpointDirectory = Path.Combine(_root, "run"), CheckpointEverySteps = 3 };
        using var cts = new CancellationTokenSource();
        var first = new ToyStudentTask();
        var progress = new Inline(p =>
        {
            if (p.Step == cancelAfterStep)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer().Run(first, options, progress, cts.Token));
        Assert.Equal(cancelAfterStep, first.Steps);
        Assert.Single(Directory.GetFiles(options.CheckpointDirectory!, "checkpoint-*.safetensors"));
        Assert.Empty(Directory.GetFiles(options.CheckpointDirectory!, "*.tmp"));

        // A kill in the middle of writing the next checkpoint leaves half-written temporary files: they are ignored.
        File.WriteAllText(Path.Combine(options.CheckpointDirectory!, "checkpoint.json.tmp"), "{\"Step\": 9");
        File.WriteAllBytes(Path.Combine(options.CheckpointDirectory!, "checkpoint-0000000099.safetensors.tmp"), [1, 2, 3]);

        // A fresh process: new task (initial weights), same options; the trainer resumes at the last checkpoint.
        var second = new ToyStudentTask();
        var resumed = new Trainer().Run(second, options);
        Assert.True(resumed.Resumed);
        Assert.Equal(24 - lastCheckpointStep, second.Steps);
        AssertSameWeights(uninterrupted, second);
        Assert.Equal(expected.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(expected.Epochs.Select(e => e.ValidationLoss), resumed.Epochs.Select(e => e.ValidationLoss));
        Assert.Equal(expected.BestEpoch, resumed.BestEpoch);

        // Run again on the completed checkpoint: no step, the same (best) weights.
        var third = new ToyStudentTask();
        var again = new Trainer().Run(third, options);
        Assert.Equal(0, third.Steps);
        Assert.Equal(expected.Steps, again.Steps);
        AssertSameWeights(uninterrupted, third);
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefusedWithTheDifferencesNamed()
    {
        var options = Options with { MaxEpochs = 1, CheckpointDirectory = Path.Combine(_root, "other") };
        new Trainer().Run(new ToyStudentTask(), options);
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer().Run(new ToyStudentTask(), options with { BatchSize = 32 }));
        Assert.Contains("BatchSize: checkpoint 16, now 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EarlyStoppingRestoresTheWeightsOfTheBestValidationEpoch()
    {
        // One weight w pushed up by a constant gradient; validation loss (w - 0.9)²: improves, then worsens.
        var task = new DriftTask(target: 0.9f);
        var atEpochEnd = new List<float>();
        var report = new Trainer().Run(
            task,
            new TrainerOptions { MaxEpochs = 30, BatchSize = 4, LearningRate = 0.1f, WarmupFraction = 0f, WeightDecay = 0f, Patience = 3 },
            new Inline(p =>
            {
                if (p.EpochEnd)
                {
                    atEpochEnd.Add(task.W[0]);
                }
            }));
        Assert.True(report.StoppedEarly);
        Assert.Equal(report.BestEpoch + 3, report.EpochsRun);
        Assert.True(report.EpochsRun < 30);
        var best = report.Epochs.MinBy(e => e.ValidationLoss)!;
        Assert.Equal(best.Epoch, report.BestEpoch);
        Assert.Equal(best.ValidationLoss, report.BestValidationLoss);
        Assert.Equal(atEpochEnd[report.BestEpoch - 1], task.W[0]);
        Assert.NotEqual(atEpochEnd[^1], task.W[0]);
    }

    [Fact]
    public void TheStudentLearnsANoisySine()
    {
        var task = new ToyStudentTask(samples: 256, validation: 64);
        var report = new Trainer().Run(task, new TrainerOptions { MaxEpochs = 30, BatchSize = 32, LearningRate = 5e-3f, WarmupFraction = 0.05f, Patience = 30, Seed = 7 });
        var first = report.Epochs[0].TrainLoss;
        // Quantile loss of a sine forecast by a constant is about 0.3, the position MSE about 0.5: a tenth of the
        // first epoch's loss means the model uses the window.
        Assert.True(report.BestValidationLoss < 0.1 * first, $"first epoch's training loss {first}, best validation loss {report.BestValidationLoss}");
        Assert.True(report.Epochs[^1].Components["quantile"] < report.Epochs[0].Components["quantile"]);
    }

    [Fact]
    public void ANonFiniteLossStopsWithTheEpochAndStepNamed()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer().Run(new DriftTask(0.5f) { NaNAtStep = 3 }, new TrainerOptions { BatchSize = 4, MaxEpochs = 2 }));
        Assert.Contains("Training loss is NaN at epoch 2, step 3 (batch 1 of 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsAreCheckedWithTheSettingNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { Patience = 0 }.Validate());
        Assert.Contains("Patience must be at least 1; got 0", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { WarmupFraction = 1.5f }.Validate());
        Assert.Contains("WarmupFraction must lie in [0, 1]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { MinimumLearningRate = 1f, LearningRate = 0.1f }.Validate());
        Assert.Contains("MinimumLearningRate must lie in [0, LearningRate = 0.1]", e.Message, StringComparison.Ordinal);
    }

    private static void AssertSameWeights(ToyStudentTask expected, ToyStudentTask actual)
    {
        var e = expected.Model.StateDict();
        foreach (var (name, t) in actual.Model.StateDict())
        {
            Assert.True(e[name].ToArray().AsSpan().SequenceEqual(t.ToArray()), $"{name} differs");
        }
    }

    /// <summary>Runs the callback synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Inline(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>One parameter w; training loss -w per sample (gradient -1: AdamW moves w up by about lr per step);
    /// validation loss (w - target)².</summary>
    private sealed class DriftTask(float target) : ITrainingTask
    {
        private readonly Tensor _w = Tensor.Zeros(1);
        private int _steps;

        public int? NaNAtStep { get; init; }

        public float[] W => _w.ToArray();

        public IReadOnlyList<Tensor> Parameters => [_w];

        public int TrainingSamples => 8;

        public TrainingStepResult Step(ReadOnlySpan<int> batch)
        {
            _steps++;
            _w.Grad ??= Tensor.Zeros(1);
            _w.Grad[0] = -1f;
            return new TrainingStepResult(_steps == NaNAtStep ? double.NaN : -_w[0], batch.Length);
        }

        public double ValidationLoss() => (_w[0] - target) * (_w[0] - target);

        public IReadOnlyDictionary<string, Tensor> StateDict() => new Dictionary<string, Tensor> { ["w"] = _w };

        public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) => _w.CopyFrom(state["w"].ToArray());
    }
}
