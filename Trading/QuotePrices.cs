using Quant.Orleans.Core;

namespace Quant.Orleans.Trading;

/// <summary>Exact prices derived from an NBBO <see cref="Quote"/> (Core only offers a double mid, for signals).</summary>
public static class QuotePrices
{
    /// <summary>Exact mid <c>(bid + ask) / 2</c> in quote currency, or null when the quote is not two-sided.</summary>
    public static decimal? MidPrice(this Quote quote)
        => quote.IsTwoSided ? (quote.BidPrice.ToDecimal() + quote.AskPrice.ToDecimal()) / 2m : null;
}
