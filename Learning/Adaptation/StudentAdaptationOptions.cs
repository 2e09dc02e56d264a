using Quant.Orleans.Learning.Models;

namespace Quant.Orleans.Learning.Adaptation;

/// <summary>
/// Settings of one SimTS adaptation of a student (<see cref="SimTsStudentAdapter.Adapt"/>). Defaults: 8 AdamW steps at
/// learning rate 1e-4, no weight decay, batches of 32 windows, history and future segments of the student's window L
/// each, predictor hidden width = the model width d, gradients clipped to global norm 1, seed 0.
/// </summary>
public sealed record StudentAdaptationOptions
{
    /// <summary>Optimiser steps, &gt; 0.</summary>
    public int Steps { get; init; } = 8;

    /// <summary>AdamW learning rate (constant over the steps), finite and &gt; 0.</summary>
    public float LearningRate { get; init; } = 1e-4f;

    /// <summary>AdamW's decoupled weight decay λ (p ← p·(1 − lr·λ)), finite and ≥ 0; it applies to every trained
    /// parameter (encoder, patch embedding, predictor), biases and norms included, as <c>torch.optim.AdamW</c> over
    /// one parameter group. Default 0: a few steps should stay near the served weights, and decay pulls toward zero,
    /// not toward them.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Windows per step, &gt; 0 (sampled with replacement among the eligible windows).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>History segment length in grid steps: a multiple of the patch length P; null = the student's window L
    /// (the history latent is then computed on exactly the window the heads read when serving).</summary>
    public int? HistorySteps { get; init; }

    /// <summary>Future segment length in grid steps: a multiple of the patch length P; null = L (the future latent is
    /// then the one the student would serve L steps after the history's end).</summary>
    public int? FutureSteps { get; init; }

    /// <summary>Hidden width of the predictor MLP d → hidden → d; null = d.</summary>
    public int? PredictorHidden { get; init; }

    /// <summary>Global gradient-norm bound (<see cref="Optim.GradientClipping.ClipByGlobalNorm"/>), &gt; 0;
    /// <see cref="float.PositiveInfinity"/> disables clipping.</summary>
    public float MaxGradientNorm { get; init; } = 1f;

    /// <summary>Seed of the predictor's initialisation (when no predictor is carried over) and of the window sampling.</summary>
    public ulong Seed { get; init; }

    /// <summary>The history length for <paramref name="config"/>: <see cref="HistorySteps"/> or L.</summary>
    /// <param name="config">The student's sizes.</param>
    /// <returns>Grid steps.</returns>
    public int HistoryStepsFor(ChronosStudentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return HistorySteps ?? config.Window;
    }

    /// <summary>The future length for <paramref name="config"/>: <see cref="FutureSteps"/> or L.</summary>
    /// <param name="config">The student's sizes.</param>
    /// <returns>Grid steps.</returns>
    public int FutureStepsFor(ChronosStudentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return FutureSteps ?? config.Window;
    }

    /// <summary>The predictor width for <paramref name="config"/>: <see cref="PredictorHidden"/> or d.</summary>
    /// <param name="config">The student's sizes.</param>
    /// <returns>Units.</returns>
    public int PredictorHiddenFor(ChronosStudentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return PredictorHidden ?? config.Model;
    }

    /// <summary>Checks every setting against the student's sizes.</summary>
    /// <param name="config">The student's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting breaks its rule (the message names it, its value and the
    /// rule).</exception>
    public void Validate(ChronosStudentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Positive(Steps, nameof(Steps));
        Positive(BatchSize, nameof(BatchSize));
        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be finite and > 0; got {LearningRate}.");
        }

        if (!(WeightDecay >= 0f) || !float.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"WeightDecay must be finite and >= 0; got {WeightDecay}.");
        }

        if (!(MaxGradientNorm > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), MaxGradientNorm, $"MaxGradientNorm must be > 0 (+inf disables clipping); got {MaxGradientNorm}.");
        }

        PatchMultiple(HistoryStepsFor(config), config.PatchLength, nameof(HistorySteps));
        PatchMultiple(FutureStepsFor(config), config.PatchLength, nameof(FutureSteps));
        Positive(PredictorHiddenFor(config), nameof(PredictorHidden));
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; got {value}.");
        }
    }

    private static void PatchMultiple(int value, int patch, string name)
    {
        if (value <= 0 || value % patch != 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive multiple of the student's patch length ({patch}); got {value}.");
        }
    }
}
