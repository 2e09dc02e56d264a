using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Adaptation;

/// <summary>What one adaptation ran (<see cref="SimTsStudentAdapter.Adapt"/>).</summary>
public sealed record StudentAdaptationReport
{
    /// <summary>Optimiser steps run.</summary>
    public required int Steps { get; init; }

    /// <summary>The SimTS loss of each step's batch before that step's update, in [−1, 1] (−1 = every prediction
    /// points exactly at its target), one per step in order.</summary>
    public required IReadOnlyList<float> Losses { get; init; }

    /// <summary>The global gradient norm of each step before clipping.</summary>
    public required IReadOnlyList<double> GradientNorms { get; init; }

    /// <summary>The adaptation point: rows [0, Cut) were read, none after.</summary>
    public required int Cut { get; init; }

    /// <summary>Window starts the batches were sampled from (eligible windows inside [0, Cut)).</summary>
    public required int EligibleWindows { get; init; }

    /// <summary>Wall-clock time of the call (the only field that differs between two runs on the same inputs).</summary>
    public required TimeSpan Elapsed { get; init; }
}

/// <summary>
/// The result of one adaptation: a new, independent set of student weights (the patch embedding and encoder adapted,
/// the four heads copied bit for bit from the input), the predictor to carry into the next adaptation of the same day,
/// and the report.
/// </summary>
/// <param name="Student">The adapted student; <see cref="StudentWeights.CreateStudent"/> gives the student a new
/// <see cref="Models.StudentForecaster"/> is built from.</param>
/// <param name="Predictor">The predictor's parameters after the steps (paths <c>layers.0.*</c>, <c>layers.1.*</c>),
/// copies; read-only by contract.</param>
/// <param name="Report">What ran.</param>
public sealed record StudentAdaptation(StudentWeights Student, IReadOnlyDictionary<string, Tensor> Predictor, StudentAdaptationReport Report);
