using System.Text.Json.Serialization;

namespace Quant.Orleans.Research.Registry;

/// <summary>A version as the family's registry tracks it.</summary>
/// <param name="VersionId">The content-addressed id (<see cref="ContentAddress.VersionId"/>).</param>
/// <param name="ContentHash">The full content hash; loading recomputes it and refuses a difference.</param>
/// <param name="ModelType">The manifest's model type.</param>
/// <param name="Stage">The current stage.</param>
/// <param name="MonitorOnly">True when built from replayed or maintenance data; stays true after a manual override,
/// so such a version is recognisable at every stage.</param>
/// <param name="RegisteredUtc">When it was registered (UTC).</param>
public sealed record RegistryEntry(string VersionId, string ContentHash, string ModelType, RegistryStage Stage, bool MonitorOnly, DateTime RegisteredUtc);

/// <summary>
/// The registry state of one family (<c>registry/&lt;family&gt;/registry.json</c>): its versions with their stages and
/// the order in which versions were live. A plain serialisable record, so a grain can persist it unchanged;
/// <see cref="FamilyRegistry"/> is the only code that changes it.
/// </summary>
/// <param name="FormatVersion">Format of this file (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="Family">The family.</param>
/// <param name="Versions">Every registered version, in registration order.</param>
/// <param name="LiveHistory">Version ids that were made live and not rolled back, oldest first; the last is the live
/// version (when one is live), the one before it is what a rollback restores.</param>
/// <param name="JournalLength">Transitions written to the journal so far (the last transition's sequence number).</param>
public sealed record FamilyRegistryState(int FormatVersion, string Family, RegistryEntry[] Versions, string[] LiveHistory, long JournalLength)
{
    /// <summary>The state format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The live version, or null.</summary>
    [JsonIgnore]
    public RegistryEntry? Live => Versions.SingleOrDefault(v => v.Stage == RegistryStage.Live);

    /// <summary>An empty family.</summary>
    /// <param name="family">The family's name.</param>
    /// <returns>A state with no version.</returns>
    public static FamilyRegistryState Empty(string family) => new(CurrentFormatVersion, FamilyRegistry.CheckFamily(family), [], [], 0);

    /// <summary>The entry of a version.</summary>
    /// <param name="versionId">The id.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="KeyNotFoundException">No such version in the family.</exception>
    public RegistryEntry Get(string versionId) =>
        Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw new KeyNotFoundException($"family '{Family}' has no version '{versionId}'.");
}
