using Orleans.Concurrency;
using Quant.Orleans.Grains.Interfaces.Registry;

namespace Quant.Orleans.Grains.Registry;

/// <summary><see cref="IModelCatalogGrain"/>: the families of <see cref="ModelRegistryOptions.Registry"/> that have a
/// state (<see cref="Research.Registry.IModelRegistry.ListFamiliesAsync"/>). Reads only; a stateless worker on each silo.</summary>
[StatelessWorker]
public sealed class ModelCatalogGrain(ModelRegistryOptions options) : Grain, IModelCatalogGrain
{
    /// <inheritdoc />
    public Task<string[]> GetFamilies() => options.Registry.ListFamiliesAsync();
}
