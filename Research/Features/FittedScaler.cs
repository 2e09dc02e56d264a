using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quant.Orleans.Research.Features;

/// <summary>
/// The feature-store contract: standardisation parameters fitted on training rows only, saved with the schema they
/// belong to, applied unchanged at inference. Effectively <c>z[i, j] = (x[i, j] − Mean[j]) / Scale[j]</c> with the
/// population standard deviation (N normalizer, as scikit-learn's <c>StandardScaler</c>); a zero-variance column gets
/// Scale 1. Rows are row-major, shape (n, d).
/// </summary>
/// <param name="FormatVersion">Version of this persisted format (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="Schema">Schema version and column order the parameters belong to.</param>
/// <param name="Mean">Per-column training mean, shape (d).</param>
/// <param name="Scale">Per-column training standard deviation (population), shape (d).</param>
/// <param name="TrainingRows">Rows the parameters were fitted on.</param>
public sealed record FittedScaler(int FormatVersion, FeatureSchema Schema, double[] Mean, double[] Scale, int TrainingRows)
{
    /// <summary>The persisted format version this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict };

    /// <summary>Fits on the rows listed in <paramref name="trainingRows"/> only (e.g. a <c>Fold.Train</c>): the other rows
    /// of <paramref name="data"/> never influence the parameters.</summary>
    /// <param name="schema">Schema of <paramref name="data"/>'s columns.</param>
    /// <param name="data">All rows, row-major, shape (n, d).</param>
    /// <param name="trainingRows">Indices of training rows, at least one.</param>
    /// <returns>The fitted parameters.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a multiple of d, no training row, an index is out of range, or a value is not finite.</exception>
    public static FittedScaler Fit(FeatureSchema schema, ReadOnlySpan<double> data, ReadOnlySpan<int> trainingRows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var d = schema.Width;
        if (d == 0 || data.Length % d != 0)
        {
            throw new ArgumentException($"data has {data.Length} values, not a multiple of the schema's {d} columns.", nameof(data));
        }

        var n = data.Length / d;
        if (trainingRows.Length == 0)
        {
            throw new ArgumentException("at least one training row is needed to fit a scaler.", nameof(trainingRows));
        }

        var mean = new double[d];
        var m2 = new double[d];
        var count = 0;
        foreach (var row in trainingRows)
        {
            if ((uint)row >= (uint)n)
            {
                throw new ArgumentException($"training row {row} is outside [0, {n}).", nameof(trainingRows));
            }

            count++;
            for (var j = 0; j < d; j++)
            {
                var x = data[(row * d) + j];
                if (!double.IsFinite(x))
                {
                    throw new ArgumentException($"row {row}, column '{schema.Columns[j]}' is {x}; features must be finite.", nameof(data));
                }

                // Welford's update.
                var delta = x - mean[j];
                mean[j] += delta / count;
                m2[j] += delta * (x - mean[j]);
            }
        }

        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var sd = Math.Sqrt(m2[j] / count);
            scale[j] = sd > 0 ? sd : 1.0;
        }

        return new FittedScaler(CurrentFormatVersion, schema, mean, scale, count);
    }

    /// <summary>Standardises rows with the saved parameters.</summary>
    /// <param name="schema">Schema of <paramref name="rows"/>; must equal the fitted schema (version and column order).</param>
    /// <param name="rows">Row-major input, shape (n, d).</param>
    /// <param name="destination">Output, same shape.</param>
    /// <exception cref="FeatureSchemaMismatchException">The schema version or column order differs.</exception>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    public void Transform(FeatureSchema schema, ReadOnlySpan<double> rows, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (FeatureSchemaMismatchException.Describe(Schema, schema) is { } why)
        {
            throw new FeatureSchemaMismatchException(why);
        }

        var d = Schema.Width;
        if (rows.Length % d != 0 || destination.Length != rows.Length)
        {
            throw new ArgumentException($"rows ({rows.Length}) must be a multiple of {d} columns and destination ({destination.Length}) the same length.", nameof(rows));
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var j = i % d;
            destination[i] = (rows[i] - Mean[j]) / Scale[j];
        }
    }

    /// <summary>Writes the parameters, schema version and column order as JSON.</summary>
    /// <param name="path">File to write.</param>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads saved parameters and checks them against the schema the caller expects.</summary>
    /// <param name="path">File written by <see cref="Save"/>.</param>
    /// <param name="expected">The schema the caller's features have.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="FeatureSchemaMismatchException">The file's format version, schema version or columns differ from <paramref name="expected"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid scaler (with its path).</exception>
    public static FittedScaler Load(string path, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        FittedScaler? scaler;
        try
        {
            scaler = JsonSerializer.Deserialize<FittedScaler>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a saved scaler: {e.Message}", e);
        }

        if (scaler?.Schema?.Columns is null || scaler.Mean is null || scaler.Scale is null)
        {
            throw new InvalidDataException($"'{path}' is not a saved scaler: schema, mean or scale is missing.");
        }

        if (scaler.FormatVersion != CurrentFormatVersion)
        {
            throw new FeatureSchemaMismatchException($"'{path}' has scaler format version {scaler.FormatVersion}; this code reads version {CurrentFormatVersion}.");
        }

        if (scaler.Mean.Length != scaler.Schema.Width || scaler.Scale.Length != scaler.Schema.Width)
        {
            throw new InvalidDataException($"'{path}': {scaler.Mean.Length} means and {scaler.Scale.Length} scales for {scaler.Schema.Width} columns.");
        }

        if (FeatureSchemaMismatchException.Describe(scaler.Schema, expected) is { } why)
        {
            throw new FeatureSchemaMismatchException($"'{path}': {why}");
        }

        return scaler;
    }
}
