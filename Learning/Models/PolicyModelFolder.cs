using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Serialization;

namespace Quant.Orleans.Learning.Models;

/// <summary>A policy model folder read back and checked: its manifest and the head with the folder's weights.</summary>
/// <param name="Folder">The folder read.</param>
/// <param name="Manifest">The checked manifest.</param>
/// <param name="Head">The head, built from the manifest's config, holding the folder's weights.</param>
public sealed record LoadedPolicyModel(string Folder, PolicyModelManifest Manifest, PolicyHead Head);

/// <summary>
/// Writes and reads policy model folders: <c>model.safetensors</c> (the <see cref="PolicyHead"/>'s state dict,
/// <c>mlp.layers.{i}.weight</c>/<c>.bias</c>, F32) and <c>manifest.json</c> (<see cref="PolicyModelManifest"/>). A
/// folder is written whole under a temporary name and then renamed, so a reader never sees half a model. Reading is
/// strict: an unknown or missing manifest field, another format version or model type, a feature schema other than
/// <see cref="PolicyState"/>'s (version and columns), a config that does not fit, weights whose SHA-256 differs from the
/// manifest's, or a tensor missing, extra or of another shape is refused naming the field.
/// </summary>
public static class PolicyModelFolder
{
    /// <summary>File name of the weights.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>File name of the manifest.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The model type a policy folder declares.</summary>
    public const string ModelType = "policy-beta";

    /// <summary>The folder layout this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest's JSON rules: snake_case names and enum values, indented, strict numbers, unknown fields
    /// refused, required fields required.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Writes a policy folder, replacing an existing one of the same path only after the new one is complete.</summary>
    /// <param name="folder">The folder to create.</param>
    /// <param name="head">The trained head; its config and weights are written.</param>
    /// <param name="version">The policy's version (letters, digits, '.', '_', '-', ':', '+'; it goes into the audit trail).</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="trainingDataHash">SHA-256 (hex) of the training data set.</param>
    /// <param name="createdUtc">The creation time to record (UTC).</param>
    /// <returns>The manifest as written.</returns>
    /// <exception cref="ArgumentException">The version is not allowed, the training data hash is empty, the head's
    /// feature count is not <see cref="PolicyState.Width"/>, or the folder has no parent.</exception>
    public static PolicyModelManifest Write(string folder, PolicyHead head, string version, ulong seed, string trainingDataHash, DateTimeOffset createdUtc)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(head);
        if (!IsValidVersion(version))
        {
            throw new ArgumentException($"version must be 1-128 characters of letters, digits, '.', '_', '-', ':', '+'; got '{version}'.", nameof(version));
        }

        if (string.IsNullOrWhiteSpace(trainingDataHash))
        {
            throw new ArgumentException("trainingDataHash must not be empty.", nameof(trainingDataHash));
        }

        if (head.Config.Features != PolicyState.Width)
        {
            throw new ArgumentException($"The head reads {head.Config.Features} columns but PolicyState version {PolicyState.Version} writes {PolicyState.Width}.", nameof(head));
        }

        var weights = SafeTensors.Serialize(head.StateDict());
        var manifest = new PolicyModelManifest(
            FormatVersion, ModelType, version, PolicyModelConfig.From(head.Config), PolicyFeatureSchema.Current, seed, trainingDataHash,
            createdUtc.ToUniversalTime(), Sha256(weights));
        AtomicFolder.Write(folder, temp =>
        {
            File.WriteAllBytes(Path.Combine(temp, WeightsFile), weights);
            File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, Json));
            return true;
        });
        return manifest;
    }

    /// <summary>Reads a policy folder and checks it (see the type), then builds the head with its weights.</summary>
    /// <param name="folder">The policy model folder.</param>
    /// <returns>The manifest and the head.</returns>
    /// <exception cref="PolicyModelMismatchException">A manifest field differs from what this code serves, or the
    /// weights do not match the manifest (the message names the field or tensor and both values).</exception>
    /// <exception cref="InvalidDataException">A file is missing, the manifest is not valid JSON of a manifest (an
    /// unknown, missing or mistyped field: the JSON path is in the message), or the weights are not valid safetensors.</exception>
    public static LoadedPolicyModel Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, ManifestFile);
        var manifest = ReadManifest(folder);
        Check(path, "format_version", manifest.FormatVersion.ToString(CultureInfo.InvariantCulture), FormatVersion.ToString(CultureInfo.InvariantCulture));
        Check(path, "model_type", manifest.ModelType, ModelType);
        if (!IsValidVersion(manifest.Version))
        {
            throw new PolicyModelMismatchException($"'{path}': field 'version' is '{manifest.Version}' but must be 1-128 characters of letters, digits, '.', '_', '-', ':', '+'.");
        }

        Check(path, "feature_schema.version", manifest.FeatureSchema.Version.ToString(CultureInfo.InvariantCulture), PolicyState.Version.ToString(CultureInfo.InvariantCulture));
        Check(path, "feature_schema.columns", string.Join(",", manifest.FeatureSchema.Columns), string.Join(",", PolicyState.Columns));
        Check(path, "config.features", manifest.Config.Features.ToString(CultureInfo.InvariantCulture), PolicyState.Width.ToString(CultureInfo.InvariantCulture));
        var config = manifest.Config.ToHeadConfig();
        try
        {
            config.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new PolicyModelMismatchException($"'{path}': field 'config.{JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ParamName ?? "?")}' is not a valid head setting: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(manifest.TrainingDataHash))
        {
            throw new PolicyModelMismatchException($"'{path}': field 'training_data_hash' is empty.");
        }

        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!File.Exists(weightsPath))
        {
            throw new InvalidDataException($"'{folder}' is not a complete policy model folder: {WeightsFile} is missing.");
        }

        var weights = File.ReadAllBytes(weightsPath);
        Check(path, "weights_sha256", manifest.WeightsSha256, Sha256(weights), $"the hash of {WeightsFile}");
        Dictionary<string, Tensors.Tensor> tensors;
        try
        {
            tensors = SafeTensors.Read(weights);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{weightsPath}: {e.Message}", e);
        }

        var head = new PolicyHead(config, new DeterministicRandom(manifest.Seed));
        var expected = head.StateDict();
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            if (!expected.ContainsKey(name))
            {
                throw new PolicyModelMismatchException($"'{weightsPath}': tensor '{name}' is not a parameter of a head with config {Describe(manifest.Config)}.");
            }
        }

        try
        {
            head.LoadStateDict(tensors);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
        {
            throw new PolicyModelMismatchException($"'{weightsPath}' does not fit config {Describe(manifest.Config)}: {e.Message}", e);
        }

        return new LoadedPolicyModel(folder, manifest, head);
    }

    /// <summary>Reads the manifest alone, without checking it against this code or the weights.</summary>
    /// <param name="folder">The policy model folder.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The manifest is missing or not valid JSON of a manifest (with the path
    /// and the JSON path of the offending field).</exception>
    public static PolicyModelManifest ReadManifest(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{folder}' is not a policy model folder: {ManifestFile} is missing.");
        }

        try
        {
            return JsonSerializer.Deserialize<PolicyModelManifest>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"'{path}' is not a policy model manifest: it is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a policy model manifest: {e.Message}", e);
        }
    }

    /// <summary>SHA-256 of bytes, lower-case hex.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Whether <paramref name="version"/> may name a policy: 1-128 characters of ASCII letters, digits, '.',
    /// '_', '-', ':', '+' (no comma, quote or space: it is written into orders.csv).</summary>
    /// <param name="version">The candidate.</param>
    /// <returns>True when allowed.</returns>
    public static bool IsValidVersion(string? version)
    {
        if (string.IsNullOrEmpty(version) || version.Length > 128)
        {
            return false;
        }

        foreach (var c in version)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '+'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(string path, string field, string actual, string expected, string? expectedWhat = null)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new PolicyModelMismatchException(
                $"'{path}': field '{field}' is '{actual}' but {expectedWhat ?? "this code expects"} '{expected}'; retrain the policy or serve it with the code version that wrote it.");
        }
    }

    private static string Describe(PolicyModelConfig config) =>
        $"[{config.Features}, {string.Join(", ", config.Hidden)}, 2] {config.Activation}";
}
