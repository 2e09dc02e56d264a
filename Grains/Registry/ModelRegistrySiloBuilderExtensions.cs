using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Quant.Orleans.Grains.Registry;

/// <summary>Registers the model-registry grain's options on a silo.</summary>
public static class ModelRegistrySiloBuilderExtensions
{
    /// <summary>Makes <see cref="ModelRegistryGrain"/> serve the registry under <paramref name="options"/>'s root.</summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="options">Where the registry lives.</param>
    /// <returns><paramref name="silo"/>.</returns>
    /// <exception cref="ArgumentException">The root is blank.</exception>
    public static ISiloBuilder AddModelRegistry(this ISiloBuilder silo, ModelRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        silo.Services.AddSingleton(options);
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
