using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Storage;
using Orleans.TestingHost;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Tests.Persistence;
using Quant.Orleans.Grains.Training;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>An Orleans TestingHost cluster running the training grains as the silo does
/// (<see cref="TrainingSiloBuilderExtensions.AddTrainingGrains"/>), with silo metadata (<c>role = gpu</c> on the second
/// silo when asked), in-memory reminders, and grain storage that outlives any one silo (<see cref="SharedGrainStorage"/>,
/// as Azure Blob storage does in a cluster). Calls from <see cref="Grains"/> go through the cluster's client.</summary>
public sealed class TrainingCluster : IAsyncDisposable
{
    private TrainingCluster(InProcessTestCluster cluster, StepLedger ledger, SharedGrainStorage storage, SiloAddress? gpu)
    {
        Cluster = cluster;
        Ledger = ledger;
        Storage = storage;
        GpuSilo = gpu;
    }

    /// <summary>The cluster (stop, kill silos).</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>What the scripted steps did.</summary>
    public StepLedger Ledger { get; }

    /// <summary>The grain storage every silo uses.</summary>
    public SharedGrainStorage Storage { get; }

    /// <summary>The silo with <c>role = gpu</c>, or null.</summary>
    public SiloAddress? GpuSilo { get; }

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The grain factory of the silo at <paramref name="silo"/> (calls placed from that silo).</summary>
    public IGrainFactory SiloGrains(SiloAddress silo) => Cluster.GetSiloServiceProvider(silo).GetRequiredService<IGrainFactory>();

    /// <summary>Deploys the cluster.</summary>
    /// <param name="silos">How many silos.</param>
    /// <param name="gpu">True to give the second silo the metadata <c>role = gpu</c>.</param>
    /// <param name="pipelines">Families and their scripted steps, in order.</param>
    /// <param name="options">The training options (the defaults when null).</param>
    public static async Task<TrainingCluster> StartAsync(
        short silos,
        bool gpu,
        IReadOnlyDictionary<string, (string Name, StepBehaviour Behaviour)[]> pipelines,
        TrainingOptions? options = null)
    {
        var ledger = new StepLedger();
        var storage = new SharedGrainStorage();
        var names = new List<string>();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((siloOptions, silo) =>
        {
            lock (names)
            {
                if (!names.Contains(siloOptions.SiloName))
                {
                    names.Add(siloOptions.SiloName);
                }
            }

            var role = gpu && names.IndexOf(siloOptions.SiloName) == 1
                ? new Dictionary<string, string> { [PreferredSiloRolePlacementFilterStrategy.RoleMetadataKey] = TrainingGrain.GpuRole }
                : [];
            silo.UseSiloMetadata(role);
            silo.AddTrainingGrains(options);
            silo.UseInMemoryReminderService();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // a killed silo is declared dead within seconds (as in the replay-lease tests)
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.Services.AddGrainStorage(GridStorage.Name, (sp, _) => storage.For(ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp)));
            foreach (var (family, steps) in pipelines)
            {
                foreach (var (name, behaviour) in steps)
                {
                    silo.AddTrainingStep(family, _ => new ScriptedStep(name, behaviour, ledger));
                }
            }
        });
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        SiloAddress? gpuSilo = null;
        if (gpu)
        {
            gpuSilo = cluster.Silos.Single(s => s.Name == names[1]).SiloAddress;
            await WaitForMetadataAsync(cluster, gpuSilo);
        }

        return new TrainingCluster(cluster, ledger, storage, gpuSilo);
    }

    /// <summary>Polls <paramref name="family"/>'s status until it leaves <see cref="TrainingRunStatus.Running"/>, riding
    /// over the errors of a grain whose silo just left (at most 60 s).</summary>
    public async Task<TrainingStatus> WaitForEndAsync(string family)
    {
        var grain = Grains.GetGrain<ITrainingGrain>(family);
        var clock = Stopwatch.StartNew();
        TrainingStatus? status = null;
        Exception? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                status = await grain.GetStatus();
                if (status.Status != TrainingRunStatus.Running)
                {
                    return status;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex; // the grain's silo just left; a later call activates it elsewhere
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Training '{family}' still running after 60 s: {status}", last);
    }

    /// <summary>Waits until every silo's metadata cache knows the GPU silo's role (the cache fills asynchronously from
    /// membership updates; placement before that would not see the role).</summary>
    private static async Task WaitForMetadataAsync(InProcessTestCluster cluster, SiloAddress gpu)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var known = cluster.Silos.All(s => cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ISiloMetadataCache>()
                .GetSiloMetadata(gpu).Metadata.TryGetValue(PreferredSiloRolePlacementFilterStrategy.RoleMetadataKey, out var role) && role == TrainingGrain.GpuRole);
            if (known)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The silos' metadata caches did not learn the GPU silo's role within 30 s.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync(CancellationToken.None);
        await Cluster.DisposeAsync();
    }
}
