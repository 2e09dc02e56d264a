namespace Quant.Orleans.Grid;

/// <summary>
/// A grain's persistent state bound to a storage provider (Orleans: <c>IPersistentState&lt;TState&gt;</c>).
/// It is read before <c>OnActivateAsync</c>; the grain writes it explicitly. Every write carries the ETag of the
/// last read or write, and the provider refuses a write whose ETag no longer matches the stored one.
/// </summary>
/// <typeparam name="TState">The state type; serialised with System.Text.Json, so it needs a public parameterless
/// constructor and public settable properties (or a record with a primary constructor).</typeparam>
public interface IPersistentState<TState>
    where TState : new()
{
    /// <summary>The current state; a fresh <typeparamref name="TState"/> when no record exists.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored record, or null when no record exists.</summary>
    string? Etag { get; }

    /// <summary>True when a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage, replacing <see cref="State"/>.</summary>
    /// <exception cref="StorageCorruptedException">The stored record cannot be decoded; it is left in place.</exception>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> to storage and updates <see cref="Etag"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs from <see cref="Etag"/>: someone else wrote it.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record and resets <see cref="State"/> to a fresh value.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs from <see cref="Etag"/>.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
