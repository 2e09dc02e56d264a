using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Models;

/// <summary>A model folder read back: its manifest, the weights' bytes (safetensors) and the training report (JSON).</summary>
/// <param name="Folder">The folder read.</param>
/// <param name="Manifest">The checked manifest.</param>
/// <param name="Weights">The bytes of <c>model.safetensors</c>, whose hash matched the manifest.</param>
/// <param name="ReportJson">The text of <c>report.json</c>, whose hash matched the manifest.</param>
public sealed record LoadedModelFolder(string Folder, ModelManifest Manifest, byte[] Weights, string ReportJson);

/// <summary>
/// Writes and reads model folders: <c>model.safetensors</c> (weights), <c>report.json</c> (how training and
/// validation went) and <c>manifest.json</c> (<see cref="ModelManifest"/>, with the SHA-256 of the other two).
/// A folder is written whole under a temporary name and then renamed, so a reader never sees half a model.
/// </summary>
public static class ModelFolder
{
    /// <summary>File name of the weights.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>File name of the manifest.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>File name of the training report.</summary>
    public const string ReportFile = "report.json";

    /// <summary>The JSON rules of manifests (snake_case names, indented, strict numbers).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Writes a model folder, replacing an existing one of the same path only after the new one is complete.</summary>
    /// <param name="folder">The folder to create.</param>
    /// <param name="manifest">The manifest; its <see cref="ModelManifest.WeightsHash"/> and
    /// <see cref="ModelManifest.TrainReportHash"/> are replaced by the hashes of what is written.</param>
    /// <param name="weights">The safetensors bytes.</param>
    /// <param name="reportJson">The training report.</param>
    /// <returns>The manifest as written (with both hashes).</returns>
    public static ModelManifest Write(string folder, ModelManifest manifest, ReadOnlySpan<byte> weights, string reportJson)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(reportJson);
        var weightBytes = weights.ToArray();
        return AtomicFolder.Write(folder, temp =>
        {
            var reportBytes = Encoding.UTF8.GetBytes(reportJson);
            File.WriteAllBytes(Path.Combine(temp, WeightsFile), weightBytes);
            File.WriteAllBytes(Path.Combine(temp, ReportFile), reportBytes);
            var written = manifest with
            {
                FormatVersion = ModelManifest.CurrentFormatVersion,
                WeightsHash = Sha256(weightBytes),
                TrainReportHash = Sha256(reportBytes),
            };
            File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(written, Json));
            return written;
        });
    }

    /// <summary>Reads the manifest alone, without checking it against an expectation or the files' hashes.</summary>
    /// <param name="folder">The model folder.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The folder has no manifest or it is not valid JSON of a manifest (with the path).</exception>
    public static ModelManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{folder}' is not a model folder: {ManifestFile} is missing.");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a model manifest: {e.Message}", e);
        }

        if (manifest is null || manifest.ModelType is null || manifest.Schema?.Columns is null || manifest.Scaler is null || manifest.Bins is null
            || manifest.Quantiles is null || manifest.HorizonsSeconds is null || manifest.Architecture is null || manifest.Data is null
            || manifest.WeightsHash is null || manifest.TrainReportHash is null)
        {
            throw new InvalidDataException($"'{path}' is not a model manifest: a required field is missing.");
        }

        return manifest;
    }

    /// <summary>Reads a model folder and checks it: manifest format, every field of <paramref name="expected"/>, the
    /// scaler's schema, and the hashes of the weights and the report.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="expected">What the loading code requires.</param>
    /// <returns>The folder's contents.</returns>
    /// <exception cref="ModelManifestMismatchException">A field differs (the message names it and both values), or a
    /// file's hash differs from the manifest's.</exception>
    /// <exception cref="InvalidDataException">A file is missing or the manifest is not valid.</exception>
    public static LoadedModelFolder Read(string folder, ModelExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var manifest = ReadManifest(folder);
        var path = Path.Combine(folder, ManifestFile);
        Check(path, "format_version", manifest.FormatVersion.ToString(CultureInfo.InvariantCulture), ModelManifest.CurrentFormatVersion.ToString(CultureInfo.InvariantCulture));
        Check(path, "model_type", manifest.ModelType, expected.ModelType);
        Check(path, "schema.version", manifest.Schema.Version.ToString(CultureInfo.InvariantCulture), expected.Schema.Version.ToString(CultureInfo.InvariantCulture));
        Check(path, "schema.columns", string.Join(",", manifest.Schema.Columns), string.Join(",", expected.Schema.Columns));
        Check(path, "scaler.schema", Describe(manifest.Scaler.Schema), Describe(expected.Schema));
        Check(path, "horizons_seconds", Join(manifest.HorizonsSeconds), Join(expected.HorizonsSeconds));
        Check(path, "cadence_seconds", manifest.CadenceSeconds.ToString("R", CultureInfo.InvariantCulture), expected.CadenceSeconds.ToString("R", CultureInfo.InvariantCulture));
        Check(path, "window", manifest.Window.ToString(CultureInfo.InvariantCulture), expected.Window.ToString(CultureInfo.InvariantCulture));
        Check(path, "quantiles", Join(manifest.Quantiles), Join(expected.Quantiles));
        if (manifest.Scaler.Mean.Length != manifest.Schema.Width || manifest.Scaler.Scale.Length != manifest.Schema.Width)
        {
            throw new InvalidDataException($"'{path}': scaler has {manifest.Scaler.Mean.Length} means and {manifest.Scaler.Scale.Length} scales for {manifest.Schema.Width} columns.");
        }

        var weights = ReadRequired(folder, WeightsFile);
        var report = ReadRequired(folder, ReportFile);
        Check(path, "weights_hash", manifest.WeightsHash, Sha256(weights), $"the hash of {WeightsFile}");
        Check(path, "train_report_hash", manifest.TrainReportHash, Sha256(report), $"the hash of {ReportFile}");
        return new LoadedModelFolder(folder, manifest, weights, Encoding.UTF8.GetString(report));
    }

    /// <summary>SHA-256 of bytes, lower-case hex.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] ReadRequired(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new InvalidDataException($"'{folder}' is not a complete model folder: {file} is missing.");
    }

    private static void Check(string path, string field, string actual, string expected, string? expectedWhat = null)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModelManifestMismatchException(
                $"'{path}': field '{field}' is '{actual}' but {expectedWhat ?? "this code expects"} '{expected}'; retrain the model or load it with the code version that wrote it.");
        }
    }

    private static string Describe(FeatureSchema schema) => schema.Version.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(",", schema.Columns);

    private static string Join(double[] values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
