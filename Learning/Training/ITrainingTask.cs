using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Training;

/// <summary>
/// What a <see cref="Trainer"/> trains: the model, its loss and its data, behind sample indices 0..N-1 whose meaning
/// only the task knows. The trainer zeroes the gradients before <see cref="Step"/>, then clips them, applies AdamW and
/// ends the tape step (<c>GradientTape.Current.EndStep()</c>) after it, so <see cref="Step"/> must copy any value it
/// returns out of tape tensors. For a run that resumes to the same weights bit for bit, <see cref="Step"/> must be a
/// function of the batch and the weights only (no dropout with a generator that lives across steps, or one re-seeded
/// from the batch).
/// </summary>
public interface ITrainingTask
{
    /// <summary>Every trainable tensor (model and loss parameters), always in the same order (the optimiser's moments
    /// are stored by position).</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The number of training samples N; batches hold indices in [0, N).</summary>
    int TrainingSamples { get; }

    /// <summary>Forward pass and <c>loss.Backward()</c> on the samples of <paramref name="batch"/> (in the order given;
    /// with <see cref="BatchOrder.ContiguousBlocks"/> they are consecutive and increasing) in training mode.</summary>
    TrainingStepResult Step(ReadOnlySpan<int> batch);

    /// <summary>The loss on the validation set in evaluation mode, without recording gradients (lower is better).</summary>
    double ValidationLoss();

    /// <summary>The tensors that define the trained state (model and loss parameters) by name; the trainer copies them
    /// for the best weights and checkpoints.</summary>
    IReadOnlyDictionary<string, Tensor> StateDict();

    /// <summary>Copies values into the trained state from <paramref name="state"/> (same names and shapes as
    /// <see cref="StateDict"/>).</summary>
    void LoadStateDict(IReadOnlyDictionary<string, Tensor> state);
}
