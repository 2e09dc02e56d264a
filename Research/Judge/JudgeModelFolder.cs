using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// Writes and reads judge model folders: <c>model.zip</c> (ML.NET's own format, <c>MLContext.Model.Save</c>) and
/// <c>manifest.json</c> (<see cref="JudgeManifest"/>). Written under a temporary name and renamed, as
/// <see cref="ModelFolder"/> does, so a reader never sees half a model. (<see cref="ModelFolder"/> itself holds
/// safetensors weights and a forecaster's scaler and bins, which a tree ensemble does not have.)
/// </summary>
public static class JudgeModelFolder
{
    /// <summary>The manifest's model type.</summary>
    public const string ModelType = "judge-fasttree";

    /// <summary>File name of the ML.NET model.</summary>
    public const string ModelFile = "model.zip";

    /// <summary>The manifest's JSON rules: those of <see cref="ModelFolder.Json"/>, plus NaN written as <c>"NaN"</c> (a
    /// fold with one class has no AUC).</summary>
    private static readonly JsonSerializerOptions Json = new(ModelFolder.Json)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the folder.</summary>
    /// <param name="folder">The folder to create (replaced only once the new one is complete).</param>
    /// <param name="model">The trained judge.</param>
    /// <param name="data">The data set it was trained on.</param>
    /// <param name="trainingRows">The training rows (for the data range and hash).</param>
    /// <returns>The manifest as written.</returns>
    /// <exception cref="ArgumentException"><paramref name="trainingRows"/> is empty.</exception>
    public static JudgeManifest Write(string folder, JudgeModel model, JudgeDataset data, int[] trainingRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(trainingRows);
        if (trainingRows.Length == 0)
        {
            throw new ArgumentException("trainingRows is empty; the manifest records the training range.", nameof(trainingRows));
        }

        return AtomicFolder.Write(folder, temp =>
        {
            var modelPath = Path.Combine(temp, ModelFile);
            using (var stream = File.Create(modelPath))
            {
                var inputSchema = MlNetJudge.View(model.MlContext, [], model.Schema.Width).Schema;
                model.MlContext.Model.Save(model.Transformer, inputSchema, stream);
            }

            var range = new JudgeDataRange(
                data.Times[trainingRows[0]], data.Times[trainingRows[^1]], trainingRows.Length, trainingRows.Sum(r => data.Labels[r]), data.Hash(trainingRows));
            var manifest = new JudgeManifest(
                JudgeManifest.CurrentFormatVersion, ModelType, model.Schema, model.FractionalDifference, model.Platt, model.Threshold, range, model.CvReport, model.Seed,
                ModelFolder.Sha256(File.ReadAllBytes(modelPath)), DateTime.UtcNow);
            File.WriteAllText(Path.Combine(temp, ModelFolder.ManifestFile), JsonSerializer.Serialize(manifest, Json));
            return manifest;
        });
    }

    /// <summary>Reads a folder and checks it against the schema the caller's features have.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="expected">The caller's feature schema.</param>
    /// <returns>The model, scoring exactly as when it was saved.</returns>
    /// <exception cref="ModelManifestMismatchException">The format version, model type, schema version, a column
    /// (named by position) or the model file's hash differs; the message names the field and both values.</exception>
    /// <exception cref="InvalidDataException">A file is missing or the manifest is not valid JSON of a manifest.</exception>
    public static JudgeModel Read(string folder, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var path = Path.Combine(folder, ModelFolder.ManifestFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{folder}' is not a judge model folder: {ModelFolder.ManifestFile} is missing.");
        }

        JudgeManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<JudgeManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a judge manifest: {e.Message}", e);
        }

        if (manifest?.Schema?.Columns is null || manifest.ModelType is null || manifest.Platt is null || manifest.CvReport is null
            || manifest.FractionalDifference is null || manifest.ModelHash is null || manifest.Data is null)
        {
            throw new InvalidDataException($"'{path}' is not a judge manifest: a required field is missing.");
        }

        Check(path, "format_version", Invariant(manifest.FormatVersion), Invariant(JudgeManifest.CurrentFormatVersion));
        Check(path, "model_type", manifest.ModelType, ModelType);
        Check(path, "schema.version", Invariant(manifest.Schema.Version), Invariant(expected.Version));
        Check(path, "schema.columns.length", Invariant(manifest.Schema.Width), Invariant(expected.Width));
        for (var j = 0; j < expected.Width; j++)
        {
            Check(path, FormattableString.Invariant($"schema.columns[{j}]"), manifest.Schema.Columns[j], expected.Columns[j]);
        }

        var modelPath = Path.Combine(folder, ModelFile);
        if (!File.Exists(modelPath))
        {
            throw new InvalidDataException($"'{folder}' is not a complete judge model folder: {ModelFile} is missing.");
        }

        var bytes = File.ReadAllBytes(modelPath);
        Check(path, "model_hash", manifest.ModelHash, ModelFolder.Sha256(bytes), $"the hash of {ModelFile}");
        var ml = new MLContext(manifest.Seed);
        using var stream = new MemoryStream(bytes);
        var transformer = ml.Model.Load(stream, out _);
        var report = manifest.CvReport with { Platt = manifest.Platt, Threshold = manifest.Threshold };
        return new JudgeModel(ml, transformer, manifest.Schema, manifest.FractionalDifference, report, manifest.Seed) { ModelHash = manifest.ModelHash };
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Check(string path, string field, string actual, string expected, string? expectedWhat = null)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModelManifestMismatchException(
                $"'{path}': field '{field}' is '{actual}' but {expectedWhat ?? "the caller expects"} '{expected}'; retrain the judge or build its features with the schema it was trained on.");
        }
    }
}
