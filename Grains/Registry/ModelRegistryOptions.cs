using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Registry;

/// <summary>Which model registry this silo's registry, catalog and rollout grains use: the silo's one
/// <see cref="IModelRegistry"/> (a <see cref="FileModelRegistry"/> under <c>&lt;Storage:Path&gt;/registry</c>, or in a
/// cluster or with <c>Storage:Provider</c> <c>azureblob</c> the Azure Blob store in <c>Storage:RegistryContainer</c>;
/// docs/registry.md).</summary>
/// <param name="Registry">The registry store. In a cluster it must be one every silo sees (the Azure Blob store, or a
/// folder on a shared volume); a silo-local folder serves only that silo's grains.</param>
public sealed record ModelRegistryOptions(IModelRegistry Registry)
{
    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentNullException"><see cref="Registry"/> is null.</exception>
    public void Validate() => ArgumentNullException.ThrowIfNull(Registry, nameof(Registry));
}
