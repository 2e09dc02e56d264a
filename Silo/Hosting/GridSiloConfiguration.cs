using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Hosting;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Storage;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>Configures an Orleans silo from the settings: localhost clustering on the configured ports (or a private
/// port for an in-process silo), the runtime options of <see cref="GridSettings"/>, the grain-storage provider
/// <see cref="GridStorage.Name"/> of <see cref="StorageSettings"/> (states encoded by Orleans's binary serializer), and
/// the trading grains with the strategy.</summary>
public static class GridSiloConfiguration
{
    /// <summary>The name Orleans's Azure Blob provider is registered under (behind <see cref="GridStorage.Name"/>).</summary>
    public const string AzureBlobProviderName = "AzureBlob";

    /// <summary>The strategy options the grains get from <paramref name="settings"/> and <paramref name="options"/>.</summary>
    public static StrategyOptions Strategy(SiloSettings settings, GridSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var strategy = options.Strategy ?? settings.Strategy.ToOptions(settings.Risk);
        return strategy with
        {
            Venue = strategy.Venue with { RejectLateArrivals = options.RejectLateArrivals },
            JournalDirectory = options.JournalDirectory,
            CheckpointInterval = settings.Grid.CheckpointInterval,
            PersistOnDeactivation = !(options.MemoryStorage || settings.Storage.Provider == "memory"),
        };
    }

    /// <summary>Applies the settings to <paramref name="silo"/>.</summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="settings">Validated settings.</param>
    /// <param name="options">The command's choices.</param>
    public static void Configure(ISiloBuilder silo, SiloSettings settings, GridSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var grid = settings.Grid;
        if (options.Private)
        {
            silo.UseLocalhostClustering(FreeLoopbackPort(), 0, null, grid.ServiceId, $"private-{Guid.NewGuid():N}");
        }
        else
        {
            silo.UseLocalhostClustering(grid.SiloPort, grid.GatewayPort, null, grid.ServiceId, grid.ClusterId);
        }

        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = grid.ResponseTimeout);
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = grid.CollectionAge;
            o.CollectionQuantum = grid.CollectionQuantum;
            o.DeactivationTimeout = grid.DeactivationTimeout;
        });

        // Every provider encodes states with Orleans's binary serializer (the domain types through their surrogates).
        silo.Services.AddSingleton<IGrainStorageSerializer>(sp => ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp));
        var storage = settings.Storage;
        switch (options.MemoryStorage ? "memory" : storage.Provider)
        {
            case "memory":
                silo.AddMemoryGrainStorage(GridStorage.Name);
                break;
            case "azureblob":
                // Orleans's provider under a name of its own, behind one that names the blob of a damaged record.
                silo.AddAzureBlobGrainStorage(AzureBlobProviderName, o =>
                {
                    o.BlobServiceClient = new BlobServiceClient(storage.ConnectionString);
                    o.ContainerName = storage.Container;
                });
                silo.Services.AddGrainStorage(GridStorage.Name, (sp, _) => new LocatedGrainStorage(
                    sp.GetRequiredKeyedService<IGrainStorage>(AzureBlobProviderName),
                    (state, grain) => LocatedGrainStorage.AzureBlobLocation(storage.Container, state, grain)));
                break;
            default:
                silo.Services.AddGrainStorage(GridStorage.Name, (sp, _) => new FileGrainStorage(storage.Path, sp.GetRequiredService<IGrainStorageSerializer>()));
                break;
        }

        silo.AddTradingGrid(Strategy(settings, options), options.Hub);
    }

    /// <summary>Why the silo's ports cannot be used (Orleans opens them with address reuse, so on Linux a second silo
    /// on a busy port would start without an error); null when both are free.</summary>
    public static string? PortProblem(GridSettings grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        foreach (var (key, port) in new[] { ("Grid:SiloPort", grid.SiloPort), ("Grid:GatewayPort", grid.GatewayPort) })
        {
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ExclusiveAddressUse = true };
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException e)
            {
                return $"{key} {port} on 127.0.0.1 is in use ({e.SocketErrorCode}); stop the other silo or set {key} (QO_{key.Replace(":", "__", StringComparison.Ordinal)}).";
            }
        }

        return null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
