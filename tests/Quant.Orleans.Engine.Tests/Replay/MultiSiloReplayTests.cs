using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Hosting;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Replay;

/// <summary>The replay through an Orleans TestingHost cluster of two silos, driven through the cluster's client: every
/// batch, signal, order, report and grain state crosses the serializer (surrogates and codecs on the wire), and the
/// grains are placed over both silos. The orders must be those of the single in-process silo, byte for byte.</summary>
public sealed class MultiSiloReplayTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-multi-silo");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AReplayOverTwoSilosGivesTheOrderLogOfOne()
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm");
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = data,
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-08",
            ["Replay:Symbols:0"] = "IBM",
            ["Replay:Symbols:1"] = "BAC",
            ["Replay:Output"] = _folder.Path,
        });

        ReplayResult single;
        await using (var grid = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true }))
        {
            await grid.StartAsync(TestContext.Current.CancellationToken);
            single = await new ReplayJob(settings.Replay, grid.Grains).RunAsync(TestContext.Current.CancellationToken);
        }

        var strategy = GridSiloConfiguration.Strategy(settings, new GridSiloOptions { MemoryStorage = true });
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddTradingGrid(strategy, new TradingEventHub());
            silo.AddMemoryGrainStorage(GridStorage.Name);
        });
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        var two = await new ReplayJob(settings.Replay, cluster.Client).RunAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(single.Record.Fills);
        Assert.Equal(ReplayOutputs.OrdersCsv(single.Record.Orders), ReplayOutputs.OrdersCsv(two.Record.Orders));
        Assert.Equal(single.Record.Fills, two.Record.Fills);
        Assert.Equal(single.Portfolio.Cash, two.Portfolio.Cash);
        Assert.Equal(single.Symbols, two.Symbols);
        await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
    }
}
