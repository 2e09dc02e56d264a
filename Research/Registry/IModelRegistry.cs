using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Research.Registry;

/// <summary>A version read back from a registry store, every hash checked.</summary>
/// <param name="Location">Where the version lives, for messages: the version folder (<see cref="FileModelRegistry"/>) or
/// <c>&lt;container&gt;/&lt;family&gt;/&lt;version-id&gt;</c> (the Azure Blob store).</param>
/// <param name="VersionId">The version id (the folder's or blob prefix's last part).</param>
/// <param name="ContentHash">The manifest's content hash, equal to the one the family's state recorded.</param>
/// <param name="Stage">The version's stage when it was read.</param>
/// <param name="Manifest">The checked manifest.</param>
/// <param name="Files">Each artefact file's bytes by name; every hash matched the manifest.</param>
public sealed record LoadedVersion(string Location, string VersionId, string ContentHash, RegistryStage Stage, VersionManifest Manifest, IReadOnlyDictionary<string, byte[]> Files);

/// <summary>The outcome of a registration.</summary>
/// <param name="VersionId">The content-addressed id.</param>
/// <param name="ContentHash">The full content hash.</param>
/// <param name="Manifest">The manifest as written (with the artefact files' hashes).</param>
/// <param name="Transitions">The journal lines written: one for a new version, none when the same content was
/// registered before.</param>
public sealed record RegisteredVersion(string VersionId, string ContentHash, VersionManifest Manifest, RegistryTransition[] Transitions);

/// <summary>
/// A store of the model registry (docs/registry.md): per family a state (<c>registry.json</c>,
/// <see cref="FamilyRegistryState"/>), an append-only journal (<c>journal.jsonl</c>, one <see cref="RegistryTransition"/>
/// per line) and content-addressed versions (<c>manifest.json</c> plus the artefact files), with one writer per family at
/// a time. The rules of every change are <see cref="FamilyRegistry"/>'s, the manifest rules
/// <see cref="VersionManifestRules"/>'s, and a version is checked on load by <see cref="VersionVerifier"/>; the stores
/// differ only in where the bytes live and how writers exclude each other: <see cref="FileModelRegistry"/> (a folder and a
/// lock file) and the silo's <c>AzureBlobModelRegistry</c> (one blob container and a blob lease).
/// <para>Every change appends its journal lines first, then replaces the state; a journal longer than the state records
/// is refused at the next change (<see cref="InvalidDataException"/> naming both lengths) until
/// <see cref="RepairStateAsync"/>.</para>
/// </summary>
public interface IModelRegistry
{
    /// <summary>Where the store lives, for messages (e.g. <c>folder '/srv/state/registry'</c>).</summary>
    string Describe { get; }

    /// <summary>How long a write waits for its family's writer lock before it throws <see cref="TimeoutException"/>.</summary>
    TimeSpan LockTimeout { get; }

    /// <summary>Where a family, or one of its versions, lives, for messages and artefact records.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">A version id (16 lower-case hex digits), or null for the family itself.</param>
    /// <returns>A folder path, or <c>&lt;container&gt;/&lt;family&gt;[/&lt;version-id&gt;]</c>.</returns>
    /// <exception cref="ArgumentException">The family or the version id is malformed.</exception>
    string Location(string family, string? versionId = null);

    /// <summary>Registers a version: hashes the files, completes the manifest with them, derives the version id, writes
    /// the version whole (its manifest last) and journals the registration (candidate, or monitor-only for replayed or
    /// maintenance data). Registering identical content again returns the same id and journals nothing.</summary>
    /// <param name="draft">The manifest; its <see cref="VersionManifest.Files"/> is replaced by the files' hashes and
    /// sizes, and <see cref="VersionManifest.FormatVersion"/> by <see cref="VersionManifest.CurrentFormatVersion"/>.</param>
    /// <param name="files">The artefact files by name (at least one; plain names, not hidden, not <c>manifest.json</c>).</param>
    /// <param name="actor">Who registers (e.g. <c>training</c>).</param>
    /// <param name="cancellationToken">Cancels the wait for the lock and the storage calls.</param>
    /// <returns>The id, hash, manifest and journal lines.</returns>
    /// <exception cref="ArgumentException">A manifest field or file name is invalid (named in the message).</exception>
    /// <exception cref="ModelManifestMismatchException">A version with this id exists but its content differs.</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    Task<RegisteredVersion> RegisterAsync(VersionManifest draft, IReadOnlyDictionary<string, byte[]> files, string actor, CancellationToken cancellationToken = default);

    /// <summary>Loads a registered version and checks it (<see cref="VersionVerifier"/>): the manifest's content hash
    /// against the family's state, every artefact file's size and SHA-256 against the manifest, no file the manifest does
    /// not list, and, when given, the expectation's model type, schema and feature versions.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id.</param>
    /// <param name="expected">What the loading code requires, or null to check the hashes only.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>The version.</returns>
    /// <exception cref="KeyNotFoundException">The family has no such version.</exception>
    /// <exception cref="ModelManifestMismatchException">A hash or field differs (the field and both values are named).</exception>
    /// <exception cref="InvalidDataException">A file is missing, or the manifest is not valid JSON of a manifest.</exception>
    Task<LoadedVersion> LoadAsync(string family, string versionId, VersionExpectation? expected = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a family's state; an empty state when the family has none yet.</summary>
    /// <param name="family">The family.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>The state.</returns>
    /// <exception cref="InvalidDataException">The state is not a valid state of this family (location and reason named).</exception>
    Task<FamilyRegistryState> ReadStateAsync(string family, CancellationToken cancellationToken = default);

    /// <summary>Reads a registered version's manifest alone, checked against the family's state
    /// (<see cref="VersionVerifier.VerifyManifest"/>: format, rules, content hash, id), without reading its artefact
    /// files: for listings and gate reads; a model to serve is read with <see cref="LoadAsync"/>.</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="KeyNotFoundException">The family has no such version.</exception>
    /// <exception cref="InvalidDataException">The manifest is missing or malformed.</exception>
    /// <exception cref="ModelManifestMismatchException">Its content hash or a checked field differs.</exception>
    Task<VersionManifest> LoadManifestAsync(string family, string versionId, CancellationToken cancellationToken = default);

    /// <summary>Reads a family's journal, oldest first.</summary>
    /// <param name="family">The family.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>The transitions; empty when there are none.</returns>
    /// <exception cref="InvalidDataException">A line is not a transition, or the sequence numbers are not 1, 2, 3, …
    /// (the location and line number are named).</exception>
    Task<IReadOnlyList<RegistryTransition>> ReadJournalAsync(string family, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds a family's state from its journal alone (and each registered version's manifest)
    /// (<see cref="RegistryDocuments.ReplayAsync"/>). For an intact family the result equals <see cref="ReadStateAsync"/>.</summary>
    /// <param name="family">The family.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>The state the journal describes.</returns>
    /// <exception cref="InvalidDataException">The journal or a version is damaged, or a line does not follow from the
    /// lines before it (location and sequence named).</exception>
    Task<FamilyRegistryState> ReplayJournalAsync(string family, CancellationToken cancellationToken = default);

    /// <summary>Replaces a family's state by <see cref="ReplayJournalAsync"/> when the journal is longer than the state
    /// records (a change interrupted between its journal lines and its state); does nothing otherwise.</summary>
    /// <param name="family">The family.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock and the storage calls.</param>
    /// <returns>True when the state was rewritten.</returns>
    /// <exception cref="InvalidDataException">The state records more lines than the journal holds (the journal lost
    /// lines: not repairable here), or the journal is damaged.</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    Task<bool> RepairStateAsync(string family, CancellationToken cancellationToken = default);

    /// <summary>Promotes a version and journals it (<see cref="FamilyRegistry.Promote"/>).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version.</param>
    /// <param name="to">Shadow, canary or live.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="mode">Automatic or manual.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock and the storage calls.</param>
    /// <returns>The new state and the transitions written.</returns>
    /// <exception cref="InvalidOperationException">The rules refuse the change (<see cref="FamilyRegistry.Promote"/>).</exception>
    /// <exception cref="InvalidDataException">The journal is longer than the state records (call <see cref="RepairStateAsync"/>).</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    Task<RegistryChange> PromoteAsync(string family, string versionId, RegistryStage to, string reason, string actor, PromotionMode mode, CancellationToken cancellationToken = default);

    /// <summary>Rolls a version back and journals it (<see cref="FamilyRegistry.Rollback"/>).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The live, canary or shadow version.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="manual">True when a person asked for it.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock and the storage calls.</param>
    /// <returns>The new state and the transitions written.</returns>
    /// <exception cref="InvalidOperationException">The rules refuse the change (<see cref="FamilyRegistry.Rollback"/>).</exception>
    /// <exception cref="InvalidDataException">The journal is longer than the state records (call <see cref="RepairStateAsync"/>).</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    Task<RegistryChange> RollbackAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default);

    /// <summary>Retires a version that is not live and journals it (<see cref="FamilyRegistry.Retire"/>).</summary>
    /// <param name="family">The family.</param>
    /// <param name="versionId">The version.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="manual">True when a person asked for it.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock and the storage calls.</param>
    /// <returns>The new state and the transition written.</returns>
    /// <exception cref="InvalidOperationException">The rules refuse the change (<see cref="FamilyRegistry.Retire"/>).</exception>
    /// <exception cref="InvalidDataException">The journal is longer than the state records (call <see cref="RepairStateAsync"/>).</exception>
    /// <exception cref="TimeoutException">The family's lock was held by another writer past <see cref="LockTimeout"/>.</exception>
    Task<RegistryChange> RetireAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default);

    /// <summary>The families that have a state (a <c>registry.json</c>), sorted ordinally.</summary>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>The family names; empty when the store does not exist yet.</returns>
    Task<string[]> ListFamiliesAsync(CancellationToken cancellationToken = default);
}
