using System.Diagnostics;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Training;

/// <summary>
/// A deterministic mini-batch trainer for any <see cref="ITrainingTask"/>: AdamW (Loshchilov and Hutter 2019) with a
/// linear warm-up then cosine learning rate (<see cref="LearningRateSchedule.WarmupCosine"/>, one schedule over all
/// MaxEpochs × batches steps), gradients clipped by global norm (<see cref="GradientClipping.ClipByGlobalNorm"/>),
/// a validation loss after every epoch, early stopping after Patience epochs without a lower validation loss, and the
/// best epoch's weights restored at the end (also when every epoch ran). Epoch orders come from seeded generators
/// (<see cref="BatchOrder"/>), so two runs with the same options and task give the same weights bit for bit.
/// With a <see cref="TrainerOptions.CheckpointDirectory"/>, a checkpoint (<see cref="TrainingCheckpoint"/>) is written
/// every <see cref="TrainerOptions.CheckpointEverySteps"/> steps and after every epoch, and <see cref="Run"/> resumes
/// from it: a run stopped at any point (killed, or cancelled) and started again ends with exactly the weights of an
/// uninterrupted run.
/// </summary>
public sealed class Trainer
{
    /// <summary>Trains <paramref name="task"/> until MaxEpochs or early stopping, resuming from the checkpoint in
    /// <see cref="TrainerOptions.CheckpointDirectory"/> if there is one (a completed checkpoint returns its report
    /// after loading the best weights). Runs on the calling thread (the gradient tape is per thread).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the task has no training samples.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was written with other options, samples or
    /// parameter shapes; or a training loss is not finite (the message names the epoch and step).</exception>
    /// <exception cref="InvalidDataException">The checkpoint is unreadable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked before
    /// every step; the last checkpoint stays).</exception>
    public TrainingReport Run(ITrainingTask task, TrainerOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var samples = task.TrainingSamples;
        if (samples <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(task), samples, $"The task has {samples} training samples; at least one is needed.");
        }

        var parameters = task.Parameters;
        var perEpoch = EpochPlan.BatchesPerEpoch(samples, options.BatchSize);
        var totalLong = (long)perEpoch * options.MaxEpochs;
        if (totalLong > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), totalLong, $"MaxEpochs × batches per epoch = {totalLong} steps exceeds {int.MaxValue}.");
        }

        var total = (int)totalLong;
        var optimizer = new ResumableAdamW(parameters, options.WeightDecay);
        var fingerprint = TrainingCheckpoint.Fingerprint(options, samples, parameters);
        var state = new TrainingCheckpoint.State
        {
            Options = fingerprint,
            ShuffleSeed = options.Seed,
            TotalSteps = total,
            WarmupSteps = (int)Math.Min(total, Math.Round(options.WarmupFraction * (double)total)),
        };
        Dictionary<string, Tensor>? best = null;
        var resumed = false;
        if (options.CheckpointDirectory is { } directory && TrainingCheckpoint.TryRead(directory) is { } checkpoint)
        {
            (state, best) = Restore(checkpoint.State, checkpoint.Tensors, fingerprint, task, optimizer, parameters, directory);
            resumed = true;
        }

        var runSamples = 0L;
        var runTicks = 0L;
        while (!state.Completed)
        {
            var plan = EpochPlan.Create(options.Order, samples, options.BatchSize, options.Seed, state.Epoch);
            state.ShuffleEpoch = state.Epoch;
            var epochTicks = 0L;
            var epochSamplesHere = 0L;
            for (var j = state.BatchInEpoch; j < perEpoch; j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                var lr = LearningRateSchedule.WarmupCosine((int)state.Step, options.LearningRate, state.WarmupSteps, total, options.MinimumLearningRate);
                optimizer.ZeroGrad();
                var result = task.Step(plan.Batch(j));
                if (!double.IsFinite(result.Loss))
                {
                    GradientTape.Current.EndStep();
                    throw new InvalidOperationException($"Training loss is {result.Loss} at epoch {state.Epoch + 1}, step {state.Step + 1} (batch {j + 1} of {perEpoch}); the weights are those before this step.");
                }

                if (!float.IsPositiveInfinity(options.ClipNorm))
                {
                    GradientClipping.ClipByGlobalNorm(parameters, options.ClipNorm);
                }

                optimizer.Step(lr);
                GradientTape.Current.EndStep();
                var elapsed = Stopwatch.GetTimestamp() - start;
                (epochTicks, runTicks) = (epochTicks + elapsed, runTicks + elapsed);
                (epochSamplesHere, runSamples) = (epochSamplesHere + result.Samples, runSamples + result.Samples);
                state.Step++;
                state.BatchInEpoch = j + 1;
                state.OptimizerSteps = optimizer.StepCount;
                state.LearningRate = lr;
                state.EpochLossSum += result.Loss * result.Samples;
                state.EpochSamples += result.Samples;
                if (result.Components is not null)
                {
                    foreach (var (name, value) in result.Components)
                    {
                        state.EpochComponentSums[name] = state.EpochComponentSums.GetValueOrDefault(name) + (value * result.Samples);
                    }
                }

                progress?.Report(Progress(state, options, perEpoch, PerSecond(epochSamplesHere, epochTicks), null, epochEnd: false));
                if (options.CheckpointDirectory is not null && options.CheckpointEverySteps > 0 && state.Step % options.CheckpointEverySteps == 0 && j + 1 < perEpoch)
                {
                    TrainingCheckpoint.Write(options.CheckpointDirectory, state, task.StateDict(), best, optimizer, parameters);
                }
            }

            var validation = task.ValidationLoss();
            var summary = new EpochSummary(state.Epoch + 1, Mean(state.EpochLossSum, state.EpochSamples), validation, Means(state), state.LearningRate, PerSecond(epochSamplesHere, epochTicks));
            state.History.Add(summary);
            if (double.IsFinite(validation) && (state.BestEpoch == 0 || validation < state.BestValidationLoss))
            {
                (state.BestEpoch, state.BestValidationLoss, state.EpochsWithoutImprovement) = (state.Epoch + 1, validation, 0);
                best = Snapshot(task.StateDict());
            }
            else
            {
                state.EpochsWithoutImprovement++;
            }

            progress?.Report(Progress(state, options, perEpoch, summary.SamplesPerSecond, validation, epochEnd: true));
            state.Epoch++;
            (state.BatchInEpoch, state.EpochLossSum, state.EpochSamples) = (0, 0.0, 0L);
            state.EpochComponentSums.Clear();
            state.StoppedEarly = state.EpochsWithoutImprovement >= options.Patience && state.Epoch < options.MaxEpochs;
            state.Completed = state.StoppedEarly || state.Epoch >= options.MaxEpochs;
            if (options.CheckpointDirectory is not null)
            {
                TrainingCheckpoint.Write(options.CheckpointDirectory, state, task.StateDict(), best, optimizer, parameters);
            }
        }

        if (best is not null)
        {
            task.LoadStateDict(best);
        }

        return new TrainingReport
        {
            EpochsRun = state.Epoch,
            BestEpoch = state.BestEpoch,
            BestValidationLoss = state.BestValidationLoss,
            Epochs = state.History.ToArray(),
            Steps = state.Step,
            SamplesPerSecond = PerSecond(runSamples, runTicks),
            StoppedEarly = state.StoppedEarly,
            Resumed = resumed,
        };
    }

    private static (TrainingCheckpoint.State State, Dictionary<string, Tensor>? Best) Restore(
        TrainingCheckpoint.State state,
        Dictionary<string, Tensor> tensors,
        Dictionary<string, string> fingerprint,
        ITrainingTask task,
        ResumableAdamW optimizer,
        IReadOnlyList<Tensor> parameters,
        string directory)
    {
        var differences = fingerprint
            .Where(kv => !state.Options.TryGetValue(kv.Key, out var stored) || !string.Equals(stored, kv.Value, StringComparison.Ordinal))
            .Select(kv => $"{kv.Key}: checkpoint {state.Options.GetValueOrDefault(kv.Key, "(missing)")}, now {kv.Value}")
            .ToArray();
        if (differences.Length > 0)
        {
            throw new InvalidOperationException($"The checkpoint in {directory} was written by a different run ({string.Join("; ", differences)}); delete it or use another directory.");
        }

        task.LoadStateDict(TrainingCheckpoint.Section(tensors, "model."));
        for (var i = 0; i < parameters.Count; i++)
        {
            var key = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            tensors[$"adamw.m.{key}"].CopyTo(optimizer.M[i]);
            tensors[$"adamw.v.{key}"].CopyTo(optimizer.V[i]);
        }

        optimizer.StepCount = state.OptimizerSteps;
        var best = TrainingCheckpoint.Section(tensors, "best.");
        return (state, best.Count > 0 ? best : null);
    }

    private static Dictionary<string, Tensor> Snapshot(IReadOnlyDictionary<string, Tensor> state) =>
        state.ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value.ToArray(), kv.Value.Shape), StringComparer.Ordinal);

    private static TrainingProgress Progress(TrainingCheckpoint.State s, TrainerOptions o, int perEpoch, double samplesPerSecond, double? validation, bool epochEnd) =>
        new(
            s.Epoch + 1,
            o.MaxEpochs,
            s.Step,
            s.TotalSteps,
            s.BatchInEpoch,
            perEpoch,
            Mean(s.EpochLossSum, s.EpochSamples),
            Means(s),
            s.LearningRate,
            samplesPerSecond,
            validation ?? (s.History.Count > 0 ? s.History[^1].ValidationLoss : null),
            epochEnd);

    private static Dictionary<string, double> Means(TrainingCheckpoint.State s) =>
        s.EpochComponentSums.ToDictionary(kv => kv.Key, kv => Mean(kv.Value, s.EpochSamples), StringComparer.Ordinal);

    private static double Mean(double sum, long count) => count > 0 ? sum / count : double.NaN;

    private static double PerSecond(long samples, long ticks) => ticks > 0 ? samples * (double)Stopwatch.Frequency / ticks : double.NaN;
}
