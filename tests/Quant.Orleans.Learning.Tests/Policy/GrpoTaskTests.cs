using Quant.Orleans.Core;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Learning.Tests.Policy;

/// <summary>GrpoTask through the Trainer: the policy learns the profitable side of a toy market, runs repeat bit for
/// bit, a resumed run ends with the weights of an uninterrupted one, and π_old lagging the policy makes the clip act.</summary>
public sealed class GrpoTaskTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "grpo-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void ThePolicyMovesTowardTheProfitableSide()
    {
        var task = ToyTask(out var validation);
        var before = GrpoTask.ServingPositions(task.Policy, validation);
        var initialReward = task.MeanServingReward(validation);
        var progress = new List<TrainingProgress>();
        var report = new Trainer().Run(task, Options with { MaxEpochs = 25 }, new Inline(progress.Add));

        var after = GrpoTask.ServingPositions(task.Policy, validation);
        var (upBefore, downBefore) = SideMeans(before, validation);
        var (up, down) = SideMeans(after, validation);

        // Before training the serving position does not depend on the forecast's sign; after, it is long where the
        // forward return is positive and short where it is negative, and the validation reward has risen.
        Assert.True(Math.Abs(upBefore - downBefore) < 0.2, $"before: {upBefore} vs {downBefore}");
        Assert.True(up > 0.3, $"mean position where the forecast is up: {up}");
        Assert.True(down < -0.3, $"mean position where the forecast is down: {down}");
        Assert.True(task.MeanServingReward(validation) > initialReward + 0.2, $"reward {initialReward} → {task.MeanServingReward(validation)}");
        Assert.True(-report.BestValidationLoss > initialReward);
        Assert.All(progress, p => Assert.True(p.Components.ContainsKey("reward") && p.Components.ContainsKey("kl") && p.Components.ContainsKey("clip")));
        Assert.True(report.Epochs[^1].Components["reward"] > report.Epochs[0].Components["reward"]);
        Assert.All(report.Epochs, e => Assert.Equal(0.0, e.Components["clip"])); // π_old = π_θ at every step: ρ = 1
    }

    [Fact]
    public void TwoRunsWithTheSameSeedsGiveIdenticalWeights()
    {
        var (a, b) = (ToyTask(out _), ToyTask(out _));
        var ra = new Trainer().Run(a, Options);
        var rb = new Trainer().Run(b, Options);
        AssertSameWeights(a, b);
        Assert.Equal(ra.Epochs.Select(e => e.Components["reward"]), rb.Epochs.Select(e => e.Components["reward"]));

        var c = ToyTask(out _, new GrpoTaskOptions { Seed = 99 });
        new Trainer().Run(c, Options);
        Assert.NotEqual(a.Policy.StateDict()["mlp.layers.0.weight"].ToArray(), c.Policy.StateDict()["mlp.layers.0.weight"].ToArray());
    }

    [Fact]
    public void ResumingAfterAnInterruptionEndsWithTheWeightsOfAnUninterruptedRun()
    {
        var taskOptions = new GrpoTaskOptions { OldPolicyRefreshSteps = 3, Seed = 5 };
        var uninterrupted = ToyTask(out _, taskOptions);
        var expected = new Trainer().Run(uninterrupted, Options);

        var options = Options with { CheckpointDirectory = Path.Combine(_root, "run"), CheckpointEverySteps = 5 };
        using var cts = new CancellationTokenSource();
        var first = ToyTask(out _, taskOptions);
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer().Run(first, options, new Inline(p =>
        {
            if (p.Step == 13)
            {
                cts.Cancel();
            }
        }), cts.Token));

        var second = ToyTask(out _, taskOptions);
        var resumed = new Trainer().Run(second, options);
        Assert.True(resumed.Resumed);
        Assert.Equal(expected.Steps, second.StepCount);
        AssertSameWeights(uninterrupted, second);
        Assert.Equal(expected.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
    }

    [Fact]
    public void ALaggingSamplingPolicyMakesTheClipAct()
    {
        var task = ToyTask(out _, new GrpoTaskOptions { OldPolicyRefreshSteps = 8, Seed = 1 });
        var report = new Trainer().Run(task, Options with { LearningRate = 3e-2f });
        Assert.Contains(report.Epochs, e => e.Components["clip"] > 0.0);
    }

    [Fact]
    public void MismatchedSetsAreRefused()
    {
        var config = new PolicyHeadConfig { Features = 3, Hidden = [8] };
        var head = new PolicyHead(config, new DeterministicRandom(1));
        var data = new GrpoDataSet(new float[12], 3, (_, p) => p);
        var wide = new GrpoDataSet(new float[12], 4, (_, p) => p);
        Assert.Throws<ArgumentException>(() => new GrpoTask(head, new PolicyHead(config with { Hidden = [9] }, new DeterministicRandom(1)), data, data, new GrpoTaskOptions()));
        Assert.Contains("4 features per state", Assert.Throws<ArgumentException>(() => new GrpoTask(head, head, wide, data, new GrpoTaskOptions())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrpoTask(head, head, data, data, new GrpoTaskOptions { GroupSize = 1 }));
        Assert.Contains("row 1, column 2", Assert.Throws<ArgumentException>(() => new GrpoDataSet([0f, 0f, 0f, 0f, 0f, float.NaN], 3, (_, p) => p)).Message, StringComparison.Ordinal);
    }

    private static TrainerOptions Options => new()
    {
        MaxEpochs = 3, BatchSize = 32, LearningRate = 1e-2f, WarmupFraction = 0.05f, ClipNorm = 1f, Patience = 100, Seed = 3, WeightDecay = 0f,
    };

    /// <summary>
    /// A toy market: state (forecast f ~ N(0, 1), volatility |N(0, 1)|, trend N(0, 1)); the forward return is
    /// R = sign(f)·(0.5 + 0.5·|N(0, 1)|) (its sign is the forecast's), so the best position is +1 when f &gt; 0 and −1
    /// when f &lt; 0. Reward: <see cref="GrpoReward.Trading"/> with cost 0.05 and risk aversion 0.1 on variance 0.25.
    /// 256 training and 128 validation states.
    /// </summary>
    private static GrpoTask ToyTask(out GrpoDataSet validation, GrpoTaskOptions? options = null)
    {
        var random = new DeterministicRandom(17);
        var train = Market(random, 256);
        validation = Market(random, 128);
        var config = new PolicyHeadConfig { Features = 3, Hidden = [16, 16] };
        var policy = new PolicyHead(config, new DeterministicRandom(2));
        var reference = new PolicyHead(config, new DeterministicRandom(2));
        return new GrpoTask(policy, reference, train, validation, options ?? new GrpoTaskOptions { Seed = 4 });
    }

    private static GrpoDataSet Market(DeterministicRandom random, int n)
    {
        var states = new float[n * 3];
        var forwardReturn = new float[n];
        for (var i = 0; i < n; i++)
        {
            var f = (float)random.NextGaussian();
            states[i * 3] = f;
            states[(i * 3) + 1] = (float)Math.Abs(random.NextGaussian());
            states[(i * 3) + 2] = (float)random.NextGaussian();
            forwardReturn[i] = MathF.Sign(f) * (0.5f + (0.5f * (float)Math.Abs(random.NextGaussian())));
        }

        return new GrpoDataSet(states, 3, (s, p) => GrpoReward.Trading(p, forwardReturn[s], 0.05f, 0.1f, 0.25f));
    }

    private static (double Up, double Down) SideMeans(float[] positions, GrpoDataSet data)
    {
        var up = Enumerable.Range(0, data.Count).Where(i => data.State(i)[0] > 0.3f).Select(i => (double)positions[i]).Average();
        var down = Enumerable.Range(0, data.Count).Where(i => data.State(i)[0] < -0.3f).Select(i => (double)positions[i]).Average();
        return (up, down);
    }

    private static void AssertSameWeights(GrpoTask a, GrpoTask b)
    {
        foreach (var (name, tensor) in a.StateDict())
        {
            Assert.Equal(tensor.ToArray(), b.StateDict()[name].ToArray());
        }
    }

    private sealed class Inline(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
