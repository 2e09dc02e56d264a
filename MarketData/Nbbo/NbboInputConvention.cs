namespace Quant.Orleans.MarketData.Nbbo;

/// <summary>How <see cref="NbboBuilder"/> reads a quote update. See <c>docs/market-data.md</c> for the evidence.</summary>
public enum NbboInputConvention
{
    /// <summary>
    /// Each update is one venue's full quote: a side with a non-positive price or a non-positive size means that venue
    /// has no quote on that side, so an update with both sides empty withdraws the venue. The NBBO is the best price
    /// across venues, with size = the sum of sizes of all venues at that price.
    /// </summary>
    PerExchange,

    /// <summary>
    /// Each update carries one or both sides of the already consolidated best bid/offer (the AlgoSeek layout of Lean's
    /// US equity tick quotes: a bid line and an ask line per NBBO change, each naming the venue at the best price).
    /// A side with a positive price and size replaces that side of the NBBO; an empty side leaves it unchanged; an
    /// update with both sides empty clears the NBBO.
    /// </summary>
    ConsolidatedSides,
}
