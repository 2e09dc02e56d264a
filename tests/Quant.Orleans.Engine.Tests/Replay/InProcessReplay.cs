using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Engine.Tests.Replay;

/// <summary>Runs a replay through a private silo in this process (memory storage) with settings overrides.</summary>
internal static class InProcessReplay
{
    public static async Task<ReplayResult> RunAsync(Dictionary<string, string?> overrides)
    {
        var settings = SettingsLoader.Load(null, overrides);
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true });
        await runtime.StartAsync();
        try
        {
            return await new ReplayJob(settings.Replay, runtime.Grains).RunAsync();
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }
}
