namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// The <c>policy@&lt;version&gt;</c> sizing method of a <see cref="Portfolio.PortfolioBook"/>: the policy's serving
/// position p ∈ [−1, 1] times the per-symbol risk budget (<see cref="PolicySizer"/>), then the same rebalance threshold,
/// per-order clipping and risk checks as Kelly. Loaded once per silo (from a policy model folder); each book asks
/// <see cref="CreateServer"/> for its own server, so accounts never share scratch buffers.
/// </summary>
public sealed class PolicySizing
{
    /// <summary>Creates the method.</summary>
    /// <param name="version">The policy's version (its model folder's manifest <c>version</c>), non-empty, no comma or
    /// line break (it is written into orders.csv).</param>
    /// <param name="createServer">Creates one server per account.</param>
    /// <exception cref="ArgumentException"><paramref name="version"/> is empty or holds a comma, quote or line break.</exception>
    public PolicySizing(string version, Func<IPolicyServer> createServer)
    {
        ArgumentNullException.ThrowIfNull(createServer);
        if (string.IsNullOrWhiteSpace(version) || version.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            throw new ArgumentException($"version must be non-empty without comma, quote or line break; got '{version}'.", nameof(version));
        }

        Version = version;
        Method = SizingAudit.PolicyPrefix + version;
        CreateServer = createServer;
    }

    /// <summary>The policy's version.</summary>
    public string Version { get; }

    /// <summary>The method as the audit trail names it: <c>policy@&lt;version&gt;</c>.</summary>
    public string Method { get; }

    /// <summary>Creates a server for one account.</summary>
    public Func<IPolicyServer> CreateServer { get; }
}
