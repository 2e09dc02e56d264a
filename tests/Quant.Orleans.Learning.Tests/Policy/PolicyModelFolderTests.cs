using System.Text.Json.Nodes;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Policy;

/// <summary>
/// <see cref="PolicyModelFolder"/>: a written folder reads back to the same weights and manifest; every tampered field
/// is refused naming it; and a head with fixed weights serves the closed-form position (α − β)/(α + β) of
/// <c>tests/Quant.Orleans.Trading.Tests/Sizing/policy_hand_values.py</c> — the same weights the portfolio's policy
/// sizing test uses.
/// </summary>
public sealed class PolicyModelFolderTests : IDisposable
{
    private const string TrainingDataHash = "5a4401e9137f0000000000000000000000000000000000000000000000000000";
    private static readonly DateTimeOffset Created = new(2026, 12, 6, 21, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new("qo-policy-folder");

    public void Dispose() => _temp.Dispose();

    private string Folder => Path.Combine(_temp.Path, "policy-beta-test");

    private static PolicyHead Head(int seed = 3) =>
        new(new PolicyHeadConfig { Features = PolicyState.Width, Hidden = [8, 8], Activation = Activation.Tanh }, new DeterministicRandom((ulong)seed));

    private string WriteFolder(PolicyHead? head = null)
    {
        PolicyModelFolder.Write(Folder, head ?? Head(), "policy-beta-2026-12-06", 4, TrainingDataHash, Created);
        return Folder;
    }

    [Fact]
    public void AWrittenFolderReadsBackBitForBit()
    {
        var head = Head();
        var written = PolicyModelFolder.Write(Folder, head, "policy-beta-2026-12-06", 4, TrainingDataHash, Created);
        var loaded = PolicyModelFolder.Read(Folder);

        Assert.Equal((1, "policy-beta", "policy-beta-2026-12-06", 4UL, TrainingDataHash, Created), (loaded.Manifest.FormatVersion, loaded.Manifest.ModelType, loaded.Manifest.Version, loaded.Manifest.Seed, loaded.Manifest.TrainingDataHash, loaded.Manifest.CreatedUtc));
        Assert.Equal(written.WeightsSha256, loaded.Manifest.WeightsSha256);
        Assert.Equal(PolicyState.Version, loaded.Manifest.FeatureSchema.Version);
        Assert.Equal(PolicyState.Columns, loaded.Manifest.FeatureSchema.Columns);
        Assert.Equal((PolicyState.Width, Activation.Tanh), (loaded.Manifest.Config.Features, loaded.Manifest.Config.Activation));
        Assert.Equal([8, 8], loaded.Manifest.Config.Hidden);
        var expected = head.StateDict();
        var actual = loaded.Head.StateDict();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in expected)
        {
            Assert.Equal(tensor.ToArray(), actual[name].ToArray());
        }

        var state = new float[PolicyState.Width];
        PolicyState.Write(0.002, 0.001, TimeSpan.FromSeconds(60), 2e-4, 5e-6, state);
        Assert.Equal(new PolicyHeadInference(head).Position(state), new PolicyHeadInference(loaded.Head).Position(state));

        var text = File.ReadAllText(Path.Combine(Folder, PolicyModelFolder.ManifestFile));
        Assert.Contains("\"model_type\": \"policy-beta\"", text, StringComparison.Ordinal);
        Assert.Contains("\"activation\": \"tanh\"", text, StringComparison.Ordinal);
        Assert.Contains("\"weights_sha256\": \"" + PolicyModelFolder.Sha256(File.ReadAllBytes(Path.Combine(Folder, PolicyModelFolder.WeightsFile))) + "\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RewritingAFolderReplacesIt()
    {
        WriteFolder(Head(3));
        var second = PolicyModelFolder.Write(Folder, Head(5), "policy-beta-2", 5, TrainingDataHash, Created);
        var loaded = PolicyModelFolder.Read(Folder);
        Assert.Equal(("policy-beta-2", second.WeightsSha256), (loaded.Manifest.Version, loaded.Manifest.WeightsSha256));
        Assert.Single(Directory.GetDirectories(_temp.Path)); // no temporary or old folder left beside it
    }

    [Theory]
    [InlineData("format_version", "2")]
    [InlineData("model_type", "\"chronos-student\"")]
    [InlineData("version", "\"has space\"")]
    [InlineData("feature_schema.version", "2")]
    [InlineData("feature_schema.columns", "[\"forecast_to_noise\",\"log_noise_per_root_second\",\"trend\",\"realised_to_noise\"]")]
    [InlineData("config.features", "5")]
    [InlineData("config.hidden", "[8,0]")]
    [InlineData("training_data_hash", "\"\"")]
    [InlineData("weights_sha256", "\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    public void ATamperedManifestFieldIsRefusedByName(string field, string json)
    {
        WriteFolder();
        Tamper(field, JsonNode.Parse(json));
        var e = Assert.Throws<PolicyModelMismatchException>(() => PolicyModelFolder.Read(Folder));
        Assert.Contains($"'{field}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedWeightsAreRefusedByTheirHash()
    {
        WriteFolder();
        var path = Path.Combine(Folder, PolicyModelFolder.WeightsFile);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01; // one bit of the last weight
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<PolicyModelMismatchException>(() => PolicyModelFolder.Read(Folder));
        Assert.Contains("'weights_sha256'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigThatDoesNotFitTheWeightsIsRefusedNamingTheTensor()
    {
        WriteFolder();
        Tamper("config.hidden", JsonNode.Parse("[8,9]")); // the hash still matches the weights: the shapes do not
        var e = Assert.Throws<PolicyModelMismatchException>(() => PolicyModelFolder.Read(Folder));
        Assert.Contains("mlp.layers.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOrMissingFieldIsRefusedWithItsName()
    {
        WriteFolder();
        Tamper("learning_rate", JsonNode.Parse("0.01"));
        var unknown = Assert.Throws<InvalidDataException>(() => PolicyModelFolder.Read(Folder));
        Assert.Contains("learning_rate", unknown.Message, StringComparison.Ordinal);

        WriteFolder();
        var path = Path.Combine(Folder, PolicyModelFolder.ManifestFile);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest.Remove("seed");
        File.WriteAllText(path, manifest.ToJsonString());
        var missing = Assert.Throws<InvalidDataException>(() => PolicyModelFolder.Read(Folder));
        Assert.Contains("seed", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFilesAreRefusedWithTheirNames()
    {
        Assert.Contains(PolicyModelFolder.ManifestFile, Assert.Throws<InvalidDataException>(() => PolicyModelFolder.Read(Folder)).Message, StringComparison.Ordinal);
        WriteFolder();
        File.Delete(Path.Combine(Folder, PolicyModelFolder.WeightsFile));
        Assert.Contains(PolicyModelFolder.WeightsFile, Assert.Throws<InvalidDataException>(() => PolicyModelFolder.Read(Folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRefusesWhatReadWouldRefuse()
    {
        Assert.Equal("version", Assert.Throws<ArgumentException>(() => PolicyModelFolder.Write(Folder, Head(), "a,b", 4, TrainingDataHash, Created)).ParamName);
        Assert.Equal("trainingDataHash", Assert.Throws<ArgumentException>(() => PolicyModelFolder.Write(Folder, Head(), "v1", 4, " ", Created)).ParamName);
        var three = new PolicyHead(new PolicyHeadConfig { Features = 3 }, new DeterministicRandom(1));
        Assert.Equal("head", Assert.Throws<ArgumentException>(() => PolicyModelFolder.Write(Folder, three, "v1", 4, TrainingDataHash, Created)).ParamName);
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public void AHeadWithFixedWeightsServesTheClosedFormPosition()
    {
        // one linear layer (no hidden layer): z = W s + b with the weights of policy_hand_values.py
        var head = new PolicyHead(new PolicyHeadConfig { Features = PolicyState.Width, Hidden = [] }, new DeterministicRandom(1));
        var parameters = head.StateDict();
        Assert.Equal(["mlp.layers.0.bias", "mlp.layers.0.weight"], parameters.Keys.Order(StringComparer.Ordinal));
        parameters["mlp.layers.0.weight"].CopyFrom([1.0f, 0.0f, 0.5f, 0.0f, 0.0f, 0.1f, 0.0f, -0.2f]);
        parameters["mlp.layers.0.bias"].CopyFrom([0.1f, -0.1f]);
        PolicyModelFolder.Write(Folder, head, "fixed", 0, TrainingDataHash, Created);
        var served = new PolicyHeadInference(PolicyModelFolder.Read(Folder).Head);

        var state = new float[PolicyState.Width];
        PolicyState.Write(0.002, 0.001, TimeSpan.FromSeconds(60), 2e-4, 5e-6, state);
        var (alpha, beta) = served.Parameters(state);
        Tolerance.AssertClose(3.350206558916747, alpha, Tolerance.TorchParityFloat32, "alpha = softplus(z0) + 1");
        Tolerance.AssertClose(1.5193465560892898, beta, Tolerance.TorchParityFloat32, "beta = softplus(z1) + 1");
        Tolerance.AssertClose(0.3759811135821624, served.Position(state), Tolerance.TorchParityFloat32, "(alpha - beta)/(alpha + beta)");

        PolicyState.Write(-0.003, 0.001, TimeSpan.FromSeconds(60), 2e-4, -5e-6, state);
        Tolerance.AssertClose(-0.18439020392357347, served.Position(state), Tolerance.TorchParityFloat32, "(alpha - beta)/(alpha + beta)");
    }

    /// <summary>Sets a (dotted) manifest field to <paramref name="value"/> and writes the manifest back.</summary>
    private void Tamper(string field, JsonNode? value)
    {
        var path = Path.Combine(Folder, PolicyModelFolder.ManifestFile);
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var parts = field.Split('.');
        var target = node;
        foreach (var part in parts[..^1])
        {
            target = target[part]!.AsObject();
        }

        target[parts[^1]] = value;
        File.WriteAllText(path, node.ToJsonString());
    }
}
