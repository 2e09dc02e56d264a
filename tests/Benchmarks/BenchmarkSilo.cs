using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Quant.Orleans.Benchmarks;

/// <summary>A plain Orleans silo in the benchmark's process (localhost clustering on a free loopback port, no client
/// gateway); grain calls go through its own <see cref="IGrainFactory"/>, as the replay's calls do. A second silo made
/// with <see cref="Join"/> forms a two-silo cluster with it, talking over TCP on loopback as separate processes would.</summary>
public sealed class BenchmarkSilo : IDisposable
{
    private readonly IHost _host;

    public BenchmarkSilo()
        : this(null, $"bench-{Guid.NewGuid():N}")
    {
    }

    private BenchmarkSilo(IPEndPoint? primary, string clusterId)
    {
        ClusterId = clusterId;
        Endpoint = new IPEndPoint(IPAddress.Loopback, FreePort());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(Endpoint.Port, 0, primary, "bench", clusterId));
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        Grains = _host.Services.GetRequiredService<IGrainFactory>();
        Address = _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    public IGrainFactory Grains { get; }

    /// <summary>The silo's address in the cluster.</summary>
    public SiloAddress Address { get; }

    private string ClusterId { get; }

    private IPEndPoint Endpoint { get; }

    /// <summary>Starts a second silo in this silo's cluster (this one is its primary).</summary>
    public BenchmarkSilo Join() => new(Endpoint, ClusterId);

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
