namespace Quant.Orleans.Grid.Storage;

/// <summary>
/// A storage provider for grain state (Orleans: <c>IGrainStorage</c>). Implementations must pass the shared contract
/// test suite (<c>GrainStorageContractTests</c>): round trip, ETag checks on write and clear, and isolation by
/// grain type, key and state name.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the record of (<paramref name="grainId"/>, <paramref name="stateName"/>) into
    /// <paramref name="grainState"/>; when none exists, sets a fresh state, a null ETag and <c>RecordExists = false</c>.</summary>
    /// <exception cref="StorageCorruptedException">The record exists but cannot be decoded.</exception>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();

    /// <summary>Writes the state if the stored ETag equals <c>grainState.ETag</c> (null meaning "no record yet"),
    /// then sets the new ETag and <c>RecordExists = true</c>.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();

    /// <summary>Deletes the record if the stored ETag equals <c>grainState.ETag</c>, then resets the state, the ETag
    /// and <c>RecordExists</c>.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();
}

/// <summary>The state, ETag and existence flag that a storage provider reads and writes (Orleans: <c>IGrainState&lt;T&gt;</c>).</summary>
/// <typeparam name="T">The state type.</typeparam>
public interface IGrainState<T>
{
    /// <summary>The state value.</summary>
    T State { get; set; }

    /// <summary>The stored record's version tag, or null when there is no record.</summary>
    string? ETag { get; set; }

    /// <summary>True when a record exists.</summary>
    bool RecordExists { get; set; }
}

/// <summary>A plain <see cref="IGrainState{T}"/>.</summary>
/// <typeparam name="T">The state type.</typeparam>
public sealed class GrainState<T> : IGrainState<T>
    where T : new()
{
    /// <inheritdoc />
    public T State { get; set; } = new();

    /// <inheritdoc />
    public string? ETag { get; set; }

    /// <inheritdoc />
    public bool RecordExists { get; set; }
}
