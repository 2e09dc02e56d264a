namespace Quant.Orleans.Research.Runs;

/// <summary>Which data a run saw; serialized snake_case (<c>prod_live</c>, <c>maintenance_replay</c>, <c>mixed</c>).</summary>
public enum DataRegime
{
    /// <summary>Live production data as it arrived.</summary>
    ProdLive,

    /// <summary>Recorded data replayed for maintenance or research.</summary>
    MaintenanceReplay,

    /// <summary>Both: such a run's numbers cannot be compared with either kind.</summary>
    Mixed,
}
