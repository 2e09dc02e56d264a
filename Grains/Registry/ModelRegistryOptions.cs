namespace Quant.Orleans.Grains.Registry;

/// <summary>Where the model registry lives on this silo: the root folder of <c>FileModelRegistry</c>
/// (<c>&lt;root&gt;/&lt;family&gt;/registry.json</c>, <c>journal.jsonl</c> and one folder per version).</summary>
/// <param name="Root">The registry's root folder (absolute, or relative to the working directory). In a cluster it
/// must be a folder every silo sees (a shared volume); a silo-local folder serves only that silo's grains.</param>
public sealed record ModelRegistryOptions(string Root)
{
    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException"><see cref="Root"/> is blank.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root))
        {
            throw new ArgumentException($"ModelRegistryOptions.Root must name a folder, got '{Root}'.", nameof(Root));
        }
    }
}
