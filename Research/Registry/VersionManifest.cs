using System.Text.Json.Serialization;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// <c>manifest.json</c> of a registered model version (<c>registry/&lt;family&gt;/&lt;version-id&gt;/</c>): how the
/// version was made and the SHA-256 of every artefact file beside it. The version id is derived from this manifest
/// (<see cref="ContentAddress"/>), so the id names exactly these files and this provenance; loading recomputes every
/// hash and refuses a difference (<see cref="Models.ModelManifestMismatchException"/>).
/// </summary>
/// <param name="FormatVersion">Manifest format (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="Family">The model family, e.g. <c>student-us-equity</c> (lower case, digits, '.', '_', '-').</param>
/// <param name="ModelType">What the artefacts are, e.g. <c>chronos-student</c>, <c>judge-fasttree</c>.</param>
/// <param name="Schema">Input feature schema: its version and column order.</param>
/// <param name="FeatureVersions">Version of each feature generator the inputs came from (name → version, ≥ 1), e.g.
/// <c>{"wavelet_ukf": 3, "depth": 1}</c>; empty when the schema version says it all.</param>
/// <param name="Normalisation">The standardisation fitted on the training rows (its schema must equal
/// <paramref name="Schema"/>), or null for a model that reads raw features (trees).</param>
/// <param name="Data">What the version was trained on: regime, symbols, days and the hash of each record source.</param>
/// <param name="LineageId">Identifier shared by every version of one line of descent (e.g. the nightly refreshes of a
/// model since it was first trained from its seed).</param>
/// <param name="ParentVersions">Version ids this one was derived from: the teacher of a distilled student, the version a
/// warm start refreshed; empty for a model trained from its seed.</param>
/// <param name="Seed">Seed of initialisation and batch order.</param>
/// <param name="CodeVersion">The code that trained it (a git commit or release tag).</param>
/// <param name="TrainReportHash">SHA-256 (lower-case hex) of the training report; when the report is one of
/// <paramref name="Files"/> it must equal that file's hash.</param>
/// <param name="Metrics">Validation metrics, each with its method (<see cref="ModelMetric"/>).</param>
/// <param name="Gates">The promotion-gate outcomes at registration (<see cref="PromotionGate"/>); empty when none ran.</param>
/// <param name="Files">The artefact files with their SHA-256 and size, sorted by name (ordinal).</param>
/// <param name="CreatedUtc">When training finished (UTC); part of the content hash.</param>
public sealed record VersionManifest(
    int FormatVersion,
    string Family,
    string ModelType,
    FeatureSchema Schema,
    IReadOnlyDictionary<string, int> FeatureVersions,
    FittedScaler? Normalisation,
    DataProvenance Data,
    string LineageId,
    string[] ParentVersions,
    ulong Seed,
    string CodeVersion,
    string TrainReportHash,
    ModelMetric[] Metrics,
    GateResult[] Gates,
    ArtefactFile[] Files,
    DateTime CreatedUtc)
{
    /// <summary>The manifest format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>True when the version was built from anything but live production data: it can only be
    /// <see cref="RegistryStage.MonitorOnly"/> at registration.</summary>
    [JsonIgnore]
    public bool IsMonitorOnly => Data.Regime != DataRegime.ProdLive;
}

/// <summary>The data a version was trained on.</summary>
/// <param name="Regime">Live production data, replayed maintenance data or a mix (only <c>prod_live</c> can be
/// promoted automatically).</param>
/// <param name="Symbols">Symbols, upper case, in the order used.</param>
/// <param name="FirstDay">First trading day used (training or validation).</param>
/// <param name="LastDay">Last trading day used.</param>
/// <param name="Records">Number of input records read.</param>
/// <param name="RecordHashes">SHA-256 of each record source (a day's recorded file, a replay capture), sorted by source.</param>
public sealed record DataProvenance(DataRegime Regime, string[] Symbols, DateOnly FirstDay, DateOnly LastDay, long Records, RecordHash[] RecordHashes);

/// <summary>The SHA-256 of one record source.</summary>
/// <param name="Source">The source's name relative to its data root, e.g. <c>2013-10-09/aig.quotes</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
public sealed record RecordHash(string Source, string Sha256);

/// <summary>One artefact file of a version.</summary>
/// <param name="Name">File name inside the version folder (no folders, not <c>manifest.json</c>, not hidden).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
/// <param name="Bytes">Its length in bytes.</param>
public sealed record ArtefactFile(string Name, string Sha256, long Bytes);

/// <summary>A validation metric as the registry keeps it: the value with the method that produced it.</summary>
/// <param name="Name">Short name, e.g. <c>sharpe</c>, <c>crps</c>.</param>
/// <param name="Method">How it was computed (e.g. <c>daily_agg, 252 days/year</c>).</param>
/// <param name="Value">The number, null when there is none (see <paramref name="Status"/>).</param>
/// <param name="Status"><c>ok</c>, <c>insufficient_observation</c> or <c>undefined</c>.</param>
/// <param name="Observations">Observations used.</param>
/// <param name="Unit">Unit of the value, e.g. <c>ratio</c>, <c>fraction</c>.</param>
public sealed record ModelMetric(string Name, string Method, double? Value, string Status, int Observations, string Unit)
{
    /// <summary>The registry's copy of a <see cref="Metric"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>Its name, method, value, status, observations and unit.</returns>
    public static ModelMetric Of(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new ModelMetric(metric.Name, metric.Method, metric.Value, metric.StatusName, metric.Observations, metric.Unit);
    }
}
