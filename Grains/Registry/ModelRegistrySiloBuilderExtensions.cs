using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Registry;

/// <summary>Registers the model-registry grains' store on a silo.</summary>
public static class ModelRegistrySiloBuilderExtensions
{
    /// <summary>Makes <see cref="ModelRegistryGrain"/> and <see cref="ModelCatalogGrain"/> serve the registry store
    /// <paramref name="registry"/> creates (once per silo, with the silo's services: its <see cref="TimeProvider"/>
    /// stamps the journal).</summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="registry">Creates the silo's registry store.</param>
    /// <returns><paramref name="silo"/>.</returns>
    public static ISiloBuilder AddModelRegistry(this ISiloBuilder silo, Func<IServiceProvider, IModelRegistry> registry)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(registry);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton(sp =>
        {
            var options = new ModelRegistryOptions(registry(sp));
            options.Validate();
            return options;
        });
        return silo;
    }
}
