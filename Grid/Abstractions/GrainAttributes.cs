namespace Quant.Orleans.Grid;

/// <summary>Marks a grain class as reentrant (Orleans: <c>[Reentrant]</c>): while one request awaits, the activation
/// may start another. Turns still never run in parallel: each continuation is a turn of its own.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute
{
}

/// <summary>Marks a grain class as a stateless worker (Orleans: <c>[StatelessWorker]</c>): the runtime keeps up to
/// <see cref="MaxLocalWorkers"/> activations per grain id and sends each call to an idle one, so pure compute grains
/// scale over cores. Such grains must not keep state that callers rely on.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatelessWorkerAttribute : Attribute
{
    /// <summary>Creates the attribute; <paramref name="maxLocalWorkers"/> of 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLocalWorkers"/> is negative.</exception>
    public StatelessWorkerAttribute(int maxLocalWorkers = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLocalWorkers);
        MaxLocalWorkers = maxLocalWorkers == 0 ? Environment.ProcessorCount : maxLocalWorkers;
    }

    /// <summary>The most activations kept per grain id on one silo.</summary>
    public int MaxLocalWorkers { get; }
}

/// <summary>Requests a persistent state for a grain constructor parameter of type <see cref="IPersistentState{TState}"/>
/// (Orleans: <c>[PersistentState("name", "storage")]</c>). The state is read before <c>OnActivateAsync</c>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="stateName">The state's name within the grain, e.g. <c>portfolio</c>.</param>
    /// <param name="storageName">The registered storage provider's name; null means the default provider.</param>
    /// <exception cref="ArgumentException"><paramref name="stateName"/> is null or empty.</exception>
    public PersistentStateAttribute(string stateName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        StateName = stateName;
        StorageName = storageName;
    }

    /// <summary>The state's name within the grain.</summary>
    public string StateName { get; }

    /// <summary>The storage provider's name, or null for the default provider.</summary>
    public string? StorageName { get; }
}
