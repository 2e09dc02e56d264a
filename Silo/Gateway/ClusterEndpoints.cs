using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Gateway;

/// <summary><c>GET /api/cluster</c>: every silo of the Orleans membership with its status, roles, grain activations and
/// uptime, as the answering silo sees it (any silo answers for the whole cluster).</summary>
public static class ClusterEndpoints
{
    /// <summary>Maps the endpoint; the silo's services come from <paramref name="app"/>.</summary>
    /// <param name="app">The silo's web application.</param>
    /// <param name="replayAccount">The account whose replay lease to show (cluster mode with <c>--replay</c>); null for none.</param>
    public static void Map(WebApplication app, string? replayAccount)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/cluster", async (CancellationToken cancellationToken) => Results.Json(await DescribeAsync(app.Services, replayAccount, cancellationToken), GatewayEndpoints.Json));
    }

    /// <summary>The cluster as this silo sees it.</summary>
    public static async Task<ClusterView> DescribeAsync(IServiceProvider services, string? replayAccount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var grains = services.GetRequiredService<IGrainFactory>();
        var options = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var local = services.GetRequiredService<ILocalSiloDetails>();
        var metadata = services.GetService<ISiloMetadataCache>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false).WaitAsync(cancellationToken);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var activations = new Dictionary<SiloAddress, int>();
        foreach (var silo in active)
        {
            try
            {
                // One silo at a time: a silo that died since the table was read answers with an error, not the others.
                var statistics = await management.GetRuntimeStatistics([silo]).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                activations[silo] = statistics[0].ActivationCount;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not answering: shown without a count.
            }
        }

        var now = DateTimeOffset.UtcNow;
        var silos = hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : h.Status == SiloStatus.Dead ? 2 : 1)
            .ThenBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(h =>
            {
                var roles = h.Status == SiloStatus.Dead ? null : metadata?.GetSiloMetadata(h.SiloAddress).Metadata.GetValueOrDefault(GridSiloConfiguration.RolesMetadataKey);
                var started = new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc));
                return new SiloView(
                    h.SiloAddress.ToString(),
                    h.SiloName ?? string.Empty,
                    h.HostName ?? string.Empty,
                    h.Status.ToString(),
                    string.IsNullOrEmpty(roles) ? [] : roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
                    activations.TryGetValue(h.SiloAddress, out var count) ? count : null,
                    started,
                    h.Status == SiloStatus.Active ? Math.Round((now - started).TotalSeconds, 1) : null,
                    new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)),
                    h.ProxyPort);
            })
            .ToArray();
        var accounts = new List<AccountPlacementView>();
        foreach (var account in await grains.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key).GetAccounts().WaitAsync(cancellationToken))
        {
            var address = await management.GetActivationAddress(grains.GetGrain<IPortfolioGrain>(account));
            accounts.Add(new AccountPlacementView(account, address?.ToString()));
        }

        ReplayDriverView? replay = null;
        if (replayAccount is not null)
        {
            var lease = await grains.GetGrain<IReplayLeaseGrain>(replayAccount).Get().WaitAsync(cancellationToken);
            var progress = await grains.GetGrain<IPortfolioGrain>(replayAccount).GetReplayProgress().WaitAsync(cancellationToken);
            replay = new ReplayDriverView(
                replayAccount, lease.Holder?.ToString(), lease.Generation, lease.Completed, progress?.EventsProcessed ?? 0, progress is null ? null : new DateTimeOffset(progress.MarketTime.ToDateTime()));
        }

        return new ClusterView(options.ClusterId, options.ServiceId, local.SiloAddress.ToString(), silos, [.. accounts], replay);
    }
}
