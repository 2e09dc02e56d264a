namespace Quant.Orleans.Grid.Metrics;

/// <summary>Lock-free call statistics for one grain method: calls completed, errors, timeouts and a latency histogram
/// (from the moment the caller sent the request to the moment its result was set, in nanoseconds).</summary>
public sealed class MethodStats
{
    private long _calls;
    private long _errors;
    private long _timeouts;

    internal MethodStats(string interfaceName, string methodName)
    {
        InterfaceName = interfaceName;
        MethodName = methodName;
    }

    /// <summary>The grain interface's short name.</summary>
    public string InterfaceName { get; }

    /// <summary>The method's name.</summary>
    public string MethodName { get; }

    /// <summary>Completed calls (successful or failed).</summary>
    public long Calls => Volatile.Read(ref _calls);

    /// <summary>Calls that completed with an exception (timeouts included).</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Calls that failed because the response timeout elapsed.</summary>
    public long Timeouts => Volatile.Read(ref _timeouts);

    /// <summary>Latency distribution in nanoseconds.</summary>
    public LatencyHistogram Latency { get; } = new();

    internal void RecordCompletion(long stopwatchTicks, bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }

        Latency.RecordStopwatchTicks(stopwatchTicks);
    }

    internal void RecordTimeout() => Interlocked.Increment(ref _timeouts);
}
