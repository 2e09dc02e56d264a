using System.Text.Json.Nodes;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Research.Tests.Models;

public sealed class ModelFolderTests : IDisposable
{
    private static readonly FeatureSchema Schema = new(3, ["slope", "spread", "imbalance"]);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "qo-model-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static ModelManifest Manifest() => new(
        ModelManifest.CurrentFormatVersion,
        "chronos-student",
        "chronos-student-2013-10-09-abcdef12",
        Schema,
        new FittedScaler(FittedScaler.CurrentFormatVersion, Schema, [0.1, 0.2, 0.3], [1, 2, 3], 100),
        new TokenBinning(64, -15, 15),
        [0.1, 0.5, 0.9],
        [10, 60, 300],
        1,
        64,
        new Dictionary<string, int> { ["model"] = 64, ["layers"] = 2 },
        new TrainingDataRange(["AIG", "IBM"], [new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8)], "00ff"),
        42,
        "chronos-teacher-2013-10-09-12345678",
        string.Empty,
        string.Empty,
        new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc));

    private static ModelExpectation Expectation() => new("chronos-student", Schema, [10, 60, 300], 1, 64, [0.1, 0.5, 0.9]);

    [Fact]
    public void AWrittenFolderReadsBackWithItsHashesAndEveryField()
    {
        var folder = Path.Combine(_root, "m1");
        var written = ModelFolder.Write(folder, Manifest(), [1, 2, 3, 4], "{\"loss\": 0.5}");
        Assert.Equal(ModelFolder.Sha256([1, 2, 3, 4]), written.WeightsHash);
        var loaded = ModelFolder.Read(folder, Expectation());
        Assert.Equal([1, 2, 3, 4], loaded.Weights);
        Assert.Equal("{\"loss\": 0.5}", loaded.ReportJson);
        Assert.Equal(written.TrainReportHash, loaded.Manifest.TrainReportHash);
        Assert.Equal(42UL, loaded.Manifest.Seed);
        Assert.Equal("chronos-teacher-2013-10-09-12345678", loaded.Manifest.ParentTeacherVersion);
        Assert.Equal(new DateOnly(2013, 10, 8), loaded.Manifest.Data.Days[1]);
        Assert.Equal(64, loaded.Manifest.Architecture["model"]);
        Assert.Equal([1.0, 2, 3], loaded.Manifest.Scaler.Scale);
        Assert.DoesNotContain(Directory.GetDirectories(_root), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Theory]
    [InlineData("horizons_seconds")]
    [InlineData("window")]
    [InlineData("model_type")]
    [InlineData("schema.columns")]
    [InlineData("quantiles")]
    public void AManifestThatDoesNotMatchTheCodeIsRefusedNamingTheField(string field)
    {
        var folder = Path.Combine(_root, "m2");
        ModelFolder.Write(folder, Manifest(), [9], "{}");
        var expected = field switch
        {
            "horizons_seconds" => Expectation() with { HorizonsSeconds = [10, 60] },
            "window" => Expectation() with { Window = 32 },
            "model_type" => Expectation() with { ModelType = "chronos-teacher" },
            "schema.columns" => Expectation() with { Schema = new FeatureSchema(3, ["slope", "imbalance", "spread"]) },
            _ => Expectation() with { Quantiles = [0.5] },
        };
        var e = Assert.Throws<ModelManifestMismatchException>(() => ModelFolder.Read(folder, expected));
        Assert.Contains($"field '{field}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(folder, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlteredWeightsOrAnEditedManifestAreCaught()
    {
        var folder = Path.Combine(_root, "m3");
        ModelFolder.Write(folder, Manifest(), [1, 2, 3], "{}");
        File.WriteAllBytes(Path.Combine(folder, ModelFolder.WeightsFile), [1, 2, 4]);
        var e = Assert.Throws<ModelManifestMismatchException>(() => ModelFolder.Read(folder, Expectation()));
        Assert.Contains("weights_hash", e.Message, StringComparison.Ordinal);

        var manifestPath = Path.Combine(folder, ModelFolder.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        json["schema"]!["version"] = 4;
        File.WriteAllText(manifestPath, json.ToJsonString());
        e = Assert.Throws<ModelManifestMismatchException>(() => ModelFolder.Read(folder, Expectation()));
        Assert.Contains("schema.version", e.Message, StringComparison.Ordinal);

        File.WriteAllText(manifestPath, "{ not json");
        var bad = Assert.Throws<InvalidDataException>(() => ModelFolder.Read(folder, Expectation()));
        Assert.Contains(manifestPath, bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RewritingAFolderReplacesItWhole()
    {
        var folder = Path.Combine(_root, "m4");
        ModelFolder.Write(folder, Manifest(), [1], "{\"v\": 1}");
        ModelFolder.Write(folder, Manifest() with { Seed = 7 }, [2, 2], "{\"v\": 2}");
        var loaded = ModelFolder.Read(folder, Expectation());
        Assert.Equal(7UL, loaded.Manifest.Seed);
        Assert.Equal([2, 2], loaded.Weights);
        Assert.Single(Directory.GetDirectories(_root));
    }
}
