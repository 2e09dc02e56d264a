using Quant.Orleans.Grains.Interfaces.Training;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>Training grains prefer the silo whose metadata says <c>role = gpu</c>, whichever silo places them; without
/// such a silo they activate anywhere.</summary>
public sealed class TrainingPlacementTests
{
    private const int Families = 12;

    [Fact]
    public async Task WithAGpuSiloEveryTrainingGrainIsActivatedOnIt()
    {
        await using var cluster = await TrainingCluster.StartAsync(2, gpu: true, new Dictionary<string, (string, StepBehaviour)[]>());
        var other = cluster.Cluster.Silos.Single(s => !s.SiloAddress.Equals(cluster.GpuSilo)).SiloAddress;

        // Half placed by calls from the client, half by calls made on the silo without the role (where a
        // local-preferring strategy would otherwise keep them).
        var hosts = new List<string>();
        for (var i = 0; i < Families; i++)
        {
            var factory = i % 2 == 0 ? cluster.Grains : cluster.SiloGrains(other);
            hosts.Add((await factory.GetGrain<ITrainingGrain>($"placed-{i}").GetStatus()).Silo);
        }

        Assert.All(hosts, host => Assert.Equal(cluster.GpuSilo!.ToString(), host));
    }

    [Fact]
    public async Task WithoutAGpuSiloTrainingGrainsStillActivate()
    {
        await using var cluster = await TrainingCluster.StartAsync(2, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>());
        var silos = cluster.Cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();

        var statuses = new List<TrainingStatus>();
        for (var i = 0; i < Families; i++)
        {
            var factory = i % 2 == 0 ? cluster.Grains : cluster.SiloGrains(cluster.Cluster.Silos[i % 4 == 1 ? 0 : 1].SiloAddress);
            statuses.Add(await factory.GetGrain<ITrainingGrain>($"placed-{i}").GetStatus());
        }

        Assert.All(statuses, s => Assert.Contains(s.Silo, silos));
        Assert.All(statuses, s => Assert.Equal(TrainingRunStatus.Idle, s.Status));
    }
}
