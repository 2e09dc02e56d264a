using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// Where one Orleans instrument's measurements go: the state object the <c>MeterListener</c> hands back with every
/// measurement of an instrument it enabled. Recording runs on Orleans's call path, so every sink is lock-free and
/// allocation-free in steady state (an interlocked add; a dictionary lookup where the measurement is split by a tag,
/// which allocates only the first time a tag value is seen).
/// </summary>
internal abstract class MeasurementSink
{
    /// <summary>Records one measurement (ints and longs arrive converted to double, exact below 2^53).</summary>
    /// <param name="value">The measurement, in the instrument's unit.</param>
    /// <param name="tags">Its tags.</param>
    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>The value of tag <paramref name="key"/> as a string; <c>unknown</c> when the tag is absent or null.</summary>
    protected static string TagValue(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                return tag.Value as string ?? tag.Value?.ToString() ?? "unknown";
            }
        }

        return "unknown";
    }
}

/// <summary>Latencies in milliseconds into a <see cref="LatencyHistogram"/> (count and quantiles).</summary>
internal sealed class LatencySink(LatencyHistogram histogram) : MeasurementSink
{
    /// <inheritdoc />
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => histogram.RecordMilliseconds(value);
}

/// <summary>The sum of a counter's increments, all tags together.</summary>
internal sealed class CounterSink : MeasurementSink
{
    private long _total;

    /// <summary>The sum so far.</summary>
    public long Total => Volatile.Read(ref _total);

    /// <inheritdoc />
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Interlocked.Add(ref _total, (long)value);
}

/// <summary>A counter's increments summed per value of one tag (e.g. per <c>grain_type</c>).</summary>
internal sealed class TaggedCounterSink(string tagKey) : MeasurementSink
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byTag = new(StringComparer.Ordinal);

    /// <summary>The sum over every tag value.</summary>
    public long Total => _byTag.Values.Sum(static box => Volatile.Read(ref box.Value));

    /// <summary>The sums per tag value, ordinal order of the values.</summary>
    public KeyValuePair<string, long>[] Snapshot() =>
        _byTag.Select(static kv => KeyValuePair.Create(kv.Key, Volatile.Read(ref kv.Value.Value))).OrderBy(static kv => kv.Key, StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var box = _byTag.GetOrAdd(TagValue(tags, tagKey), static _ => new StrongBox<long>());
        Interlocked.Add(ref box.Value, (long)value);
    }
}

/// <summary>A message-size histogram read as a count of messages and a sum of their bytes.</summary>
internal sealed class SizeSink : MeasurementSink
{
    private long _count;
    private long _bytes;

    /// <summary>Measurements so far (messages).</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Sum of the measurements (bytes).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <inheritdoc />
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, (long)value);
    }
}

/// <summary>An observable counter's cumulative value summed over every instance of the instrument in the process
/// (one per Orleans host), for one collection: <see cref="Reset"/>, then <c>MeterListener.RecordObservableInstruments</c>
/// reports each instance once, then <see cref="Sum"/>.</summary>
internal sealed class ObservedSumSink : MeasurementSink
{
    private long _sum;

    /// <summary>The sum of the values reported since the last <see cref="Reset"/>.</summary>
    public long Sum => Volatile.Read(ref _sum);

    /// <summary>Starts a collection.</summary>
    public void Reset() => Volatile.Write(ref _sum, 0);

    /// <inheritdoc />
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Interlocked.Add(ref _sum, (long)value);
}

/// <summary>Identifies a storage operation's counters.</summary>
/// <param name="Provider">The provider's class name (<c>provider_type_name</c>).</param>
/// <param name="State">The grain state's name (<c>state_name</c>).</param>
/// <param name="Operation"><c>read</c>, <c>write</c> or <c>clear</c>.</param>
internal readonly record struct StorageKey(string Provider, string State, string Operation);

/// <summary>One storage operation's successes (with their latencies) and errors.</summary>
internal sealed class StorageCounters
{
    private long _errors;

    /// <summary>Latencies of the operations that succeeded.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Operations that threw.</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Counts <paramref name="count"/> errors.</summary>
    public void AddErrors(long count) => Interlocked.Add(ref _errors, count);
}

/// <summary>A storage instrument (latency on success, or an error counter) into the counters of its provider, state
/// and <paramref name="operation"/>.</summary>
internal sealed class StorageSink(ConcurrentDictionary<StorageKey, StorageCounters> table, string operation, bool errors) : MeasurementSink
{
    /// <inheritdoc />
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new StorageKey(TagValue(tags, OrleansInstrumentNames.ProviderTag), TagValue(tags, OrleansInstrumentNames.StateTag), operation);
        var counters = table.GetOrAdd(key, static _ => new StorageCounters());
        if (errors)
        {
            counters.AddErrors((long)value);
        }
        else
        {
            counters.Latency.RecordMilliseconds(value);
        }
    }
}
