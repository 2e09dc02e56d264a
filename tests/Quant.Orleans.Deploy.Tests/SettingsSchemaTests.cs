using Quant.Orleans.Deploy.Tests.Support;

namespace Quant.Orleans.Deploy.Tests;

/// <summary>The schema the deployment checks rely on: it must know the silo's sections and refuse what the silo refuses.</summary>
public sealed class SettingsSchemaTests
{
    [Fact]
    public void TheSchemaHasEverySectionOfTheSilosSettings()
    {
        Assert.Equal(
            ["Cluster", "Dashboard", "Gateway", "Grid", "Journal", "Replay", "Risk", "Storage", "Strategy", "Training"],
            SettingsSchema.Sections.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("QO_Grid__SiloPort", "Grid:SiloPort")]
    [InlineData("QO_Grid__GatewayPort", "Grid:GatewayPort")]
    [InlineData("QO_Cluster__ConnectionString", "Cluster:ConnectionString")]
    [InlineData("QO_Cluster__Roles__0", "Cluster:Roles:0")]
    [InlineData("QO_Storage__Path", "Storage:Path")]
    [InlineData("QO_Storage__RegistryContainer", "Storage:RegistryContainer")]
    [InlineData("QO_Gateway__Urls", "Gateway:Urls")]
    [InlineData("QO_Replay__Symbols__2", "Replay:Symbols:2")]
    [InlineData("QO_Replay__RecordsFolder", "Replay:RecordsFolder")]
    [InlineData("QO_Risk__RestrictedSymbols__0", "Risk:RestrictedSymbols:0")]
    public void AVariableOfAnExistingSettingResolvesToItsKey(string variable, string key)
    {
        var (resolved, problem) = SettingsSchema.Resolve(variable);
        Assert.Null(problem);
        Assert.Equal(key, resolved);
    }

    [Theory]
    [InlineData("QO_Grid__SiloPrt", "'SiloPrt' is no setting of Grid")]
    [InlineData("QO_grid__SiloPort", "did you mean 'Grid'")]
    [InlineData("QO_Grid__siloport", "did you mean 'SiloPort'")]
    [InlineData("QO_Cluster", "names no setting")]
    [InlineData("QO_LOCAL_STATE", "names no setting")]
    [InlineData("QO_Silo__Port", "'Silo' is no section")]
    [InlineData("QO_Grid__SiloPort__0", "only a list setting takes an index")]
    [InlineData("QO_Cluster__RolesValue", "'RolesValue' is no setting of Cluster")]
    [InlineData("QO_Gateway__IsLoopback", "'IsLoopback' is no setting of Gateway")]
    [InlineData("QUANT_GATEWAY_TOKEN", "is not a silo setting")]
    public void AVariableThatNamesNoSettingIsRefusedWithTheReason(string variable, string reason)
    {
        var (key, problem) = SettingsSchema.Resolve(variable);
        Assert.Null(key);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ALaunchWithAnUnknownVariableOrOptionOrValueFails()
    {
        var good = new SiloLaunch("test", new Dictionary<string, string>
        {
            ["QO_Cluster__ConnectionString"] = "UseDevelopmentStorage=true",
            ["QO_Grid__SiloPort"] = "11111",
        }, ["serve", "--cluster", "--urls", "http://127.0.0.1:5080"]);
        var settings = good.Load();
        Assert.True(settings.Cluster.Enabled);
        Assert.Equal("http://127.0.0.1:5080", settings.Gateway.Urls);

        var unknownVariable = good with { Environment = new Dictionary<string, string>(good.Environment) { ["QO_Grid__SiloPrt"] = "1" } };
        Assert.NotEmpty(unknownVariable.UnknownSettings());
        var unknownOption = good with { Arguments = ["serve", "--clustre"] };
        Assert.NotEmpty(unknownOption.Parse().Errors);
        var badValue = good with { Environment = new Dictionary<string, string>(good.Environment) { ["QO_Grid__SiloPort"] = "70000" } };
        var failure = Assert.ThrowsAny<Exception>(() => badValue.Load());
        Assert.Contains("Grid:SiloPort", failure.Message, StringComparison.Ordinal);
        var clusterWithoutStorage = good with { Environment = new Dictionary<string, string>() };
        failure = Assert.ThrowsAny<Exception>(() => clusterWithoutStorage.Load());
        Assert.Contains("Cluster:ConnectionString", failure.Message, StringComparison.Ordinal);
    }
}
