using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Training;

/// <summary>Where the <c>student</c> family's steps read and write, all under the silo's <c>Storage:Path</c>:
/// <c>training/&lt;family&gt;/&lt;run-id&gt;/</c> (one folder per run: the model folders, the log and the metrics) and
/// <c>registry/</c> (the <c>FileModelRegistry</c> root). In a cluster <c>Storage:Path</c> must be a folder every silo
/// sees for a run resumed elsewhere to find its earlier steps' folders.</summary>
/// <param name="Settings">The silo's validated settings (replay data and training options).</param>
public sealed record StudentTrainingPaths(SiloSettings Settings)
{
    /// <summary>The registry's root folder.</summary>
    public string RegistryRoot => Path.GetFullPath(Path.Combine(Settings.Storage.Path, "registry"));

    /// <summary>The root of the training grains' per-execution work folders: <c>&lt;Storage:Path&gt;/training</c>, so a
    /// step execution's folder is <c>&lt;run folder&gt;/&lt;index&gt;-&lt;step&gt;-&lt;execution id&gt;</c>.</summary>
    public string WorkRoot => Path.GetFullPath(Path.Combine(Settings.Storage.Path, "training"));

    /// <summary>The folder of one run of a family.</summary>
    /// <param name="family">The family.</param>
    /// <param name="runId">The training grain's run id.</param>
    /// <returns>The absolute folder path.</returns>
    public string RunFolder(string family, string runId) => Path.GetFullPath(Path.Combine(Settings.Storage.Path, "training", family, runId));
}
