namespace Quant.Orleans.Grains.Interfaces.Registry;

/// <summary>The families the model registry holds (key 0): every folder under the registry's root with a
/// <c>registry.json</c>, ordinal order. Each family is then read through <see cref="IModelRegistryGrain"/>.</summary>
[Alias("qo.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The registered families' names, ordinal order; empty when nothing was registered.</summary>
    /// <returns>The names.</returns>
    [Alias("GetFamilies")]
    Task<string[]> GetFamilies();
}
