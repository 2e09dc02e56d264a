using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Quant.Orleans.Benchmarks;

/// <summary>A plain Orleans silo in the benchmark's process (localhost clustering on a free loopback port, no client
/// gateway); grain calls go through its own <see cref="IGrainFactory"/>, as the replay's calls do.</summary>
public sealed class BenchmarkSilo : IDisposable
{
    private readonly IHost _host;

    public BenchmarkSilo()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), 0, null, "bench", $"bench-{Guid.NewGuid():N}"));
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        Grains = _host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    public void Dispose()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
