namespace Quant.Orleans.Learning.Training;

/// <summary>Settings of a <see cref="Trainer"/> run. Every setting that changes the trajectory (all but
/// <see cref="CheckpointDirectory"/> and <see cref="CheckpointEverySteps"/>) is stored in a checkpoint, and a run
/// refuses to resume from a checkpoint written with different ones.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs at most (one epoch: every training sample once).</summary>
    public int MaxEpochs { get; init; } = 20;

    /// <summary>Samples per optimiser step; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Peak learning rate of the warm-up then cosine schedule.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Learning rate at the end of the cosine decay, in [0, <see cref="LearningRate"/>].</summary>
    public float MinimumLearningRate { get; init; }

    /// <summary>AdamW's decoupled weight decay λ (p ← p·(1 - lr·λ) per step).</summary>
    public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Fraction of all steps (MaxEpochs × batches per epoch) spent in linear warm-up, in [0, 1]; the step
    /// count is rounded to the nearest integer.</summary>
    public float WarmupFraction { get; init; } = 0.05f;

    /// <summary>Maximum global gradient norm (<see cref="Optim.GradientClipping.ClipByGlobalNorm"/>); positive;
    /// <see cref="float.PositiveInfinity"/> disables clipping.</summary>
    public float ClipNorm { get; init; } = 1f;

    /// <summary>Epochs without a lower validation loss after which training stops (early stopping); at least 1. Set it
    /// to <see cref="MaxEpochs"/> or more to run every epoch.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Seed of the epoch order (epoch e is shuffled by a <see cref="Core.DeterministicRandom"/> seeded from
    /// (seed, e), so the order of any epoch can be recomputed on resume).</summary>
    public ulong Seed { get; init; }

    /// <summary>How samples are grouped into batches and ordered.</summary>
    public BatchOrder Order { get; init; } = BatchOrder.Shuffled;

    /// <summary>Directory of the checkpoint (created if missing); null: no checkpoints and no resume.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Also write a checkpoint every this many optimiser steps (0: only at the end of each epoch).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it, its value and the
    /// rule).</exception>
    public void Validate()
    {
        Require(MaxEpochs > 0, nameof(MaxEpochs), MaxEpochs, "must be positive");
        Require(BatchSize > 0, nameof(BatchSize), BatchSize, "must be positive");
        Require(float.IsFinite(LearningRate) && LearningRate > 0f, nameof(LearningRate), LearningRate, "must be positive and finite");
        Require(MinimumLearningRate >= 0f && MinimumLearningRate <= LearningRate, nameof(MinimumLearningRate), MinimumLearningRate, $"must lie in [0, LearningRate = {LearningRate}]");
        Require(float.IsFinite(WeightDecay) && WeightDecay >= 0f, nameof(WeightDecay), WeightDecay, "must be non-negative and finite");
        Require(WarmupFraction is >= 0f and <= 1f, nameof(WarmupFraction), WarmupFraction, "must lie in [0, 1]");
        Require(ClipNorm > 0f, nameof(ClipNorm), ClipNorm, "must be positive (PositiveInfinity disables clipping)");
        Require(Patience >= 1, nameof(Patience), Patience, "must be at least 1");
        Require(Enum.IsDefined(Order), nameof(Order), Order, "is not a BatchOrder value");
        Require(CheckpointEverySteps >= 0, nameof(CheckpointEverySteps), CheckpointEverySteps, "must be non-negative (0: epoch ends only)");
    }

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; got {value}.");
        }
    }
}
