using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Tests.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qo-settings", Guid.NewGuid().ToString("N"));

    public SettingsLoaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void DefaultsLoadAndValidate()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>());

        Assert.Equal(["AIG", "BAC", "IBM"], settings.Replay.Symbols);
        Assert.Equal(new DateOnly(2013, 10, 7), settings.Replay.From);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Grid.ResponseTimeout);
        Assert.True(Path.IsPathRooted(settings.Replay.DataFolder));
    }

    [Fact]
    public void UnknownKeyIsRejectedWithItsName()
    {
        var file = Write("""{ "Replay": { "Symbolz": ["IBM"] } }""");

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, new Dictionary<string, string?>()));

        Assert.Contains("Symbolz", error.Message);
    }

    [Fact]
    public void UnknownSectionIsRejected()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gird:ResponseTimeout"] = "00:00:05" }));

        Assert.Contains("Gird", error.Message);
    }

    [Fact]
    public void ClusterSettingsAreCheckedWithKeyValueAndRule()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Cluster:Enabled"] = "true",
            ["Cluster:AdvertisedAddress"] = "silo-1.local",
            ["Cluster:Roles:0"] = "GPU",
            ["Cluster:JournalContainer"] = "Journal_Container",
            ["Cluster:MissedProbesLimit"] = "0",
        }));

        Assert.Contains("Cluster:ConnectionString must be set in cluster mode", error.Message);
        Assert.Contains("Cluster:AdvertisedAddress must be an IP address, got 'silo-1.local'", error.Message);
        Assert.Contains("Cluster:Roles has an invalid role 'GPU'", error.Message);
        Assert.Contains("Cluster:JournalContainer must be 3..63 lower-case letters, digits and '-', got 'Journal_Container'", error.Message);
        Assert.Contains("Cluster:MissedProbesLimit and Cluster:VotesForDeathDeclaration must be in [1, 10], got 0 and 1", error.Message);
    }

    [Fact]
    public void ClusterModeIsOffByDefaultAndTunedForTakeoverInSecondsWhenOn()
    {
        var standalone = SettingsLoader.Load(null, new Dictionary<string, string?>());
        var clustered = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Cluster:Enabled"] = "true",
            ["Cluster:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Cluster:Roles:0"] = "gpu",
        });

        Assert.False(standalone.Cluster.Enabled);
        Assert.True(clustered.Cluster.Enabled);
        Assert.Equal("gpu", clustered.Cluster.RolesValue);

        // Orleans's defaults (5 s probe time-out, 3 missed probes, 2 votes, 60 s table refresh) take about a minute to
        // declare a silo dead; these take a few seconds.
        Assert.Equal(TimeSpan.FromSeconds(1), clustered.Cluster.ProbeTimeout);
        Assert.Equal(2, clustered.Cluster.MissedProbesLimit);
        Assert.Equal(1, clustered.Cluster.VotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(2), clustered.Cluster.TableRefreshTimeout);
    }

    [Fact]
    public void InvalidValuesAreAllReportedWithKeyValueAndRule()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Grid:ResponseTimeout"] = "-00:00:01",
            ["Replay:From"] = "2013-10-10",
            ["Replay:To"] = "2013-10-07",
            ["Gateway:Urls"] = "http://0.0.0.0:5080",
            ["Strategy:KellyFraction"] = "1.5",
        }));

        Assert.Contains("ResponseTimeout must be positive, got -00:00:01", error.Message);
        Assert.Contains("Replay:To (--to) 2013-10-07 is before Replay:From (--from) 2013-10-10", error.Message);
        Assert.Contains("loopback", error.Message);
        Assert.Contains("Strategy:KellyFraction must be in (0, 1], got 1.5", error.Message);
    }

    [Fact]
    public void MalformedValueAndMissingFileAreClearErrors()
    {
        var bad = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Replay:BatchSize"] = "many" }));
        Assert.Contains("BatchSize", bad.Message);

        var missing = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Path.Combine(_folder, "nope.json"), new Dictionary<string, string?>()));
        Assert.Contains("nope.json", missing.Message);

        var malformed = Assert.Throws<SettingsException>(() => SettingsLoader.Load(Write("{ \"Replay\": "), new Dictionary<string, string?>()));
        Assert.Contains("malformed", malformed.Message);
    }

    [Fact]
    public void CommandLineOverridesReplaceTheSymbolList()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Replay:Symbols:0"] = "IBM" });

        Assert.Equal(["IBM"], settings.Replay.Symbols);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
