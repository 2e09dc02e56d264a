using Orleans.Concurrency;
using Quant.Orleans.Grains.Interfaces.Registry;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Registry;

/// <summary><see cref="IModelCatalogGrain"/>: lists the family folders under <see cref="ModelRegistryOptions.Root"/>
/// that hold a <see cref="FileModelRegistry.StateFile"/>. Reads only; a stateless worker on each silo.</summary>
[StatelessWorker]
public sealed class ModelCatalogGrain(ModelRegistryOptions options) : Grain, IModelCatalogGrain
{
    /// <inheritdoc />
    public Task<string[]> GetFamilies()
    {
        if (!Directory.Exists(options.Root))
        {
            return Task.FromResult(Array.Empty<string>());
        }

        var families = Directory.GetDirectories(options.Root)
            .Where(d => File.Exists(Path.Combine(d, FileModelRegistry.StateFile)))
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(families);
    }
}
