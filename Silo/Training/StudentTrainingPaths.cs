using Quant.Orleans.Research.Registry;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Training;

/// <summary>Where the <c>student</c> family's steps read and write, all under the silo's <c>Storage:Path</c>:
/// <c>training/&lt;family&gt;/&lt;run-id&gt;/</c> (one folder per run: the model folders, the log and the metrics) and
/// <c>registry/</c> (the <c>FileModelRegistry</c> root when the registry lives in files; in cluster mode or with
/// <c>Storage:Provider</c> <c>azureblob</c> it lives in Azure Blob storage, see <see cref="OpenRegistry"/>). In a cluster
/// <c>Storage:Path</c> must be a folder every silo sees for a run resumed elsewhere to find its earlier steps' folders.</summary>
/// <param name="Settings">The silo's validated settings (replay data and training options).</param>
public sealed record StudentTrainingPaths(SiloSettings Settings)
{
    /// <summary>The file store's root folder (<c>&lt;Storage:Path&gt;/registry</c>), used when the registry lives in files.</summary>
    public string RegistryRoot => GridSiloConfiguration.FileRegistryRoot(Settings);

    /// <summary>The silo's model registry store (<see cref="GridSiloConfiguration.ModelRegistry"/>: Azure Blob in a
    /// cluster or with the <c>azureblob</c> provider, the file store under <see cref="RegistryRoot"/> otherwise).</summary>
    /// <param name="time">The clock of the journal's timestamps; the system clock when null.</param>
    /// <returns>A new store over the configured location.</returns>
    public IModelRegistry OpenRegistry(TimeProvider? time = null) => GridSiloConfiguration.ModelRegistry(Settings, time);

    /// <summary>The root of the training grains' per-execution work folders: <c>&lt;Storage:Path&gt;/training</c>, so a
    /// step execution's folder is <c>&lt;run folder&gt;/&lt;index&gt;-&lt;step&gt;-&lt;execution id&gt;</c>.</summary>
    public string WorkRoot => Path.GetFullPath(Path.Combine(Settings.Storage.Path, "training"));

    /// <summary>The folder of one run of a family.</summary>
    /// <param name="family">The family.</param>
    /// <param name="runId">The training grain's run id.</param>
    /// <returns>The absolute folder path.</returns>
    public string RunFolder(string family, string runId) => Path.GetFullPath(Path.Combine(Settings.Storage.Path, "training", family, runId));
}
