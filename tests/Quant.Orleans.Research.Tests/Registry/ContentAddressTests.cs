using System.Text;
using System.Text.Json;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Registry;

public sealed class ContentAddressTests
{
    private static string Fixture(string name) => Path.Combine(TestData.RepositoryRoot, "tests", "Quant.Orleans.Research.Tests", "Registry", name);

    /// <summary>The content hash of <c>content_hash_manifest.json</c> as Python computes it (hashlib over
    /// <c>json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False)</c>): <c>content_hash_fixture.json</c>,
    /// written by <c>make_content_hash_fixture.py</c> in this folder under /usr/bin/python3.</summary>
    [Fact]
    public void TheContentHashEqualsPythonsSha256OfTheCanonicalJson()
    {
        var manifest = JsonSerializer.Deserialize<VersionManifest>(File.ReadAllText(Fixture("content_hash_manifest.json")), RegistryJson.Indented)!;
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("content_hash_fixture.json")));
        Assert.Equal(expected.RootElement.GetProperty("sha256").GetString(), ContentAddress.Hash(manifest));
        Assert.Equal(expected.RootElement.GetProperty("version_id").GetString(), ContentAddress.VersionId(ContentAddress.Hash(manifest)));

        var canonical = Encoding.UTF8.GetString(ContentAddress.CanonicalJson(manifest));
        Assert.Contains("≥ 1.00 & <2 \\\"quoted\\\" é", canonical, StringComparison.Ordinal);
        Assert.DoesNotContain(" \"", canonical, StringComparison.Ordinal);
        Assert.StartsWith("{\"code_version\":\"3d15622\",\"created_utc\":", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyFieldChangesTheHash()
    {
        var manifest = RegistryTestData.Manifest() with { Files = [new ArtefactFile("model.safetensors", new string('c', 64), 4)] };
        var hash = ContentAddress.Hash(manifest);
        Assert.Equal(hash, ContentAddress.Hash(manifest with { }));
        Assert.NotEqual(hash, ContentAddress.Hash(manifest with { Seed = 43 }));
        Assert.NotEqual(hash, ContentAddress.Hash(manifest with { CodeVersion = "3d15623" }));
        Assert.NotEqual(hash, ContentAddress.Hash(manifest with { Files = [new ArtefactFile("model.safetensors", new string('c', 63) + "d", 4)] }));
        Assert.NotEqual(hash, ContentAddress.Hash(manifest with { Data = manifest.Data with { LastDay = manifest.Data.LastDay.AddDays(1) } }));
    }
}
