using System.Globalization;

namespace Quant.Orleans.Research.Registry;

/// <summary>The field rules of a <see cref="VersionManifest"/>, checked at registration and again on load.</summary>
internal static class VersionManifestRules
{
    /// <summary>Checks every field.</summary>
    /// <param name="m">The manifest.</param>
    /// <exception cref="ArgumentException">A field breaks its rule; the message names the field and its value.</exception>
    public static void Validate(VersionManifest m)
    {
        FamilyRegistry.CheckFamily(m.Family);
        Require(!string.IsNullOrWhiteSpace(m.ModelType), "model_type", m.ModelType, "is blank");
        Require(m.Schema is not null && m.Schema.Version >= 1, "schema.version", m.Schema?.Version, "must be ≥ 1");
        Require(m.Schema!.Columns is { Length: > 0 } && m.Schema.Columns.Distinct(StringComparer.Ordinal).Count() == m.Schema.Columns.Length, "schema.columns", Join(m.Schema.Columns), "must be non-empty and distinct");
        foreach (var (name, version) in m.FeatureVersions)
        {
            Require(!string.IsNullOrWhiteSpace(name) && version >= 1, $"feature_versions.{name}", version, "must be ≥ 1 with a non-blank name");
        }

        if (m.Normalisation is { } scaler)
        {
            Require(scaler.Schema.SameAs(m.Schema), "normalisation.schema", $"{scaler.Schema.Version}:{Join(scaler.Schema.Columns)}", $"must equal schema {m.Schema.Version}:{Join(m.Schema.Columns)}");
            Require(scaler.Mean.Length == m.Schema.Width && scaler.Scale.Length == m.Schema.Width, "normalisation.mean/scale", $"{scaler.Mean.Length}/{scaler.Scale.Length}", $"must both have {m.Schema.Width} values");
        }

        var d = m.Data;
        Require(d is not null && d.Symbols is { Length: > 0 }, "data.symbols", Join(d?.Symbols), "must list at least one symbol");
        Require(d!.FirstDay <= d.LastDay, "data.first_day", d.FirstDay.ToString("O", CultureInfo.InvariantCulture), $"must not be after data.last_day {d.LastDay:O}");
        Require(d.Records >= 0, "data.records", d.Records, "must be ≥ 0");
        for (var i = 0; i < d.RecordHashes.Length; i++)
        {
            Require(IsHash(d.RecordHashes[i].Sha256, 64), $"data.record_hashes[{i}].sha256", d.RecordHashes[i].Sha256, "must be 64 lower-case hex digits");
        }

        Require(!string.IsNullOrWhiteSpace(m.LineageId), "lineage_id", m.LineageId, "is blank");
        foreach (var parent in m.ParentVersions)
        {
            Require(IsHash(parent, ContentAddress.IdLength), "parent_versions", parent, $"must be version ids ({ContentAddress.IdLength} lower-case hex digits)");
        }

        Require(!string.IsNullOrWhiteSpace(m.CodeVersion), "code_version", m.CodeVersion, "is blank");
        Require(IsHash(m.TrainReportHash, 64), "train_report_hash", m.TrainReportHash, "must be 64 lower-case hex digits");
        Require(m.Files.Length > 0, "files", m.Files.Length, "must list at least one file");
        for (var i = 0; i < m.Files.Length; i++)
        {
            Require(IsHash(m.Files[i].Sha256, 64), $"files[{m.Files[i].Name}].sha256", m.Files[i].Sha256, "must be 64 lower-case hex digits");
            Require(i == 0 || string.CompareOrdinal(m.Files[i - 1].Name, m.Files[i].Name) < 0, "files", Join(m.Files.Select(f => f.Name)), "must be sorted by name without repeats");
        }

        Require(m.CreatedUtc.Kind == DateTimeKind.Utc, "created_utc", m.CreatedUtc.ToString("O", CultureInfo.InvariantCulture), "must be UTC");
    }

    private static bool IsHash(string? text, int length) => text is not null && text.Length == length && text.All(c => char.IsAsciiDigit(c) || char.IsAsciiHexDigitLower(c));

    private static string Join(IEnumerable<string>? values) => values is null ? "null" : string.Join(",", values);

    private static void Require(bool ok, string field, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"manifest field '{field}' is '{value}': it {rule}."), "manifest");
        }
    }
}
