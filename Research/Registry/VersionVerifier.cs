using System.Globalization;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// The checks every registry store makes on a version's bytes (<see cref="IModelRegistry"/>), whatever holds them: the
/// manifest parses strictly (<see cref="RegistryJson"/>, unknown fields refused), has the format version this code
/// reads, passes <see cref="VersionManifestRules"/>, hashes (<see cref="ContentAddress.Hash"/>) to the content hash the
/// family's state recorded, and its id prefix names the version; every listed file is present with the listed size and
/// SHA-256 (FIPS 180-4); nothing else is stored beside them; and, when given, the loading code's expectation holds.
/// Also the registration's preparation (file names checked, the manifest completed with the files' hashes).
/// </summary>
public static class VersionVerifier
{
    /// <summary>File (or blob) name of a version's manifest.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>Checks a version's manifest and files.</summary>
    /// <param name="location">The version's location for messages (a folder, or <c>container/family/version</c>).</param>
    /// <param name="manifestLocation">The manifest's location for messages.</param>
    /// <param name="versionId">The version id the location names.</param>
    /// <param name="manifestJson">The manifest's text, or null when the version has no manifest.</param>
    /// <param name="present">The names of every file (blob) stored beside the manifest.</param>
    /// <param name="read">Reads one stored file's bytes by name.</param>
    /// <param name="contentHash">The content hash the family's state recorded (64 lower-case hex digits).</param>
    /// <param name="expected">What the loading code requires, or null to check the hashes only.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The manifest and every listed file's bytes by name.</returns>
    /// <exception cref="InvalidDataException">The manifest or a listed file is missing, or the manifest is not valid JSON
    /// of a valid manifest.</exception>
    /// <exception cref="ModelManifestMismatchException">A hash, size or expected field differs, or a file is stored that
    /// the manifest does not list (the field and both values are named).</exception>
    public static async Task<(VersionManifest Manifest, Dictionary<string, byte[]> Files)> VerifyAsync(
        string location,
        string manifestLocation,
        string versionId,
        string? manifestJson,
        IReadOnlyCollection<string> present,
        Func<string, CancellationToken, Task<byte[]>> read,
        string contentHash,
        VersionExpectation? expected,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(present);
        ArgumentNullException.ThrowIfNull(read);
        var manifest = VerifyManifest(location, manifestLocation, versionId, manifestJson, contentHash);
        var stored = new HashSet<string>(present, StringComparer.Ordinal);
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (!stored.Contains(file.Name))
            {
                throw new InvalidDataException($"'{location}' is not a complete version: {file.Name} is missing.");
            }

            var data = await read(file.Name, cancellationToken).ConfigureAwait(false);
            Check(manifestLocation, $"files[{file.Name}].bytes", data.LongLength.ToString(CultureInfo.InvariantCulture), file.Bytes.ToString(CultureInfo.InvariantCulture), "the manifest records");
            Check(manifestLocation, $"files[{file.Name}].sha256", ContentAddress.Sha256(data), file.Sha256, "the manifest records");
            bytes[file.Name] = data;
        }

        var extra = stored.Where(n => n != ManifestFile && !bytes.ContainsKey(n)).Order(StringComparer.Ordinal).ToArray();
        if (extra.Length > 0)
        {
            throw new ModelManifestMismatchException($"'{location}': field 'files' does not list {string.Join(", ", extra)}; a registered version holds exactly its manifest's files.");
        }

        if (expected is not null)
        {
            Check(manifestLocation, "model_type", manifest.ModelType, expected.ModelType, "this code expects");
            Check(manifestLocation, "schema.version", manifest.Schema.Version.ToString(CultureInfo.InvariantCulture), expected.Schema.Version.ToString(CultureInfo.InvariantCulture), "this code expects");
            Check(manifestLocation, "schema.columns", string.Join(",", manifest.Schema.Columns), string.Join(",", expected.Schema.Columns), "this code expects");
            foreach (var (name, version) in expected.FeatureVersions.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var actual = manifest.FeatureVersions.TryGetValue(name, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "absent";
                Check(manifestLocation, $"feature_versions.{name}", actual, version.ToString(CultureInfo.InvariantCulture), "this code expects");
            }
        }

        return (manifest, bytes);
    }

    /// <summary>Checks a version's manifest alone (the first checks of <see cref="VerifyAsync"/>): it exists, parses
    /// strictly, has this code's format version, passes <see cref="VersionManifestRules"/>, hashes to the content hash
    /// the family's state recorded and its id prefix names the version. The artefact files are not read: for listings
    /// and gate reads, never for serving a model.</summary>
    /// <param name="location">The version's location for messages.</param>
    /// <param name="manifestLocation">The manifest's location for messages.</param>
    /// <param name="versionId">The version id the location names.</param>
    /// <param name="manifestJson">The manifest's text, or null when the version has no manifest.</param>
    /// <param name="contentHash">The content hash the family's state recorded.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The manifest is missing or not valid JSON of a valid manifest.</exception>
    /// <exception cref="ModelManifestMismatchException">The format version, content hash or id differs (named).</exception>
    public static VersionManifest VerifyManifest(string location, string manifestLocation, string versionId, string? manifestJson, string contentHash)
    {
        if (manifestJson is null)
        {
            throw new InvalidDataException($"'{location}' is not a registered version: {ManifestFile} is missing.");
        }

        var manifest = RegistryDocuments.Deserialize<VersionManifest>(manifestJson, manifestLocation);
        Check(manifestLocation, "format_version", manifest.FormatVersion.ToString(CultureInfo.InvariantCulture), VersionManifest.CurrentFormatVersion.ToString(CultureInfo.InvariantCulture), "this code reads");
        try
        {
            VersionManifestRules.Validate(manifest);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{manifestLocation}' is not a valid manifest: {e.Message}", e);
        }

        Check(manifestLocation, "content_hash", ContentAddress.Hash(manifest), contentHash, "the registry recorded");
        Check(manifestLocation, "version_id", versionId, ContentAddress.VersionId(contentHash), "the content hash gives");
        return manifest;
    }

    /// <summary>Completes a registration's manifest: the files' names are checked, their SHA-256 and sizes become
    /// <see cref="VersionManifest.Files"/> (sorted by name), the format version becomes
    /// <see cref="VersionManifest.CurrentFormatVersion"/>, and the result must pass <see cref="VersionManifestRules"/>.</summary>
    /// <param name="draft">The draft manifest.</param>
    /// <param name="files">The artefact files by name.</param>
    /// <returns>The manifest, its content hash and the version id.</returns>
    /// <exception cref="ArgumentException">A file name is not a plain file name, a file has no bytes, there is no file,
    /// or a manifest field is invalid (named).</exception>
    public static (VersionManifest Manifest, string ContentHash, string VersionId) Prepare(VersionManifest draft, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(files);
        var artefacts = files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new ArtefactFile(CheckFileName(f.Key), ContentAddress.Sha256(f.Value ?? throw new ArgumentException($"file '{f.Key}' has no bytes.", nameof(files))), f.Value.LongLength))
            .ToArray();
        if (artefacts.Length == 0)
        {
            throw new ArgumentException("a version needs at least one artefact file.", nameof(files));
        }

        var manifest = draft with { FormatVersion = VersionManifest.CurrentFormatVersion, Files = artefacts };
        VersionManifestRules.Validate(manifest);
        var hash = ContentAddress.Hash(manifest);
        return (manifest, hash, ContentAddress.VersionId(hash));
    }

    /// <summary>Checks a version id: <see cref="ContentAddress.IdLength"/> lower-case hex digits.</summary>
    /// <param name="versionId">The id.</param>
    /// <returns><paramref name="versionId"/>.</returns>
    /// <exception cref="ArgumentException">The id is not 16 lower-case hex digits.</exception>
    public static string CheckVersionId(string versionId)
    {
        ArgumentNullException.ThrowIfNull(versionId);
        if (versionId.Length != ContentAddress.IdLength || !versionId.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"version id '{versionId}' must be {ContentAddress.IdLength} lower-case hex digits.", nameof(versionId));
        }

        return versionId;
    }

    private static void Check(string path, string field, string actual, string expected, string expectedWhat)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModelManifestMismatchException($"'{path}': field '{field}' is '{actual}' but {expectedWhat} '{expected}'; the version is refused.");
        }
    }

    private static string CheckFileName(string name)
    {
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || name.StartsWith('.') || name == ManifestFile
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('\\', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"artefact file name '{name}' must be a plain file name (no folder, not hidden, not {ManifestFile}).", "files");
        }

        return name;
    }
}
