namespace Quant.Orleans.Client.Analysis;

/// <summary>The account's realised PnL right after one fill.</summary>
/// <param name="Time">Time of the fill, UTC.</param>
/// <param name="Realized">Realised PnL so far, gross of fees, USD.</param>
/// <param name="Fees">Fees paid so far, USD.</param>
public sealed record PnlPoint(DateTimeOffset Time, decimal Realized, decimal Fees)
{
    /// <summary>Realised PnL net of fees, USD.</summary>
    public decimal Net => Realized - Fees;
}
