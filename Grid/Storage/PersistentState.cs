using Quant.Orleans.Grid.Runtime;

namespace Quant.Orleans.Grid.Storage;

/// <summary>Reads a persistent state before activation, without knowing its type.</summary>
internal interface IPersistentStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: a named state of one grain in one storage provider.</summary>
/// <typeparam name="TState">The state type.</typeparam>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>, IPersistentStateLoader
    where TState : new()
{
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly GrainId _grainId;

    public PersistentState(IGrainStorage storage, string stateName, GrainId grainId)
    {
        _storage = storage;
        _stateName = stateName;
        _grainId = grainId;
    }

    public TState State { get; set; } = new();

    public string? ETag { get; set; }

    public string? Etag => ETag;

    public bool RecordExists { get; set; }

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ReadStateAsync(_stateName, _grainId, this, cancellationToken);

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        _storage.WriteStateAsync(_stateName, _grainId, this, cancellationToken);

    public Task ClearStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ClearStateAsync(_stateName, _grainId, this, cancellationToken);

    Task IPersistentStateLoader.LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    /// <summary>Creates a state and registers it with the activation (used through a delegate made once per class).</summary>
    internal static object Create(GrainRuntime runtime, ActivationData activation, string stateName, string? storageName)
    {
        var state = new PersistentState<TState>(runtime.GetStorage(storageName, activation.Id, stateName), stateName, activation.Id);
        activation.PersistentStates.Add(state);
        return state;
    }
}
