namespace Quant.Orleans.Research.Labels;

/// <summary>Which barrier of a triple-barrier event was touched first (López de Prado, AFML §3.4).</summary>
public enum BarrierKind : byte
{
    /// <summary>The profit-taking (upper for a long, lower for a short) horizontal barrier.</summary>
    ProfitTaking,

    /// <summary>The stop-loss horizontal barrier.</summary>
    StopLoss,

    /// <summary>The vertical (time) barrier, or the end of the series when it comes first.</summary>
    Vertical,
}
