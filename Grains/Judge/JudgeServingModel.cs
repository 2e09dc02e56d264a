using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Grains.Judge;

/// <summary>
/// A trained judge loaded once per silo from a model folder (<see cref="JudgeModelFolder"/>: ML.NET FastTree with a
/// manifest), checked against the feature schema this silo's symbol grains write, and scored through its compiled
/// trees. Its version, <c>judge-fasttree@{first 12 hex digits of SHA-256(model.zip)}</c>, goes on every signal it passes.
/// </summary>
public sealed class JudgeServingModel
{
    private JudgeServingModel(JudgeModel model, string version, string folder)
    {
        Model = model;
        Version = version;
        Folder = folder;
    }

    /// <summary>The trained judge.</summary>
    public JudgeModel Model { get; }

    /// <summary>e.g. <c>judge-fasttree@3f2a9c01b7de</c>.</summary>
    public string Version { get; }

    /// <summary>The folder it was loaded from (full path).</summary>
    public string Folder { get; }

    /// <summary>Loads and checks a judge folder.</summary>
    /// <param name="folder">The folder <see cref="JudgeModelFolder.Write"/> wrote.</param>
    /// <param name="features">The feature options the symbol grains serve with (regime columns = the HMM gate's K).</param>
    /// <returns>The loaded judge.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="Research.Models.ModelManifestMismatchException">The manifest refuses the schema or the model hash
    /// (the field and both values are named).</exception>
    public static JudgeServingModel Load(string folder, JudgeFeatureOptions features)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(features);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Strategy:JudgeModel: the folder '{full}' does not exist.");
        }

        var model = JudgeModelFolder.Read(full, features.Schema());
        return new JudgeServingModel(model, $"{JudgeModelFolder.ModelType}@{model.ModelHash![..12]}", full);
    }
}
