using System.Diagnostics;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// Builds the grid panels from what Orleans already keeps: the cluster's membership and activation counts from
/// <see cref="IManagementGrain"/> (<c>GetDetailedHosts</c>, <c>GetSimpleGrainStatistics</c>: two grain calls per
/// sample), the request, storage and messaging counts of <see cref="OrleansMetrics"/>, the process's CPU, memory and GC
/// counters, and the replay feed's <see cref="QuarantineLog"/>. Nothing on the grain call path is added or recomputed;
/// rates are the difference of two reads divided by the wall time between them. Not thread-safe:
/// <see cref="DashboardSampler"/> calls it under its lock.
/// </summary>
internal sealed class GridViewBuilder
{
    private static readonly QualityReason[] Reasons = Enum.GetValues<QualityReason>();
    private readonly IGrainFactory _grains;
    private readonly OrleansMetrics _metrics;
    private readonly Func<QualityProgress?> _quality;
    private readonly string _processName;
    private readonly DateTime _processStart;
    private long _previousTimestamp;
    private long _previousCalls;
    private TimeSpan _previousCpu;

    /// <summary>Creates the builder.</summary>
    /// <param name="grains">The silo's grain factory (for the management grain).</param>
    /// <param name="metrics">The process's Orleans metrics.</param>
    /// <param name="quality">The replay feed's quarantine log and delivered-event count, null when no replay runs.</param>
    public GridViewBuilder(IGrainFactory grains, OrleansMetrics metrics, Func<QualityProgress?> quality)
    {
        _grains = grains;
        _metrics = metrics;
        _quality = quality;
        _processName = $"{Environment.MachineName}/{Environment.ProcessId}";
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        _processStart = process.StartTime.ToUniversalTime();
    }

    /// <summary>Reads every source once and returns the view; rates cover the time since the previous call.</summary>
    public async Task<GridView> BuildAsync(long sequence)
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        var statistics = await management.GetSimpleGrainStatistics().ConfigureAwait(false);

        var now = Stopwatch.GetTimestamp();
        double? interval = _previousTimestamp == 0 ? null : Stopwatch.GetElapsedTime(_previousTimestamp, now).TotalSeconds;
        _previousTimestamp = now;
        var calls = _metrics.Requests;
        double? callRate = interval is > 0 ? (calls - _previousCalls) / interval.Value : null;
        _previousCalls = calls;
        var latency = _metrics.RequestLatency;
        var requests = new RequestsView(
            calls, callRate, latency.QuantileNanoseconds(0.50) / 1e3, latency.QuantileNanoseconds(0.99) / 1e3, _metrics.RequestTimeouts, _metrics.RequestsCanceled);
        var storage = _metrics.StorageOperations();

        return new GridView(
            sequence,
            DateTime.UtcNow,
            interval,
            Silos(hosts, statistics),
            Process(interval),
            GrainTypes(statistics),
            requests,
            storage,
            storage.Sum(static s => s.Errors),
            _metrics.Messaging(),
            Quarantine());
    }

    /// <summary>The grain class's name without namespace and assembly (<c>SimpleGrainStatistic.GrainType</c> is
    /// <c>Namespace.Class,Assembly</c>).</summary>
    internal static string ClassName(string grainType)
    {
        var comma = grainType.IndexOf(',', StringComparison.Ordinal);
        var fullName = comma < 0 ? grainType : grainType[..comma];
        return fullName[(fullName.LastIndexOf('.') + 1)..];
    }

    private static SiloView[] Silos(MembershipEntry[] hosts, SimpleGrainStatistic[] statistics)
    {
        var activations = statistics.GroupBy(static s => s.SiloAddress).ToDictionary(static g => g.Key, static g => g.Sum(static s => (long)s.ActivationCount));
        var now = DateTime.UtcNow;
        return hosts
            .Where(static h => h.Status is not (SiloStatus.Dead or SiloStatus.None))
            .OrderBy(static h => h.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(h =>
            {
                var start = Utc(h.StartTime);
                return new SiloView(
                    h.SiloName ?? string.Empty,
                    h.SiloAddress.ToString(),
                    h.HostName ?? string.Empty,
                    h.Status.ToString(),
                    start,
                    Math.Max(0, (now - start).TotalSeconds),
                    activations.GetValueOrDefault(h.SiloAddress));
            })
            .ToArray();
    }

    private static GrainTypeView[] GrainTypes(SimpleGrainStatistic[] statistics) =>
        statistics
            .GroupBy(static s => ClassName(s.GrainType), StringComparer.Ordinal)
            .Select(static g => new GrainTypeView(g.Key, g.Sum(static s => (long)s.ActivationCount), g.Where(static s => s.ActivationCount > 0).Select(static s => s.SiloAddress).Distinct().Count()))
            .OrderBy(static t => t.GrainType, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Membership times are UTC; a table that loses the kind (Unspecified) is read as UTC.</summary>
    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    private ProcessView Process(double? interval)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        double? cpuPercent = interval is > 0 && _previousCpu != TimeSpan.Zero
            ? Math.Clamp((cpu - _previousCpu).TotalSeconds / (interval.Value * Environment.ProcessorCount) * 100, 0, 100)
            : null;
        _previousCpu = cpu;
        var uptime = DateTime.UtcNow - _processStart;
        return new ProcessView(
            _processName,
            _processStart,
            uptime.TotalSeconds,
            cpuPercent,
            Environment.ProcessorCount,
            Environment.WorkingSet,
            GC.GetGCMemoryInfo().HeapSizeBytes,
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            uptime > TimeSpan.Zero ? GC.GetTotalPauseDuration() / uptime * 100 : 0,
            ThreadPool.ThreadCount,
            _metrics.Activations);
    }

    private QuarantineView? Quarantine()
    {
        if (_quality() is not { } progress)
        {
            return null;
        }

        var reasons = Reasons.Select(r => new ReasonCount(r.ToString(), progress.Log.CountOf(r))).ToArray();
        return new QuarantineView(progress.EventsDelivered, reasons.Sum(static r => r.Count), reasons);
    }
}

/// <summary>A running replay's data quality counters.</summary>
/// <param name="Log">The feed's quarantine log.</param>
/// <param name="EventsDelivered">Market events delivered to the grid so far.</param>
internal sealed record QualityProgress(QuarantineLog Log, long EventsDelivered);
