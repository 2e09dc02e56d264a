using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Quant.Orleans.Grains.Training;

/// <summary>Adds the training grains' services to an Orleans silo: their settings, the placement filter that prefers
/// silos with the role <c>gpu</c>, and the families' pipeline steps.</summary>
public static class TrainingSiloBuilderExtensions
{
    /// <summary>Registers <paramref name="options"/> and the <see cref="PreferredSiloRolePlacementFilterDirector"/>.
    /// Every silo of the cluster must call it (any silo may place a training grain). The silo must already publish its
    /// metadata (<c>silo.UseSiloMetadata()</c>, which reads <c>Orleans:Metadata</c>, e.g. <c>Orleans:Metadata:role = gpu</c>
    /// on GPU silos) and must have a reminder service (Azure Table storage in a cluster, memory in tests) and the grain
    /// storage <see cref="GridStorage.Name"/>.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">The schedule and families; the defaults when null.</param>
    /// <exception cref="ArgumentException">A setting of <paramref name="options"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">The silo does not publish metadata (<c>UseSiloMetadata</c> not called
    /// before).</exception>
    public static ISiloBuilder AddTrainingGrains(this ISiloBuilder silo, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var settings = options ?? new TrainingOptions();
        settings.Validate();
        if (!silo.Services.Any(d => d.ServiceType == typeof(ISiloMetadataCache)))
        {
            throw new InvalidOperationException(
                "AddTrainingGrains needs the silo's metadata: call silo.UseSiloMetadata() (or UseSiloMetadata(dictionary)) before it, on every silo.");
        }

        silo.Services.AddSingleton(settings);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddPlacementFilter<PreferredSiloRolePlacementFilterStrategy, PreferredSiloRolePlacementFilterDirector>(ServiceLifetime.Transient);
        return silo;
    }

    /// <summary>Appends a step of type <typeparamref name="TStep"/> to <paramref name="family"/>'s pipeline (steps run in
    /// the order they are added; a new instance per run).</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="family">The model family; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="family"/> is empty or blank.</exception>
    public static ISiloBuilder AddTrainingStep<TStep>(this ISiloBuilder silo, string family)
        where TStep : class, ITrainingStep
    {
        ArgumentNullException.ThrowIfNull(silo);
        CheckFamily(family);
        silo.Services.AddKeyedTransient<ITrainingStep, TStep>(family);
        return silo;
    }

    /// <summary>Appends a step made by <paramref name="factory"/> to <paramref name="family"/>'s pipeline (called once
    /// per run).</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="family">The model family; not empty.</param>
    /// <param name="factory">Makes the step from the silo's services.</param>
    /// <exception cref="ArgumentException"><paramref name="family"/> is empty or blank.</exception>
    public static ISiloBuilder AddTrainingStep(this ISiloBuilder silo, string family, Func<IServiceProvider, ITrainingStep> factory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(factory);
        CheckFamily(family);
        silo.Services.AddKeyedTransient<ITrainingStep>(family, (services, _) => factory(services));
        return silo;
    }

    private static void CheckFamily(string family)
    {
        if (string.IsNullOrWhiteSpace(family))
        {
            throw new ArgumentException($"The training family must not be empty (got '{family}').", nameof(family));
        }
    }
}
