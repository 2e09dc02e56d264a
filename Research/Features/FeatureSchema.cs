namespace Quant.Orleans.Research.Features;

/// <summary>The feature columns a model expects, in order, with a version that changes whenever their meaning does.</summary>
/// <param name="Version">Schema version, ≥ 1.</param>
/// <param name="Columns">Column names in the order of a row.</param>
public sealed record FeatureSchema(int Version, string[] Columns)
{
    /// <summary>Column count d.</summary>
    public int Width => Columns.Length;

    /// <summary>True when both version and column order match.</summary>
    /// <param name="other">Another schema.</param>
    /// <returns>Whether they match.</returns>
    public bool SameAs(FeatureSchema other) => other is not null && Version == other.Version && Columns.SequenceEqual(other.Columns, StringComparer.Ordinal);
}
