using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Quant.Orleans.Grid.Metrics;

/// <summary>
/// The grid's instruments on the <see cref="System.Diagnostics.Metrics"/> meter <c>Quant.Orleans.Grid</c>:
/// <list type="bullet">
/// <item><c>qo.grid.activations</c> (up-down counter, {activation}, tag <c>grain.type</c>);</item>
/// <item><c>qo.grid.calls</c>, <c>qo.grid.errors</c>, <c>qo.grid.timeouts</c> (counters, {call}, tags <c>grain.interface</c>, <c>grain.method</c>);</item>
/// <item><c>qo.grid.call.duration</c> (histogram, s, same tags), recorded only while a listener is enabled;</item>
/// <item><c>qo.grid.storage.operations</c> (counter, {operation}, tags <c>storage.provider</c>, <c>storage.operation</c>, <c>storage.outcome</c>).</item>
/// </list>
/// Method statistics are kept in lock-free <see cref="MethodStats"/> objects as well, which a dashboard reads directly.
/// </summary>
public static class GridMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Quant.Orleans.Grid";

    private static readonly ConcurrentQueue<MethodStats> Methods = new();
    private static readonly ConcurrentDictionary<string, long> ActivationsByType = new();
    private static readonly ConcurrentDictionary<(string Provider, string Operation, string Outcome), StrongBox<long>> StorageCounts = new();
    private static readonly Meter GridMeter = new(MeterName, "1.0");
    private static readonly Histogram<double> CallDuration = GridMeter.CreateHistogram<double>("qo.grid.call.duration", "s", "Grain call latency from send to result.");
    private static readonly Counter<long> StorageOperations = GridMeter.CreateCounter<long>("qo.grid.storage.operations", "{operation}", "Grain storage operations by provider, operation and outcome.");

    static GridMetrics()
    {
        GridMeter.CreateObservableUpDownCounter("qo.grid.activations", ObserveActivations, "{activation}", "Live grain activations per grain type.");
        GridMeter.CreateObservableCounter("qo.grid.calls", () => ObserveMethods(static s => s.Calls), "{call}", "Completed grain calls.");
        GridMeter.CreateObservableCounter("qo.grid.errors", () => ObserveMethods(static s => s.Errors), "{call}", "Grain calls that failed.");
        GridMeter.CreateObservableCounter("qo.grid.timeouts", () => ObserveMethods(static s => s.Timeouts), "{call}", "Grain calls that timed out.");
    }

    /// <summary>Every method seen so far, in registration order.</summary>
    public static IReadOnlyCollection<MethodStats> AllMethods => Methods;

    /// <summary>Live activations per grain type, summed over the silos in this process.</summary>
    public static IReadOnlyDictionary<string, long> Activations => ActivationsByType;

    /// <summary>Storage operations so far per provider, operation (<c>read</c>, <c>write</c>, <c>clear</c>) and outcome
    /// (<c>ok</c>, or <c>conflict</c> for an ETag mismatch), ordered by provider, operation, outcome.</summary>
    public static IReadOnlyList<StorageOperationCount> StorageOperationCounts =>
        StorageCounts
            .Select(static kv => new StorageOperationCount(kv.Key.Provider, kv.Key.Operation, kv.Key.Outcome, Volatile.Read(ref kv.Value.Value)))
            .OrderBy(static c => c.Provider, StringComparer.Ordinal)
            .ThenBy(static c => c.Operation, StringComparer.Ordinal)
            .ThenBy(static c => c.Outcome, StringComparer.Ordinal)
            .ToArray();

    internal static void Register(MethodStats stats) => Methods.Enqueue(stats);

    internal static void ActivationAdded(string grainType) => ActivationsByType.AddOrUpdate(grainType, 1, static (_, v) => v + 1);

    internal static void ActivationRemoved(string grainType) => ActivationsByType.AddOrUpdate(grainType, 0, static (_, v) => v - 1);

    internal static void RecordCall(MethodStats stats, long stopwatchTicks, bool failed)
    {
        stats.RecordCompletion(stopwatchTicks, failed);
        if (CallDuration.Enabled)
        {
            CallDuration.Record(
                stopwatchTicks / (double)System.Diagnostics.Stopwatch.Frequency,
                new KeyValuePair<string, object?>("grain.interface", stats.InterfaceName),
                new KeyValuePair<string, object?>("grain.method", stats.MethodName));
        }
    }

    internal static void RecordStorage(string provider, string operation, string outcome)
    {
        Interlocked.Increment(ref StorageCounts.GetOrAdd((provider, operation, outcome), static _ => new StrongBox<long>()).Value);
        StorageOperations.Add(
            1,
            new KeyValuePair<string, object?>("storage.provider", provider),
            new KeyValuePair<string, object?>("storage.operation", operation),
            new KeyValuePair<string, object?>("storage.outcome", outcome));
    }

    private static IEnumerable<Measurement<long>> ObserveActivations()
    {
        foreach (var (type, count) in ActivationsByType)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("grain.type", type));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveMethods(Func<MethodStats, long> read)
    {
        foreach (var s in Methods)
        {
            yield return new Measurement<long>(
                read(s),
                new KeyValuePair<string, object?>("grain.interface", s.InterfaceName),
                new KeyValuePair<string, object?>("grain.method", s.MethodName));
        }
    }
}

/// <summary>How many storage operations of one kind completed with one outcome.</summary>
/// <param name="Provider">The storage provider's registered name.</param>
/// <param name="Operation"><c>read</c>, <c>write</c> or <c>clear</c>.</param>
/// <param name="Outcome"><c>ok</c>, or <c>conflict</c> when the stored ETag differed (<see cref="InconsistentStateException"/>).</param>
/// <param name="Count">Operations since the process started.</param>
public sealed record StorageOperationCount(string Provider, string Operation, string Outcome, long Count);
