namespace Quant.Orleans.Grains;

/// <summary>What Orleans's cluster membership says about a silo.</summary>
internal static class Membership
{
    /// <summary>True when the membership declares <paramref name="silo"/> dead, or knows a later generation of the
    /// same endpoint (the process was restarted). A silo it does not know is not dead: it may not have joined yet, or
    /// its entry was cleaned up long after its death; callers fall back on a time to live.</summary>
    public static bool IsDead(IClusterMembershipService membership, SiloAddress silo)
    {
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Members.TryGetValue(silo, out var member))
        {
            return member.Status == SiloStatus.Dead;
        }

        return snapshot.Members.Keys.Any(known => known.IsSuccessorOf(silo));
    }
}
