using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Tests.Registry;

/// <summary>Manifests and artefact files for the registry tests.</summary>
internal static class RegistryTestData
{
    public const string Family = "student-us-equity";

    public static readonly FeatureSchema Schema = new(3, ["slope", "spread", "imbalance"]);

    public static readonly DateTime T0 = new(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc);

    public static VersionManifest Manifest(ulong seed = 42, DataRegime regime = DataRegime.ProdLive) => new(
        VersionManifest.CurrentFormatVersion,
        Family,
        "chronos-student",
        Schema,
        new Dictionary<string, int> { ["wavelet_ukf"] = 3, ["depth"] = 1 },
        new FittedScaler(FittedScaler.CurrentFormatVersion, Schema, [0.1, 0.2, 0.3], [1, 2, 3], 100),
        new DataProvenance(regime, ["AIG", "IBM"], new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 9), 123_456, [new RecordHash("2013-10-07/aig.quotes", new string('a', 64))]),
        "lineage-1",
        ["0123456789abcdef"],
        seed,
        "3d15622",
        new string('b', 64),
        [new ModelMetric("sharpe", "daily_agg, 252 days/year", 1.2, "ok", 60, "ratio")],
        [new GateResult("min_sortino", true, "all 3 runs ≥ 1.00")],
        [],
        T0);

    public static Dictionary<string, byte[]> Files(byte first = 1) => new()
    {
        ["model.safetensors"] = [first, 2, 3, 4],
        ["report.json"] = "{\"loss\":0.5}"u8.ToArray(),
    };

    /// <summary>A state with <paramref name="count"/> prod versions registered (ids from distinct content hashes).</summary>
    public static (FamilyRegistryState State, string[] Ids) StateWith(int count, DataRegime regime = DataRegime.ProdLive)
    {
        var state = FamilyRegistryState.Empty(Family);
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var manifest = Manifest((ulong)i, regime) with { Files = [new ArtefactFile("model.safetensors", new string((char)('0' + i), 64), 4)] };
            var hash = ContentAddress.Hash(manifest);
            ids[i] = ContentAddress.VersionId(hash);
            state = FamilyRegistry.Register(state, hash, manifest, "training", T0).State;
        }

        return (state, ids);
    }
}
