using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;
using Quant.Orleans.Grains.Training;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>The training settings refuse bad values with the setting's name, and the silo extension refuses a silo that
/// does not publish metadata.</summary>
public sealed class TrainingOptionsTests
{
    [Fact]
    public void DefaultsAreValidAndBadSettingsAreNamed()
    {
        new TrainingOptions().Validate();

        Assert.Equal("TimeZoneId", Assert.Throws<ArgumentException>(() => new TrainingOptions { TimeZoneId = "Mars/Olympus" }.Validate()).ParamName);
        Assert.Equal("Days", Assert.Throws<ArgumentException>(() => new TrainingOptions { Days = [] }.Validate()).ParamName);
        Assert.Equal("Days", Assert.Throws<ArgumentException>(() => new TrainingOptions { Days = [(DayOfWeek)7] }.Validate()).ParamName);
        Assert.Equal("Families", Assert.Throws<ArgumentException>(() => new TrainingOptions { Families = ["a", " "] }.Validate()).ParamName);
        var repeated = Assert.Throws<ArgumentException>(() => new TrainingOptions { Families = ["a", "b", "a"] }.Validate());
        Assert.Contains("Families[2] = 'a' repeats Families[0]", repeated.Message, StringComparison.Ordinal);
        Assert.Equal("ResumeCheckPeriod", Assert.Throws<ArgumentException>(() => new TrainingOptions { ResumeCheckPeriod = TimeSpan.FromSeconds(30) }.Validate()).ParamName);
    }

    [Fact]
    public async Task ASiloWithoutMetadataIsRefused()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        InvalidOperationException? refused = null;
        builder.ConfigureSilo((_, silo) =>
        {
            refused = Assert.Throws<InvalidOperationException>(() => silo.AddTrainingGrains());
            silo.UseSiloMetadata(new Dictionary<string, string>());
            silo.AddTrainingGrains();
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);

        Assert.Contains("UseSiloMetadata", refused!.Message, StringComparison.Ordinal);
        await cluster.StopAllSilosAsync(CancellationToken.None);
    }
}
