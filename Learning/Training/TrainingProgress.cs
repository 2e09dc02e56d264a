namespace Quant.Orleans.Learning.Training;

/// <summary>One report of a <see cref="Trainer"/>: after every optimiser step, and once more at the end of each epoch
/// (with <see cref="EpochEnd"/> set and <see cref="ValidationLoss"/> of that epoch).</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="MaxEpochs">Epochs at most.</param>
/// <param name="Step">Optimiser steps completed in the whole run (including those before a resume).</param>
/// <param name="TotalSteps">Steps of a run that does not stop early (MaxEpochs × batches per epoch).</param>
/// <param name="EpochStep">Steps completed in this epoch.</param>
/// <param name="StepsPerEpoch">Batches per epoch.</param>
/// <param name="Loss">Mean training loss over this epoch's steps so far, weighted by samples.</param>
/// <param name="Components">Each named loss component's mean over this epoch so far (a copy per report).</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="SamplesPerSecond">Training samples per second over this epoch so far (steps only, in this process).</param>
/// <param name="ValidationLoss">The latest epoch's validation loss, or null before the first epoch ends.</param>
/// <param name="EpochEnd">True for the report after an epoch's validation.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int MaxEpochs,
    long Step,
    long TotalSteps,
    int EpochStep,
    int StepsPerEpoch,
    double Loss,
    IReadOnlyDictionary<string, double> Components,
    double LearningRate,
    double SamplesPerSecond,
    double? ValidationLoss,
    bool EpochEnd);
