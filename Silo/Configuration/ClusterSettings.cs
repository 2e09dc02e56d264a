using System.Net;
using System.Text.RegularExpressions;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>Cluster mode (section <c>Cluster</c>; <c>serve --cluster</c> turns it on): several silos form one Orleans
/// cluster through Azure Storage — membership and reminders in Azure Table storage, grain state and the accounts'
/// journals in Azure Blob storage — so any silo can take over the grains of one that died. The silo's identity and
/// ports are <see cref="GridSettings"/>'s. Off, the silo runs alone with localhost clustering.</summary>
public sealed partial class ClusterSettings
{
    /// <summary>True for cluster mode.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Azure Storage connection string of membership, reminders, grain state and journals
    /// (<c>UseDevelopmentStorage=true</c> or an Azurite one on loopback; a storage account's in production).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The address other silos and clients reach this silo at (this machine's, in one network); loopback by
    /// default, for several silos on one machine.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>This silo's roles (e.g. <c>gpu</c>), published as Orleans silo metadata <c>roles</c> (comma-separated)
    /// for placement and shown by <c>quant cluster</c>.</summary>
    public string[] Roles { get; set; } = [];

    /// <summary>True inside Kubernetes: Orleans's Kubernetes hosting (<c>Microsoft.Orleans.Hosting.Kubernetes</c>) takes
    /// the silo's name, address and cluster and service ids from the pod (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>,
    /// <c>POD_IP</c>, <c>ORLEANS_CLUSTER_ID</c>, <c>ORLEANS_SERVICE_ID</c>) and declares silos dead when their pods are
    /// deleted (the pod's service account needs get, list, watch, delete and patch on pods). Off elsewhere.</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Blob container of the accounts' journals in cluster mode.</summary>
    public string JournalContainer { get; set; } = "quant-orleans-journal";

    /// <summary>How long a silo waits for a probe's answer before counting it missed (Orleans
    /// <c>ClusterMembershipOptions.ProbeTimeout</c>; Orleans's default is 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another (Orleans <c>NumMissedProbesLimit</c>, default 3).</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes needed to declare a silo dead (Orleans <c>NumVotesForDeathDeclaration</c>, default 2); 1 lets a
    /// three-silo cluster on one machine act on the first suspicion.</summary>
    public int VotesForDeathDeclaration { get; set; } = 1;

    /// <summary>How often a silo re-reads the membership table (Orleans <c>TableRefreshTimeout</c>, default 60 s).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The roles as one metadata value.</summary>
    public string RolesValue => string.Join(',', Roles);

    internal IEnumerable<string> Validate()
    {
        if (Enabled && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "Cluster:ConnectionString must be set in cluster mode (an Azure Storage connection string, e.g. QO_Cluster__ConnectionString=UseDevelopmentStorage=true).";
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return $"Cluster:AdvertisedAddress must be an IP address, got '{AdvertisedAddress}'.";
        }

        foreach (var role in Roles)
        {
            if (!RolePattern().IsMatch(role))
            {
                yield return $"Cluster:Roles has an invalid role '{role}': 1..32 lower-case letters, digits or '-'.";
            }
        }

        if (JournalContainer.Length is < 3 or > 63 || !JournalContainer.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return $"Cluster:JournalContainer must be 3..63 lower-case letters, digits and '-', got '{JournalContainer}'.";
        }

        if (ProbeTimeout <= TimeSpan.Zero || TableRefreshTimeout <= TimeSpan.Zero)
        {
            yield return $"Cluster:ProbeTimeout and Cluster:TableRefreshTimeout must be positive, got {ProbeTimeout} and {TableRefreshTimeout}.";
        }

        if (MissedProbesLimit is < 1 or > 10 || VotesForDeathDeclaration is < 1 or > 10)
        {
            yield return $"Cluster:MissedProbesLimit and Cluster:VotesForDeathDeclaration must be in [1, 10], got {MissedProbesLimit} and {VotesForDeathDeclaration}.";
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex RolePattern();
}
