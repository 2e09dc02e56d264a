using System.Collections.Concurrent;
using System.Globalization;
using Quant.Orleans.Grid.Metrics;

namespace Quant.Orleans.Grid.Storage;

/// <summary>
/// An in-memory storage provider for tests (Orleans: <c>MemoryGrainStorage</c>). States are stored serialised, so a
/// grain never shares an object with storage; ETags are increasing integers. Lost when the process ends.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string Type, string Key, string State), Record> _records = new();
    private readonly string _name;
    private long _version;

    /// <summary>Creates an empty store; <paramref name="name"/> labels its metrics.</summary>
    public MemoryGrainStorage(string name = "memory") => _name = name;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        if (_records.TryGetValue((grainId.Type, grainId.Key, stateName), out var record))
        {
            grainState.State = GrainStateSerializer.Deserialize<T>(record.Data);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = new T();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        GridMetrics.RecordStorage(_name, "read", "ok");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var key = (grainId.Type, grainId.Key, stateName);
        var data = GrainStateSerializer.Serialize(grainState.State);
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        var next = new Record(data, etag);
        bool written;
        if (grainState.ETag is null)
        {
            written = _records.TryAdd(key, next);
        }
        else
        {
            written = _records.TryGetValue(key, out var current) && current.ETag == grainState.ETag && _records.TryUpdate(key, next, current);
        }

        if (!written)
        {
            GridMetrics.RecordStorage(_name, "write", "conflict");
            throw new InconsistentStateException($"Write of state '{stateName}' of grain {grainId} refused.", StoredEtag(key), grainState.ETag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        GridMetrics.RecordStorage(_name, "write", "ok");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var key = (grainId.Type, grainId.Key, stateName);
        var stored = StoredEtag(key);
        if (stored != grainState.ETag
            || (stored is not null && !_records.TryRemove(KeyValuePair.Create(key, _records[key]))))
        {
            GridMetrics.RecordStorage(_name, "clear", "conflict");
            throw new InconsistentStateException($"Clear of state '{stateName}' of grain {grainId} refused.", stored, grainState.ETag);
        }

        grainState.State = new T();
        grainState.ETag = null;
        grainState.RecordExists = false;
        GridMetrics.RecordStorage(_name, "clear", "ok");
        return Task.CompletedTask;
    }

    private string? StoredEtag((string, string, string) key) => _records.TryGetValue(key, out var r) ? r.ETag : null;

    private sealed record Record(byte[] Data, string ETag);
}
