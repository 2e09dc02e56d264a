namespace Quant.Orleans.Dashboard;

/// <summary>
/// The Orleans 10.4.2 instruments <see cref="OrleansMetrics"/> listens to, all on the meter
/// <see cref="OrleansMetrics.MeterName"/>. Types and units were measured with a <c>MeterListener</c> on an in-process
/// cluster running the grid's grains (see docs/dashboard.md), and so were the tags, except those of events that did not
/// happen there (timeouts, cancellations, storage errors, expired, dropped and failed messages): those are taken from
/// the Orleans source and the 10.4.2 assembly.
/// A later Orleans version may rename or reshape an instrument; the dashboard then shows zeros for it (never a guess).
/// </summary>
internal static class OrleansInstrumentNames
{
    /// <summary><c>Histogram&lt;double&gt;</c>, ms, no tags: round trip of every request this process sent (grain and
    /// client calls, Orleans's own system calls included), recorded when its response, timeout or cancellation arrives.</summary>
    public const string RequestLatency = "orleans-app-requests-latency";

    /// <summary><c>Counter&lt;long&gt;</c>, tag <c>grain_type</c>: requests of this process that timed out.</summary>
    public const string RequestTimeouts = "orleans-app-requests-timedout";

    /// <summary><c>Counter&lt;long&gt;</c>, tag <c>grain_type</c>: requests of this process that were cancelled.</summary>
    public const string RequestsCanceled = "orleans-app-requests-canceled";

    /// <summary><c>UpDownCounter&lt;int&gt;</c>, tag <c>grain_type</c> (Orleans grain type name, e.g. <c>symbol</c>):
    /// +1 per grain activation created in a silo of this process, −1 per activation removed (system targets excluded).</summary>
    public const string GrainActivations = "orleans-grains";

    /// <summary><c>Histogram&lt;double&gt;</c>, ms, tags <c>provider_type_name</c> (the provider's class, e.g.
    /// <c>MemoryGrainStorage</c>), <c>state_name</c>, <c>state_type</c>: successful reads of grain state.</summary>
    public const string StorageReadLatency = "orleans-storage-read-latency";

    /// <summary>As <see cref="StorageReadLatency"/>, for writes.</summary>
    public const string StorageWriteLatency = "orleans-storage-write-latency";

    /// <summary>As <see cref="StorageReadLatency"/>, for clears.</summary>
    public const string StorageClearLatency = "orleans-storage-clear-latency";

    /// <summary><c>Counter&lt;int&gt;</c>, the storage latency tags: reads that threw.</summary>
    public const string StorageReadErrors = "orleans-storage-read-errors";

    /// <summary>As <see cref="StorageReadErrors"/>, for writes (ETag conflicts included: Orleans does not tell them apart).</summary>
    public const string StorageWriteErrors = "orleans-storage-write-errors";

    /// <summary>As <see cref="StorageReadErrors"/>, for clears.</summary>
    public const string StorageClearErrors = "orleans-storage-clear-errors";

    /// <summary><c>Histogram&lt;int&gt;</c>, bytes, tags <c>ConnectionDirection</c>, <c>MessageDirection</c>: one
    /// measurement per message sent over a connection (to another silo, or between a client and a gateway).</summary>
    public const string MessagesSentSize = "orleans-messaging-sent-messages-size";

    /// <summary>As <see cref="MessagesSentSize"/>, for messages received over a connection.</summary>
    public const string MessagesReceivedSize = "orleans-messaging-received-messages-size";

    /// <summary><c>ObservableCounter&lt;long&gt;</c>, no tags: messages delivered inside a silo without a connection
    /// (cumulative; read when the dashboard samples).</summary>
    public const string MessagesSentLocal = "orleans-messaging-sent-local";

    /// <summary><c>Counter&lt;int&gt;</c>, tag <c>Direction</c>: messages a silo rejected.</summary>
    public const string MessagesRejected = "orleans-messaging-rejected";

    /// <summary><c>Counter&lt;int&gt;</c>, tag <c>Direction</c>: messages forwarded to another destination.</summary>
    public const string MessagesRerouted = "orleans-messaging-rerouted";

    /// <summary><c>Counter&lt;int&gt;</c>, tag <c>Phase</c>: messages dropped because they expired.</summary>
    public const string MessagesExpired = "orleans-messaging-expired";

    /// <summary><c>Counter&lt;int&gt;</c>, tag <c>Direction</c>: messages dropped before they were sent.</summary>
    public const string MessagesDropped = "orleans-messaging-sent-dropped";

    /// <summary><c>Counter&lt;int&gt;</c>, tag <c>Direction</c>: messages whose send failed.</summary>
    public const string MessagesFailed = "orleans-messaging-sent-failed";

    /// <summary>The tag naming the Orleans grain type on request and activation instruments.</summary>
    public const string GrainTypeTag = "grain_type";

    /// <summary>The tag naming the storage provider's class on storage instruments.</summary>
    public const string ProviderTag = "provider_type_name";

    /// <summary>The tag naming the grain state (the <c>[PersistentState]</c> name) on storage instruments.</summary>
    public const string StateTag = "state_name";
}
