namespace Quant.Orleans.Grid;

/// <summary>Why an activation is being deactivated (Orleans: <c>DeactivationReasonCode</c>).</summary>
public enum DeactivationReason
{
    /// <summary>The activation was idle for longer than the collection age.</summary>
    IdleCollection,

    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
}
