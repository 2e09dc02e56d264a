namespace Quant.Orleans.Research.Registry;

/// <summary>Where a registered model version stands in its family; serialized snake_case (<c>candidate</c>,
/// <c>shadow</c>, <c>canary</c>, <c>live</c>, <c>retired</c>, <c>monitor_only</c>).</summary>
public enum RegistryStage
{
    /// <summary>Registered from production data, not yet serving in any form.</summary>
    Candidate,

    /// <summary>Runs beside the live version on live data; its outputs are recorded, never traded.</summary>
    Shadow,

    /// <summary>Trades for the share of symbols <see cref="CanaryAssignment"/> assigns to it.</summary>
    Canary,

    /// <summary>Trades for every symbol; at most one version of a family is live.</summary>
    Live,

    /// <summary>No longer serving: superseded, rolled back or withdrawn. A retired version that was live can be
    /// restored by a rollback of its successor.</summary>
    Retired,

    /// <summary>Built from replayed or maintenance data (<see cref="Runs.DataRegime"/> other than <c>prod_live</c>): it is
    /// reported, never promoted automatically; only a manual promotion with a reason moves it, journaled as an
    /// override.</summary>
    MonitorOnly,
}
