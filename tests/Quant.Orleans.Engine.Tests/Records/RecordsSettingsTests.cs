using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Engine.Tests.Records;

/// <summary>The replay's recording settings: off by default, the regime checked by name.</summary>
public sealed class RecordsSettingsTests
{
    [Fact]
    public void RecordingIsOffByDefaultAndTheShippedSettingsKeepItOff()
    {
        Assert.False(new ReplaySettings().Records);
        var shipped = SettingsLoader.Load(null, new Dictionary<string, string?>());
        Assert.False(shipped.Replay.Records);
        Assert.Equal("maintenance_replay", shipped.Replay.RecordsRegime);
        Assert.Empty(shipped.Validate());
    }

    [Theory]
    [InlineData("maintenance_replay", true)]
    [InlineData("prod_live", true)]
    [InlineData("mixed", false)]
    [InlineData("Prod_Live", false)]
    public void TheRegimeIsProdLiveOrMaintenanceReplay(string regime, bool valid)
    {
        var problems = new ReplaySettings { RecordsFolder = "records", RecordsRegime = regime }.Validate().ToList();
        if (valid)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.StartsWith("Replay:RecordsRegime must be 'maintenance_replay' or 'prod_live', got '" + regime + "'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AConfiguredFolderTurnsRecordingOnAndIsRelativeToTheRepositoryRoot()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Replay:RecordsFolder"] = "runs/records" });
        Assert.True(settings.Replay.Records);
        Assert.Equal(Path.GetFullPath("runs/records", SettingsLoader.BaseDirectory()), settings.Replay.RecordsFolder);
    }
}
