namespace Quant.Orleans.Trading.Accounting;

/// <summary>
/// The result of <see cref="PortfolioLedger.Reconcile"/>: the ledger's figures, the figures recomputed from the fills,
/// and one line per broken invariant. Amounts in quote currency.
/// </summary>
/// <param name="Account">The account reconciled.</param>
/// <param name="FillCount">Number of fills applied.</param>
/// <param name="Cash">The ledger's cash.</param>
/// <param name="ExpectedCash">Initial cash − Σ buy notional + Σ sell notional − Σ fees, from the fills.</param>
/// <param name="Equity">The ledger's equity: cash + Σ position × mark.</param>
/// <param name="RealizedPnl">The ledger's realised PnL, gross of fees.</param>
/// <param name="UnrealizedPnl">The ledger's unrealised PnL at the marks.</param>
/// <param name="Fees">The ledger's total fees.</param>
/// <param name="Breaks">One human-readable line per broken invariant, naming both values; empty when balanced.</param>
public sealed record ReconciliationReport(
    string Account,
    int FillCount,
    decimal Cash,
    decimal ExpectedCash,
    decimal Equity,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    IReadOnlyList<string> Breaks)
{
    /// <summary>True when every invariant holds exactly.</summary>
    public bool IsBalanced => Breaks.Count == 0;

    /// <summary>Throws when an invariant is broken; returns this report otherwise.</summary>
    /// <exception cref="InvalidOperationException">At least one invariant is broken; the message lists all of them.</exception>
    public ReconciliationReport ThrowIfBroken()
    {
        if (!IsBalanced)
        {
            throw new InvalidOperationException($"Ledger of account '{Account}' does not reconcile after {FillCount} fills:{Environment.NewLine}{string.Join(Environment.NewLine, Breaks)}");
        }

        return this;
    }
}
