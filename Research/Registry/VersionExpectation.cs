using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Registry;

/// <summary>What the loading code requires of a registered version: every field here must equal the manifest's.</summary>
/// <param name="ModelType">Model type, e.g. <c>chronos-student</c>.</param>
/// <param name="Schema">The feature schema the code produces (version and column order).</param>
public sealed record VersionExpectation(string ModelType, FeatureSchema Schema)
{
    /// <summary>Feature generator versions the code runs (name → version); each one listed here must equal the
    /// manifest's. Empty: not checked.</summary>
    public IReadOnlyDictionary<string, int> FeatureVersions { get; init; } = new Dictionary<string, int>();
}
