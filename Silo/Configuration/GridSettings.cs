using System.Text.RegularExpressions;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>The Orleans silo: cluster identity, endpoints, and the runtime options the grid sets (section <c>Grid</c>).
/// The embedded default is one silo with localhost clustering on these ports.</summary>
public sealed partial class GridSettings
{
    /// <summary>The Orleans cluster id (silos with the same id and service id form one cluster).</summary>
    public string ClusterId { get; set; } = "quant-orleans";

    /// <summary>The Orleans service id (stable across deployments: it keys persisted state).</summary>
    public string ServiceId { get; set; } = "quant-orleans";

    /// <summary>Silo-to-silo port on loopback (1..65535).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port on loopback (1..65535), distinct from <see cref="SiloPort"/>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How long a grain call may take before the caller gets a <see cref="TimeoutException"/> (Orleans
    /// <c>SiloMessagingOptions.ResponseTimeout</c>).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation idle this long is deactivated (Orleans <c>GrainCollectionOptions.CollectionAge</c>);
    /// longer than <see cref="CollectionQuantum"/>.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for (Orleans <c>GrainCollectionOptions.CollectionQuantum</c>).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest deactivation (a grain's last checkpoint) before it is cancelled (Orleans
    /// <c>GrainCollectionOptions.DeactivationTimeout</c>); shutdown waits for it.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wall-clock period of the symbol grains' checkpoints; <c>00:00:00</c> for on request and on
    /// deactivation only.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal IEnumerable<string> Validate()
    {
        if (!IdPattern().IsMatch(ClusterId))
        {
            yield return $"Grid:ClusterId must be 1..64 letters, digits, '-' or '_', got '{ClusterId}'.";
        }

        if (!IdPattern().IsMatch(ServiceId))
        {
            yield return $"Grid:ServiceId must be 1..64 letters, digits, '-' or '_', got '{ServiceId}'.";
        }

        if (SiloPort is < 1 or > 65535)
        {
            yield return $"Grid:SiloPort must be in [1, 65535], got {SiloPort}.";
        }

        if (GatewayPort is < 1 or > 65535)
        {
            yield return $"Grid:GatewayPort must be in [1, 65535], got {GatewayPort}.";
        }
        else if (GatewayPort == SiloPort)
        {
            yield return $"Grid:GatewayPort must differ from Grid:SiloPort, both are {SiloPort}.";
        }

        if (ResponseTimeout <= TimeSpan.Zero)
        {
            yield return $"Grid:ResponseTimeout must be positive, got {ResponseTimeout}.";
        }

        if (CollectionQuantum <= TimeSpan.Zero)
        {
            yield return $"Grid:CollectionQuantum must be positive, got {CollectionQuantum}.";
        }

        if (CollectionAge <= CollectionQuantum)
        {
            yield return $"Grid:CollectionAge must be longer than Grid:CollectionQuantum ({CollectionQuantum}), got {CollectionAge}.";
        }

        if (DeactivationTimeout <= TimeSpan.Zero)
        {
            yield return $"Grid:DeactivationTimeout must be positive, got {DeactivationTimeout}.";
        }

        if (CheckpointInterval < TimeSpan.Zero)
        {
            yield return $"Grid:CheckpointInterval must not be negative, got {CheckpointInterval}.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
