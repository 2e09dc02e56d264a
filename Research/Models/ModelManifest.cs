using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Models;

/// <summary>
/// What a model folder holds and how it was made (<c>manifest.json</c> beside <c>model.safetensors</c> and
/// <c>report.json</c>, written by <see cref="ModelFolder"/>). Loading compares it field by field with what the running
/// code expects (<see cref="ModelExpectation"/>) and refuses a mismatch, naming the field
/// (<see cref="ModelManifestMismatchException"/>), so a model is never fed features in another order or scale than it
/// was trained on.
/// </summary>
/// <param name="FormatVersion">Version of this manifest format (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="ModelType">What the weights are, e.g. <c>chronos-student</c> or <c>chronos-teacher</c>.</param>
/// <param name="Version">The model version, unique per training run (type, last data day and a hash prefix).</param>
/// <param name="Schema">The input feature schema (version and column order).</param>
/// <param name="Scaler">The standardisation fitted on the training rows only, applied unchanged at inference.</param>
/// <param name="Bins">The target tokenisation (Chronos-style uniform bins over mean-scaled values).</param>
/// <param name="Quantiles">Quantile levels of the quantile head, ascending in (0, 1); empty for a model without one.</param>
/// <param name="HorizonsSeconds">Forecast horizons, seconds of market time, ascending.</param>
/// <param name="CadenceSeconds">Grid step of the inputs, seconds of market time.</param>
/// <param name="Window">Input window length, grid steps.</param>
/// <param name="Architecture">Named integer hyperparameters of the network (model width, heads, layers, ...).</param>
/// <param name="Data">The training data: symbols, days and the hash of their source files.</param>
/// <param name="Seed">Seed of initialisation and batch order.</param>
/// <param name="ParentTeacherVersion">The teacher the student was distilled from; null for a teacher.</param>
/// <param name="WeightsHash">SHA-256 (lower-case hex) of <c>model.safetensors</c>.</param>
/// <param name="TrainReportHash">SHA-256 (lower-case hex) of <c>report.json</c>.</param>
/// <param name="CreatedUtc">When the folder was written.</param>
public sealed record ModelManifest(
    int FormatVersion,
    string ModelType,
    string Version,
    FeatureSchema Schema,
    FittedScaler Scaler,
    TokenBinning Bins,
    double[] Quantiles,
    double[] HorizonsSeconds,
    double CadenceSeconds,
    int Window,
    IReadOnlyDictionary<string, int> Architecture,
    TrainingDataRange Data,
    ulong Seed,
    string? ParentTeacherVersion,
    string WeightsHash,
    string TrainReportHash,
    DateTime CreatedUtc)
{
    /// <summary>The manifest format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The version of the same model type this one was refreshed from (a nightly warm start); null for a
    /// model trained from its seed.</summary>
    public string? PreviousVersion { get; init; }

    /// <summary>The floor of the window mean scale the targets were divided by (0 for a model without one).</summary>
    public double ScaleFloor { get; init; }
}

/// <summary>Uniform bins over mean-scaled target values (Ansari et al. 2024, Chronos §3.1).</summary>
/// <param name="Count">Number of bins, at least 2.</param>
/// <param name="Low">Lower edge of the first bin (scaled units); values below fall in the first bin.</param>
/// <param name="High">Upper edge of the last bin (scaled units); values above fall in the last bin.</param>
public sealed record TokenBinning(int Count, double Low, double High);

/// <summary>The data a model was trained on.</summary>
/// <param name="Symbols">Symbols, upper case, in the order used.</param>
/// <param name="Days">Trading days used for training (and validation), ascending.</param>
/// <param name="SourceHash">SHA-256 over the sorted (path, file hash) pairs of every source file read.</param>
public sealed record TrainingDataRange(string[] Symbols, DateOnly[] Days, string SourceHash);
