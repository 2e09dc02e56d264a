namespace Quant.Orleans.Trading.Accounting;

/// <summary>What <see cref="PortfolioLedger.Apply"/> did with a fill.</summary>
public enum FillOutcome
{
    /// <summary>The fill changed the ledger.</summary>
    Applied = 1,

    /// <summary>A fill with the same id was applied before; the ledger is unchanged (idempotent redelivery).</summary>
    Duplicate = 2,
}
