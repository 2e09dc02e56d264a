namespace Quant.Orleans.Gateway.Contracts;

/// <summary>The cluster as the answering silo sees it (<c>GET /api/cluster</c>).</summary>
/// <param name="ClusterId">Orleans cluster id.</param>
/// <param name="ServiceId">Orleans service id.</param>
/// <param name="Answering">The address of the silo that answered.</param>
/// <param name="Silos">Every silo in the membership table, active ones first, then by address.</param>
/// <param name="Accounts">Where each account of the directory is active now, by account.</param>
/// <param name="Replay">Who drives the replay (cluster mode with <c>--replay</c>); null otherwise.</param>
public sealed record ClusterView(string ClusterId, string ServiceId, string Answering, SiloView[] Silos, AccountPlacementView[] Accounts, ReplayDriverView? Replay);

/// <summary>Where an account's grain is active.</summary>
/// <param name="Account">The account.</param>
/// <param name="Silo">The silo's address; null when the account is not active anywhere now (it activates on its next call).</param>
public sealed record AccountPlacementView(string Account, string? Silo);

/// <summary>The replay's driver in a cluster (the holder of the account's replay lease).</summary>
/// <param name="Account">The replay's account.</param>
/// <param name="Driver">The driving silo's address; null when nobody holds the lease.</param>
/// <param name="Generation">How many times the lease changed hands.</param>
/// <param name="Completed">True once the replay ran to its end.</param>
/// <param name="EventsProcessed">Market events the account has recorded as processed (its journaled replay progress).</param>
/// <param name="MarketTime">Market time of the last of them, UTC; null before the first.</param>
public sealed record ReplayDriverView(string Account, string? Driver, long Generation, bool Completed, long EventsProcessed, DateTimeOffset? MarketTime);

/// <summary>One silo of the cluster.</summary>
/// <param name="Address">Silo address (<c>ip:port@generation</c>).</param>
/// <param name="Name">Silo name.</param>
/// <param name="Host">Host name.</param>
/// <param name="Status">Orleans membership status: <c>Joining</c>, <c>Active</c>, <c>ShuttingDown</c>, <c>Stopping</c>, <c>Dead</c>.</param>
/// <param name="Roles">The silo's roles (setting <c>Cluster:Roles</c>, e.g. <c>gpu</c>); empty when none or unknown (a dead silo).</param>
/// <param name="Grains">Grain activations on the silo; null when it did not answer (not active).</param>
/// <param name="StartedUtc">When the silo started.</param>
/// <param name="UptimeSeconds">Seconds since it started, for an active silo; null otherwise.</param>
/// <param name="LastAliveUtc">The silo's last "I am alive" write in the membership table.</param>
/// <param name="GatewayPort">Its Orleans client gateway port (0 for none).</param>
public sealed record SiloView(
    string Address, string Name, string Host, string Status, string[] Roles, int? Grains, DateTimeOffset StartedUtc, double? UptimeSeconds, DateTimeOffset LastAliveUtc, int GatewayPort);
