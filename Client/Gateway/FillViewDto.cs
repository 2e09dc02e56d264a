namespace Quant.Orleans.Client.Gateway;

/// <summary>A fill as <c>GET /api/accounts/{account}/fills</c> and the <c>fill</c> events of <c>/api/events</c>
/// return it.</summary>
/// <param name="ExecId">The execution's id (FIX 17).</param>
/// <param name="ClOrdId">The order (FIX 11).</param>
/// <param name="Symbol">Ticker (FIX 55).</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c> (FIX 54).</param>
/// <param name="LastQty">Units filled (FIX 32), positive.</param>
/// <param name="LastPx">Fill price in USD per unit (FIX 31).</param>
/// <param name="Fee">Fee charged in USD.</param>
/// <param name="TransactTime">Time of the fill, UTC (FIX 60).</param>
/// <param name="QuoteTime">Time of the NBBO quote the fill was priced against, UTC.</param>
public sealed record FillViewDto(
    string ExecId,
    string ClOrdId,
    string Symbol,
    string Side,
    decimal LastQty,
    decimal LastPx,
    decimal Fee,
    DateTimeOffset TransactTime,
    DateTimeOffset QuoteTime);
