using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Judge;

/// <summary>The rows a judge was trained on.</summary>
/// <param name="FirstTimeNanos">Entry time of the first training row, UTC ns.</param>
/// <param name="LastTimeNanos">Entry time of the last training row, UTC ns.</param>
/// <param name="Rows">Number of training rows.</param>
/// <param name="Positives">Training rows with meta-label 1.</param>
/// <param name="DataHash">SHA-256 of the training rows (<see cref="JudgeDataset.Hash"/>).</param>
public sealed record JudgeDataRange(long FirstTimeNanos, long LastTimeNanos, int Rows, int Positives, string DataHash);

/// <summary>
/// <c>manifest.json</c> of a judge model folder, beside ML.NET's <c>model.zip</c>. Loading compares the format
/// version, the model type, the schema version and every column with what the caller expects, and the model file's
/// hash, and refuses a difference naming the field (<see cref="Models.ModelManifestMismatchException"/>).
/// </summary>
/// <param name="FormatVersion">Manifest format (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="ModelType">Always <see cref="JudgeModelFolder.ModelType"/>.</param>
/// <param name="Schema">Feature schema (version and column order).</param>
/// <param name="FractionalDifference">The d of the <c>frac_diff_log_mid</c> column.</param>
/// <param name="Platt">Calibration of the raw score.</param>
/// <param name="Threshold">Decision threshold on the calibrated probability.</param>
/// <param name="Data">Training rows: time range, count and hash.</param>
/// <param name="CvReport">The purged-CV report (grid, folds, threshold curve).</param>
/// <param name="Seed">Training seed.</param>
/// <param name="ModelHash">SHA-256 (lower-case hex) of <c>model.zip</c>.</param>
/// <param name="CreatedUtc">When the folder was written.</param>
public sealed record JudgeManifest(
    int FormatVersion,
    string ModelType,
    FeatureSchema Schema,
    FractionalDifferenceFit FractionalDifference,
    PlattScaling Platt,
    double Threshold,
    JudgeDataRange Data,
    JudgeCvReport CvReport,
    int Seed,
    string ModelHash,
    DateTime CreatedUtc)
{
    /// <summary>The manifest format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;
}
