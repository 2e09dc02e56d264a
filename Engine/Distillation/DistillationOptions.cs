using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Training;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>
/// Everything the teacher–student distillation reads: the data sets' grid and targets, the windows, the target
/// tokens, both networks, both trainings, the student's loss and the evaluation. Defaults are the documented
/// configuration (docs/distillation.md); <see cref="Validate"/> names a bad option.
/// </summary>
public sealed record DistillationOptions
{
    /// <summary>Grid, horizons, triple barrier and costs of the data sets.</summary>
    public DistillationDatasetOptions Dataset { get; init; } = new() { FeeRate = 0.0001 };

    /// <summary>Student window L, grid steps (causal: steps i − L + 1 … i). Default 64.</summary>
    public int StudentWindow { get; init; } = 64;

    /// <summary>Student patch length, grid steps (a divisor of <see cref="StudentWindow"/>). Default 8.</summary>
    public int PatchLength { get; init; } = 8;

    /// <summary>Teacher tokens before the sample step (the step itself included). Default 32.</summary>
    public int TeacherPast { get; init; } = 32;

    /// <summary>Teacher tokens after the sample step (ACAUSAL: the future). Default 32.</summary>
    public int TeacherFuture { get; init; } = 32;

    /// <summary>Grid steps between teacher tokens. Default 10: 32 tokens back and 32 ahead span 310 s before and
    /// 320 s after the sample, so the window reaches the longest horizon.</summary>
    public int TeacherStride { get; init; } = 10;

    /// <summary>Grid steps between training samples. Default 5.</summary>
    public int SampleStride { get; init; } = 5;

    /// <summary>Grid steps between evaluation samples; default 60, the trading horizon, so the position head's
    /// holding periods do not overlap.</summary>
    public int EvaluationStride { get; init; } = 60;

    /// <summary>Index into the horizons of the position head's holding period. Default 1 (60 s).</summary>
    public int TradingHorizon { get; init; } = 1;

    /// <summary>Target bins (Chronos tokens) over mean-scaled targets. Default 64 bins over [−8, 8].</summary>
    public int Bins { get; init; } = 64;

    /// <summary>Lower edge of the bins, scaled units.</summary>
    public float BinLow { get; init; } = -8f;

    /// <summary>Upper edge of the bins, scaled units.</summary>
    public float BinHigh { get; init; } = 8f;

    /// <summary>Floor of the window's mean absolute one-step log return (the Chronos mean scale). Default 1e-5.</summary>
    public float ScaleFloor { get; init; } = 1e-5f;

    /// <summary>Width, heads, layers and feed-forward width of the teacher (inputs, window, horizons and bins are set
    /// from the options above).</summary>
    public ChronosTeacherConfig Teacher { get; init; } = new() { Model = 64, Heads = 4, Layers = 2, FeedForward = 128 };

    /// <summary>Width, heads, layers and feed-forward width of the student.</summary>
    public ChronosStudentConfig Student { get; init; } = new() { Model = 64, Heads = 4, Layers = 2, FeedForward = 128 };

    /// <summary>The teacher's training.</summary>
    public TrainerOptions TeacherTraining { get; init; } = new() { MaxEpochs = 4, BatchSize = 128, LearningRate = 1e-3f, WeightDecay = 0.01f, ClipNorm = 1f, Patience = 2 };

    /// <summary>The student's training.</summary>
    public TrainerOptions StudentTraining { get; init; } = new() { MaxEpochs = 6, BatchSize = 128, LearningRate = 1e-3f, WeightDecay = 0.01f, ClipNorm = 1f, Patience = 2 };

    /// <summary>The student's loss (temperature, quantile levels, focal γ, fee, ε).</summary>
    public StudentTradingLossOptions Loss { get; init; } = new();

    /// <summary>Folds of the purged k-fold whose last fold is the validation split. Default 5 (the last fifth in time).</summary>
    public int ValidationFolds { get; init; } = 5;

    /// <summary>Seed of initialisation and batch order.</summary>
    public ulong Seed { get; init; } = 17;

    /// <summary>Bootstrap resamples per interval. Default 1,000.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Coverage of the intervals. Default 0.95.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option breaks its rule (named in the message).</exception>
    public void Validate()
    {
        Dataset.Validate();
        Require(StudentWindow >= 2, nameof(StudentWindow), "at least 2");
        Require(PatchLength >= 1 && StudentWindow % PatchLength == 0, nameof(PatchLength), $"a divisor of StudentWindow ({StudentWindow})");
        Require(TeacherPast >= 1, nameof(TeacherPast), "at least 1");
        Require(TeacherFuture >= 0, nameof(TeacherFuture), "at least 0");
        Require(TeacherStride >= 1, nameof(TeacherStride), "at least 1");
        Require(SampleStride >= 1, nameof(SampleStride), "at least 1");
        Require(EvaluationStride >= 1, nameof(EvaluationStride), "at least 1");
        Require(TradingHorizon >= 0 && TradingHorizon < Dataset.Horizons.Length, nameof(TradingHorizon), $"an index into the {Dataset.Horizons.Length} horizons");
        Require(Bins >= 2, nameof(Bins), "at least 2");
        Require(float.IsFinite(BinLow) && float.IsFinite(BinHigh) && BinLow < BinHigh, nameof(BinLow), "finite and below BinHigh");
        Require(ScaleFloor > 0, nameof(ScaleFloor), "positive");
        Require(ValidationFolds >= 2, nameof(ValidationFolds), "at least 2");
        Require(BootstrapResamples >= 10, nameof(BootstrapResamples), "at least 10");
        Require(Confidence is > 0 and < 1, nameof(Confidence), "in (0, 1)");
        Require(Loss.Quantiles.Length >= 1, nameof(Loss), "at least one quantile level");
        Loss.Validate();
        TeacherTraining.Validate();
        StudentTraining.Validate();
    }

    /// <summary>Teacher tokens per window.</summary>
    public int TeacherTokens => TeacherPast + TeacherFuture;

    /// <summary>Horizons in grid steps.</summary>
    public int[] HorizonSteps => Dataset.Horizons.Select(h => (int)(h.Ticks / Dataset.Cadence.Ticks)).ToArray();

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Distillation option {name} must be {rule}.", name);
        }
    }

    /// <summary>A tiny configuration that trains in seconds (window 16, patches of 4, one-layer models of width 16, one
    /// teacher and two student epochs, 50 bootstrap resamples): smoke runs of the nightly pipeline and tests, not
    /// forecasting.</summary>
    /// <param name="seed">Seed of initialisation and batch order.</param>
    /// <returns>The options.</returns>
    public static DistillationOptions Tiny(ulong seed) => new()
    {
        StudentWindow = 16,
        PatchLength = 4,
        TeacherPast = 4,
        TeacherFuture = 4,
        TeacherStride = 5,
        SampleStride = 3,
        EvaluationStride = 60,
        Bins = 16,
        Teacher = new ChronosTeacherConfig { Model = 16, Heads = 2, Layers = 1, FeedForward = 32 },
        Student = new ChronosStudentConfig { Model = 16, Heads = 2, Layers = 1, FeedForward = 32 },
        TeacherTraining = new TrainerOptions { MaxEpochs = 1, BatchSize = 32, LearningRate = 1e-3f, Patience = 1 },
        StudentTraining = new TrainerOptions { MaxEpochs = 2, BatchSize = 32, LearningRate = 1e-3f, Patience = 2 },
        Loss = new StudentTradingLossOptions(),
        BootstrapResamples = 50,
        Seed = seed,
    };
}
