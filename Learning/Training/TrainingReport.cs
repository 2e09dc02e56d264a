namespace Quant.Orleans.Learning.Training;

/// <summary>The outcome of <see cref="Trainer.Run"/>; the task holds the weights of <see cref="BestEpoch"/>.</summary>
public sealed record TrainingReport
{
    /// <summary>Epochs completed (including those before a resume).</summary>
    public required int EpochsRun { get; init; }

    /// <summary>The epoch (1-based) with the lowest validation loss, whose weights were restored; 0 if no epoch had a
    /// finite validation loss (the last weights are kept then).</summary>
    public required int BestEpoch { get; init; }

    /// <summary>The lowest validation loss (NaN if none was finite).</summary>
    public required double BestValidationLoss { get; init; }

    /// <summary>One entry per completed epoch, in order.</summary>
    public required IReadOnlyList<EpochSummary> Epochs { get; init; }

    /// <summary>Optimiser steps completed (including those before a resume).</summary>
    public required long Steps { get; init; }

    /// <summary>Training samples per second over the steps run in this call (validation excluded).</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>True when training stopped because the validation loss did not improve for Patience epochs.</summary>
    public required bool StoppedEarly { get; init; }

    /// <summary>True when this call resumed from a checkpoint.</summary>
    public required bool Resumed { get; init; }
}

/// <summary>One completed epoch.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's steps, weighted by samples.</param>
/// <param name="ValidationLoss">The validation loss after the epoch.</param>
/// <param name="Components">Each named loss component's mean over the epoch.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="SamplesPerSecond">Training samples per second in this epoch (in the process that finished it).</param>
public sealed record EpochSummary(int Epoch, double TrainLoss, double ValidationLoss, IReadOnlyDictionary<string, double> Components, double LearningRate, double SamplesPerSecond);
