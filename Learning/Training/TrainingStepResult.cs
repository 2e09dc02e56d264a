namespace Quant.Orleans.Learning.Training;

/// <summary>The result of one <see cref="ITrainingTask.Step"/>.</summary>
/// <param name="Loss">The batch's loss (the value that was back-propagated).</param>
/// <param name="Samples">Samples in the batch (weights the epoch mean and counts toward samples per second).</param>
/// <param name="Components">Named parts of the loss (e.g. "kl", "quantile"), or null; the trainer averages each over
/// the epoch, weighted by <paramref name="Samples"/>.</param>
public readonly record struct TrainingStepResult(double Loss, int Samples, IReadOnlyDictionary<string, double>? Components = null);
