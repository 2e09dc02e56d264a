using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace Quant.Orleans.Grains.Tests.Persistence;

/// <summary>A grain-storage provider whose records outlive the clusters that use it (a test owns the instance and
/// hands it to one cluster after another, as a shared disk would): states are encoded by Orleans's binary serializer
/// (so every codec, surrogate and the System.Text.Json checkpoint codec is exercised), ETags are checked, and writes of a
/// chosen state name can be made to fail to simulate a storage fault.</summary>
public sealed class SharedGrainStorage
{
    private readonly ConcurrentDictionary<string, (long ETag, byte[] Bytes)> _records = new(StringComparer.Ordinal);

    /// <summary>State names whose writes currently fail with an <see cref="IOException"/>.</summary>
    public ConcurrentDictionary<string, bool> FailingWrites { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes that succeeded, per state name.</summary>
    public ConcurrentDictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    /// <summary>The provider for one silo, encoding with that silo's <paramref name="serializer"/>.</summary>
    public IGrainStorage For(IGrainStorageSerializer serializer) => new Provider(this, serializer);

    private sealed class Provider(SharedGrainStorage store, IGrainStorageSerializer serializer) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (store._records.TryGetValue(Key(stateName, grainId), out var record))
            {
                grainState.State = serializer.Deserialize<T>(new BinaryData(record.Bytes));
                grainState.ETag = record.ETag.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (store.FailingWrites.ContainsKey(stateName))
            {
                throw new IOException($"Simulated storage fault writing '{stateName}' of {grainId}.");
            }

            var key = Key(stateName, grainId);
            var stored = store._records.TryGetValue(key, out var record) ? record.ETag.ToString(CultureInfo.InvariantCulture) : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch on {key}.", stored, grainState.ETag);
            }

            var next = (record.ETag) + 1;
            store._records[key] = (next, serializer.Serialize(grainState.State).ToArray());
            grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            store.Writes.AddOrUpdate(stateName, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            store._records.TryRemove(Key(stateName, grainId), out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
    }
}
