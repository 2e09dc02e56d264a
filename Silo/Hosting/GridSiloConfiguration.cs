using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Hosting;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Silo.Training;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>Configures an Orleans silo from the settings: localhost clustering on the configured ports, Azure Storage
/// clustering in cluster mode (<see cref="ClusterSettings"/>), or a private port for an in-process silo; the runtime options of <see cref="GridSettings"/>, the grain-storage provider
/// <see cref="GridStorage.Name"/> of <see cref="StorageSettings"/> (states encoded by Orleans's binary serializer), and
/// the trading grains with the strategy.</summary>
public static class GridSiloConfiguration
{
    /// <summary>The silo metadata key of the silo's roles (comma-separated, e.g. <c>gpu</c>).</summary>
    public const string RolesMetadataKey = "roles";

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
            Rollout = strategy.Rollout ?? settings.Strategy.Rollout?.ToOptions(settings),
        };
    }

    /// <summary>The silo's model registry store (docs/registry.md), the one place every registry user gets it from: in
    /// cluster mode (<c>Cluster:Enabled</c>) the Azure Blob store at <c>Cluster:ConnectionString</c>, with
    /// <c>Storage:Provider</c> <c>azureblob</c> the Azure Blob store at <c>Storage:ConnectionString</c> (the connection the
    /// grain storage uses there), both in container <c>Storage:RegistryContainer</c>; otherwise the file store under
    /// <c>&lt;Storage:Path&gt;/registry</c>.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="time">The clock of the journal's timestamps; the system clock when null.</param>
    /// <returns>A new store over the configured location.</returns>
    public static IModelRegistry ModelRegistry(SiloSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var storage = settings.Storage;
        if (settings.Cluster.Enabled || storage.Provider == "azureblob")
        {
            var connection = settings.Cluster.Enabled ? settings.Cluster.ConnectionString : storage.ConnectionString;
            return new AzureBlobModelRegistry(connection!, storage.RegistryContainer, time);
        }

        return new FileModelRegistry(FileRegistryRoot(settings), time);
    }

    /// <summary>The file store's root folder, <c>&lt;Storage:Path&gt;/registry</c> (absolute).</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <returns>The folder.</returns>
    public static string FileRegistryRoot(SiloSettings settings) => Path.GetFullPath(Path.Combine(settings.Storage.Path, "registry"));

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
        var cluster = settings.Cluster;
        var clustered = cluster.Enabled && !options.Private;
        if (options.Private)
        {
            silo.UseLocalhostClustering(FreeLoopbackPort(), 0, null, grid.ServiceId, $"private-{Guid.NewGuid():N}");
            silo.UseSiloMetadata(Metadata(cluster));
            silo.UseInMemoryReminderService();
        }
        else if (clustered)
        {
            // Several silos, one cluster: membership and reminders in Azure Table storage, failure detection tuned for
            // a takeover within seconds (Orleans's defaults take about a minute).
            var tables = AzureStorageClients.Tables(cluster.ConnectionString!);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = grid.ClusterId;
                o.ServiceId = grid.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), grid.SiloPort, grid.GatewayPort);
            silo.UseAzureStorageClustering(o => o.TableServiceClient = tables);
            silo.UseAzureTableReminderService(o => o.TableServiceClient = tables);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = cluster.ProbeTimeout;
                o.NumMissedProbesLimit = cluster.MissedProbesLimit;
                o.NumVotesForDeathDeclaration = cluster.VotesForDeathDeclaration;
                o.TableRefreshTimeout = cluster.TableRefreshTimeout;
            });
            silo.UseSiloMetadata(Metadata(cluster));
            if (cluster.Kubernetes)
            {
                // Registered after the settings above: the pod's name, address and ids win.
                silo.UseKubernetesHosting();
            }
        }
        else
        {
            silo.UseLocalhostClustering(grid.SiloPort, grid.GatewayPort, null, grid.ServiceId, grid.ClusterId);
            silo.UseSiloMetadata(Metadata(cluster));
            silo.UseInMemoryReminderService();
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
        var provider = options.MemoryStorage ? "memory" : clustered ? "azureblob" : storage.Provider;
        var connection = clustered ? cluster.ConnectionString : storage.ConnectionString;
        switch (provider)
        {
            case "memory":
                silo.AddMemoryGrainStorage(GridStorage.Name);
                break;
            case "azureblob":
                // Orleans's provider under a name of its own, behind one that names the blob of a damaged record.
                silo.AddAzureBlobGrainStorage(AzureBlobProviderName, o =>
                {
                    o.BlobServiceClient = AzureStorageClients.Blobs(connection!);
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

        // The accounts' journals: files in the command's journal folder, or in cluster mode Azure blobs that any silo
        // recovers from (Cluster:JournalContainer); the command decides whether there is a journal at all.
        silo.AddTradingGrid(GridJournal.WithStore(Strategy(settings, options), clustered ? cluster.ConnectionString : null, cluster.JournalContainer), options.Hub);
        TrainingHost.Configure(silo, settings); // the nightly training, its grains and the model registry
        if (clustered)
        {
            // Each silo process has its own hub; the relay makes every gateway's event stream carry the whole cluster's.
            silo.AddClusterEventRelay();
        }
    }

    /// <summary>The silo's Orleans metadata: its roles (<see cref="RolesMetadataKey"/>) and the role training placement
    /// reads (<c>role</c>, <see cref="TrainingHost.Role"/>).</summary>
    private static Dictionary<string, string> Metadata(ClusterSettings cluster) => new()
    {
        [RolesMetadataKey] = cluster.RolesValue,
        [Grains.Training.PreferredSiloRolePlacementFilterStrategy.RoleMetadataKey] = TrainingHost.Role(cluster.Roles),
    };

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
