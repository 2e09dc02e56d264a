namespace Quant.Orleans.Grid.Hosting;

/// <summary>Runtime options of a silo (Orleans: <c>SiloMessagingOptions</c>, <c>GrainCollectionOptions</c>).</summary>
public sealed class GridOptions
{
    /// <summary>How long a caller waits for a grain's response before it gets a <see cref="TimeoutException"/>.
    /// Default 30 s (Orleans's default).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation idle for at least this long is deactivated (Orleans: <c>CollectionAge</c>). Default 15 min.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for (Orleans: <c>CollectionQuantum</c>). Default 1 min.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a graceful shutdown waits for all activations to deactivate. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The storage provider used by <c>[PersistentState]</c> without a storage name. Default <c>Default</c>.</summary>
    public string DefaultStorageName { get; set; } = "Default";

    /// <summary>Checks every option; returns the list of problems, each naming the option, its value and the rule.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ResponseTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ResponseTimeout must be positive, got {ResponseTimeout}.");
        }

        if (CollectionAge <= TimeSpan.Zero)
        {
            errors.Add($"CollectionAge must be positive, got {CollectionAge}.");
        }

        if (CollectionQuantum <= TimeSpan.Zero)
        {
            errors.Add($"CollectionQuantum must be positive, got {CollectionQuantum}.");
        }

        if (DeactivationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"DeactivationTimeout must be positive, got {DeactivationTimeout}.");
        }

        if (string.IsNullOrWhiteSpace(DefaultStorageName))
        {
            errors.Add("DefaultStorageName must not be empty.");
        }

        return errors;
    }
}
