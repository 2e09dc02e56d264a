namespace Quant.Orleans.Dashboard;

/// <summary>The grid panels' data (<c>GET /dashboard/api/grid</c>, and the <c>grid</c> member of each stream event).</summary>
/// <param name="Sequence">Sample number of the dashboard's sampler, increasing by one per sample.</param>
/// <param name="Time">Wall-clock time of the sample, UTC.</param>
/// <param name="IntervalSeconds">Wall time since the previous sample (the denominator of every per-second rate); null for the first sample.</param>
/// <param name="Silos">Every silo of the cluster that is not dead, by address (Orleans membership).</param>
/// <param name="Process">The process serving this page (one of the silos).</param>
/// <param name="GrainTypes">Grain activations per grain class, cluster-wide, ordered by name.</param>
/// <param name="Requests">Grain calls this process sent (Orleans's meters carry no grain type or method: those are
/// on the Orleans dashboard at <c>/orleans</c>).</param>
/// <param name="Storage">Grain-storage operations in this process per provider, state and operation.</param>
/// <param name="StorageErrors">Storage operations that failed in this process (ETag conflicts included).</param>
/// <param name="Messaging">Orleans messages in this process.</param>
/// <param name="Quarantine">The replay feed's quarantined records by reason; null when no replay runs in this silo.</param>
public sealed record GridView(
    long Sequence,
    DateTime Time,
    double? IntervalSeconds,
    SiloView[] Silos,
    ProcessView Process,
    GrainTypeView[] GrainTypes,
    RequestsView Requests,
    StorageView[] Storage,
    long StorageErrors,
    MessagingView Messaging,
    QuarantineView? Quarantine);

/// <summary>A silo of the cluster as Orleans membership and the management grain report it.</summary>
/// <param name="Name">The silo's name, e.g. <c>Silo_0</c>.</param>
/// <param name="Address">Its address, <c>S{ip}:{port}:{generation}</c>.</param>
/// <param name="HostName">The machine it runs on.</param>
/// <param name="Status">Its membership status: <c>Created</c>, <c>Joining</c>, <c>Active</c>, <c>ShuttingDown</c> or <c>Stopping</c>.</param>
/// <param name="StartTime">When the silo started, UTC.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="StartTime"/>.</param>
/// <param name="Activations">Grain activations on the silo (system targets excluded).</param>
public sealed record SiloView(string Name, string Address, string HostName, string Status, DateTime StartTime, double UptimeSeconds, long Activations);

/// <summary>The health of the process serving the dashboard.</summary>
/// <param name="Name">Host name and process id, e.g. <c>host/1234</c>.</param>
/// <param name="StartTime">When the process started, UTC.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="StartTime"/>.</param>
/// <param name="CpuPercent">Process CPU time over the last interval as a share of all cores (0..100); null for the first sample.</param>
/// <param name="ProcessorCount">Cores available to the process.</param>
/// <param name="WorkingSetBytes">Physical memory in use by the process.</param>
/// <param name="GcHeapBytes">Managed heap size after the last collection (<c>GC.GetGCMemoryInfo().HeapSizeBytes</c>).</param>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap since the process started.</param>
/// <param name="Gen0Collections">Generation 0 collections since start.</param>
/// <param name="Gen1Collections">Generation 1 collections since start.</param>
/// <param name="Gen2Collections">Generation 2 collections since start.</param>
/// <param name="GcPauseTimePercent">Share of wall time the GC paused the process since start (<c>GC.GetTotalPauseDuration</c>), 0..100.</param>
/// <param name="ThreadPoolThreads">Thread-pool threads now.</param>
/// <param name="Activations">Grain activations in this process's silos (<c>orleans-grains</c>).</param>
public sealed record ProcessView(
    string Name,
    DateTime StartTime,
    double UptimeSeconds,
    double? CpuPercent,
    int ProcessorCount,
    long WorkingSetBytes,
    long GcHeapBytes,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseTimePercent,
    int ThreadPoolThreads,
    long Activations);

/// <summary>One grain class's activations across the cluster (<c>IManagementGrain.GetSimpleGrainStatistics</c>).</summary>
/// <param name="GrainType">The grain class name, e.g. <c>SymbolGrain</c> (Orleans's own grains, such as
/// <c>ManagementGrain</c> or a storage provider's, are listed too).</param>
/// <param name="Activations">Live activations, all silos.</param>
/// <param name="Silos">Silos that host at least one of them.</param>
public sealed record GrainTypeView(string GrainType, long Activations, int Silos);

/// <summary>Grain calls this process sent, from <c>orleans-app-requests-latency</c> and the request counters.</summary>
/// <param name="Calls">Requests that completed (answered, failed, timed out or cancelled) since the silo started,
/// the dashboard's own reads included.</param>
/// <param name="CallsPerSecond">Calls completed during the last interval per second; null for the first sample.</param>
/// <param name="P50Micros">Median round trip since start, µs (upper bound of the histogram bucket, ≤ 12.5% wide).</param>
/// <param name="P99Micros">99th percentile round trip since start, µs (same estimator).</param>
/// <param name="Timeouts">Requests that timed out (<c>orleans-app-requests-timedout</c>).</param>
/// <param name="Canceled">Requests that were cancelled (<c>orleans-app-requests-canceled</c>).</param>
public sealed record RequestsView(long Calls, double? CallsPerSecond, double P50Micros, double P99Micros, long Timeouts, long Canceled);

/// <summary>Grain-storage operations of one kind since the silo started (<c>orleans-storage-*</c>).</summary>
/// <param name="Provider">The storage provider's class, e.g. <c>MemoryGrainStorage</c> (Orleans reports no provider name).</param>
/// <param name="State">The grain state's name, e.g. <c>symbol</c> or <c>account</c>.</param>
/// <param name="Operation"><c>read</c>, <c>write</c> or <c>clear</c>.</param>
/// <param name="Count">Operations that succeeded.</param>
/// <param name="Errors">Operations that threw (ETag conflicts included).</param>
/// <param name="P50Micros">Median latency of the successes, µs (0 when none).</param>
/// <param name="P99Micros">99th percentile latency of the successes, µs (0 when none).</param>
public sealed record StorageView(string Provider, string State, string Operation, long Count, long Errors, double P50Micros, double P99Micros);

/// <summary>Orleans messages in this process since the silo started (<c>orleans-messaging-*</c>).</summary>
/// <param name="SentMessages">Messages sent over a connection (to other silos, or to clients through the gateway).</param>
/// <param name="SentBytes">Their size, bytes.</param>
/// <param name="ReceivedMessages">Messages received over a connection.</param>
/// <param name="ReceivedBytes">Their size, bytes.</param>
/// <param name="LocalMessages">Messages delivered inside a silo without a connection.</param>
/// <param name="Rejected">Messages a silo rejected.</param>
/// <param name="Rerouted">Messages forwarded to another destination.</param>
/// <param name="Expired">Messages dropped because they expired.</param>
/// <param name="Dropped">Messages dropped before they were sent.</param>
/// <param name="FailedSends">Messages whose send failed.</param>
public sealed record MessagingView(
    long SentMessages,
    long SentBytes,
    long ReceivedMessages,
    long ReceivedBytes,
    long LocalMessages,
    long Rejected,
    long Rerouted,
    long Expired,
    long Dropped,
    long FailedSends);

/// <summary>The replay feed's data quality so far.</summary>
/// <param name="EventsDelivered">Market events delivered to the grid.</param>
/// <param name="Total">Records quarantined, all reasons.</param>
/// <param name="Reasons">Count per <see cref="MarketData.Quality.QualityReason"/>, every reason listed (zeros too), in declaration order.</param>
public sealed record QuarantineView(long EventsDelivered, long Total, ReasonCount[] Reasons);

/// <summary>Quarantined records of one reason.</summary>
/// <param name="Reason">The <see cref="MarketData.Quality.QualityReason"/> name.</param>
/// <param name="Count">Records.</param>
public sealed record ReasonCount(string Reason, long Count);
