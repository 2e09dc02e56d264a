using System.Diagnostics;
using Quant.Orleans.Grid.Metrics;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.Silo.Dashboard;

/// <summary>
/// Builds the grid panels from what the grid already counts: <see cref="GridMetrics"/> (activations, the lock-free
/// <see cref="MethodStats"/> of every method, storage operations), the process's CPU, memory and GC counters, and the
/// replay feed's <see cref="QuarantineLog"/>. Nothing on the grain call path is added or recomputed; rates are the
/// difference of two reads divided by the wall time between them. Not thread-safe: <see cref="DashboardSampler"/>
/// calls it under its lock.
/// </summary>
internal sealed class GridViewBuilder
{
    private static readonly QualityReason[] Reasons = Enum.GetValues<QualityReason>();
    private readonly GrainRuntime _runtime;
    private readonly Func<QualityProgress?> _quality;
    private readonly Dictionary<MethodStats, long> _previousCalls = [];
    private readonly long[] _merged = new long[LatencyHistogram.BucketCount];
    private readonly string _siloName;
    private readonly DateTime _startTime;
    private long _previousTimestamp;
    private TimeSpan _previousCpu;

    /// <summary>Creates the builder.</summary>
    /// <param name="runtime">The silo's runtime (activations, grain types).</param>
    /// <param name="quality">The replay feed's quarantine log and delivered-event count, null when no replay runs.</param>
    public GridViewBuilder(GrainRuntime runtime, Func<QualityProgress?> quality)
    {
        _runtime = runtime;
        _quality = quality;
        _siloName = $"{Environment.MachineName}/{Environment.ProcessId}";
        using var process = Process.GetCurrentProcess();
        _startTime = process.StartTime.ToUniversalTime();
    }

    /// <summary>Reads every counter once and returns the view; rates cover the time since the previous call.</summary>
    public GridView Build(long sequence)
    {
        var now = Stopwatch.GetTimestamp();
        double? interval = _previousTimestamp == 0 ? null : Stopwatch.GetElapsedTime(_previousTimestamp, now).TotalSeconds;
        _previousTimestamp = now;

        var methods = GridMetrics.AllMethods.ToArray();
        var calls = new long[methods.Length];
        var rates = new double?[methods.Length];
        for (var i = 0; i < methods.Length; i++)
        {
            calls[i] = methods[i].Calls;
            rates[i] = interval is > 0 && _previousCalls.TryGetValue(methods[i], out var before) ? (calls[i] - before) / interval.Value : null;
            _previousCalls[methods[i]] = calls[i];
        }

        var typeOf = _runtime.GrainTypesByInterface;
        var activations = GridMetrics.Activations;
        var grainTypes = new List<GrainTypeView>();
        foreach (var type in typeOf.Values.Concat(activations.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Array.Clear(_merged);
            long typeCalls = 0, typeErrors = 0;
            double? typeRate = interval is null ? null : 0;
            for (var i = 0; i < methods.Length; i++)
            {
                if (typeOf.TryGetValue(methods[i].InterfaceName, out var t) && t == type)
                {
                    typeCalls += calls[i];
                    typeErrors += methods[i].Errors;
                    methods[i].Latency.AddCountsTo(_merged);
                    typeRate = typeRate is null || rates[i] is null ? typeRate : typeRate + rates[i];
                }
            }

            grainTypes.Add(new GrainTypeView(
                type,
                activations.GetValueOrDefault(type),
                typeCalls,
                typeRate,
                typeErrors,
                typeCalls == 0 ? 0 : typeErrors / (double)typeCalls,
                LatencyHistogram.QuantileNanoseconds(_merged, 0.50) / 1e3,
                LatencyHistogram.QuantileNanoseconds(_merged, 0.99) / 1e3));
        }

        var methodViews = methods
            .Select((m, i) => new MethodView(m.InterfaceName, m.MethodName, calls[i], rates[i], m.Errors, m.Timeouts, m.Latency.QuantileNanoseconds(0.50) / 1e3, m.Latency.QuantileNanoseconds(0.99) / 1e3))
            .Where(static m => m.Calls > 0)
            .OrderByDescending(static m => m.P99Micros)
            .ThenBy(static m => m.Interface, StringComparer.Ordinal)
            .ThenBy(static m => m.Method, StringComparer.Ordinal)
            .ToArray();

        var storage = GridMetrics.StorageOperationCounts.Select(static c => new StorageView(c.Provider, c.Operation, c.Outcome, c.Count)).ToArray();
        return new GridView(
            sequence,
            DateTime.UtcNow,
            interval,
            [Silo(interval)],
            grainTypes.ToArray(),
            methodViews,
            storage,
            storage.Where(static s => s.Outcome == "conflict").Sum(static s => s.Count),
            Quarantine());
    }

    private SiloView Silo(double? interval)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var start = _startTime;
        double? cpuPercent = interval is > 0 && _previousCpu != TimeSpan.Zero
            ? Math.Clamp((cpu - _previousCpu).TotalSeconds / (interval.Value * Environment.ProcessorCount) * 100, 0, 100)
            : null;
        _previousCpu = cpu;
        var uptime = DateTime.UtcNow - start;
        return new SiloView(
            _siloName,
            start,
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
            _runtime.ActivationCount);
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
