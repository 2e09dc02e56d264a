using System.Collections.Concurrent;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Symbols;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>
/// The registered students this silo serves, loaded once per version and shared by its symbol grains. A version is read
/// through <see cref="IModelRegistry.LoadAsync"/> (every file's SHA-256 and the manifest's content hash checked, the model
/// type required to be <see cref="StudentModel.ModelType"/>), its files are written whole into
/// <c>&lt;serving root&gt;/&lt;family&gt;/&lt;version-id&gt;/</c> (the model folder's own manifest back under its name), and
/// <see cref="StudentModel.Load"/> checks them again as a model folder. A version that fails is not cached: the error
/// names the field or file, and the next request tries again.
/// </summary>
public sealed class ServedStudentCatalog
{
    /// <summary>The name the model folder's own manifest has among a registered student's files (the registry keeps
    /// <c>manifest.json</c> for its own manifest).</summary>
    public const string ModelManifestFile = "model-manifest.json";

    private readonly ConcurrentDictionary<(string Family, string Version), Lazy<Task<StudentModel>>> _models = new();
    private readonly string _servingRoot;
    private readonly TimeSpan _horizon;
    private readonly StudentRuntime _runtime;

    /// <summary>Creates the catalog.</summary>
    /// <param name="registry">The registry store the versions are read from (the silo's one; files or Azure Blob).</param>
    /// <param name="servingRoot">Where loaded versions are unpacked (a silo-local folder).</param>
    /// <param name="horizon">The horizon the strategy trades (<c>Strategy:HorizonSeconds</c>).</param>
    /// <param name="runtime">Where the networks run.</param>
    public ServedStudentCatalog(IModelRegistry registry, string servingRoot, TimeSpan horizon, StudentRuntime runtime = StudentRuntime.Engine)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(servingRoot);
        Registry = registry;
        _servingRoot = Path.GetFullPath(servingRoot);
        _horizon = horizon;
        _runtime = runtime;
    }

    /// <summary>The registry the versions are read from.</summary>
    public IModelRegistry Registry { get; }

    /// <summary>The student of a registered version, loaded on the first request (concurrent requests share one load).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id.</param>
    /// <param name="cancellationToken">Cancels the wait of this caller (a load already started goes on and stays cached).</param>
    /// <returns>The checked model.</returns>
    /// <exception cref="KeyNotFoundException">The family has no such version.</exception>
    /// <exception cref="ModelManifestMismatchException">A hash, the model type or a model field differs.</exception>
    /// <exception cref="InvalidDataException">A file is missing or unreadable.</exception>
    public async Task<StudentModel> GetAsync(string family, string versionId, CancellationToken cancellationToken = default)
    {
        var key = (family, versionId);
        var lazy = _models.GetOrAdd(key, k => new Lazy<Task<StudentModel>>(() => LoadAsync(k.Family, k.Version), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsCompleted && !lazy.Value.IsCompletedSuccessfully) // failed or cancelled: not cached
        {
            _models.TryRemove(new KeyValuePair<(string, string), Lazy<Task<StudentModel>>>(key, lazy));
            throw;
        }
    }

    /// <summary>The training reference of a version's drift rules, or null when its files hold none.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>The reference, or null.</returns>
    /// <exception cref="InvalidDataException">The file exists but is not a valid reference, or a file is missing.</exception>
    /// <exception cref="KeyNotFoundException">The family has no such version.</exception>
    /// <exception cref="ModelManifestMismatchException">A file's hash or the manifest's content hash differs.</exception>
    public async Task<DriftReference?> ReferenceAsync(string family, string versionId, CancellationToken cancellationToken = default)
    {
        var version = await Registry.LoadAsync(family, versionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return version.Files.TryGetValue(DriftReference.FileName, out var bytes)
            ? DriftReference.FromJson(bytes, $"{version.Location}/{DriftReference.FileName}")
            : null;
    }

    private async Task<StudentModel> LoadAsync(string family, string versionId)
    {
        var version = await Registry.LoadAsync(family, versionId).ConfigureAwait(false);
        if (version.Manifest.ModelType != StudentModel.ModelType)
        {
            throw new ModelManifestMismatchException(
                $"'{version.Location}/{VersionVerifier.ManifestFile}': field 'model_type' is '{version.Manifest.ModelType}' but a symbol grain serves '{StudentModel.ModelType}'.");
        }

        if (!version.Files.ContainsKey(ModelManifestFile))
        {
            throw new InvalidDataException($"'{version.Location}': the version has no '{ModelManifestFile}' (the student's model-folder manifest).");
        }

        var folder = Path.Combine(_servingRoot, family, versionId);
        AtomicFolder.Write(folder, temp =>
        {
            foreach (var (name, bytes) in version.Files)
            {
                File.WriteAllBytes(Path.Combine(temp, name == ModelManifestFile ? ModelFolder.ManifestFile : name), bytes);
            }

            return 0;
        });
        return StudentModel.Load(folder, _horizon, _runtime);
    }
}
