namespace Quant.Orleans.MarketData.Quality;

/// <summary>Why a record was quarantined (kept out of the delivered stream). Each record is counted under one reason: the first that applies, in declaration order.</summary>
public enum QualityReason
{
    /// <summary>The vendor flagged the record as suspicious.</summary>
    Suspicious,

    /// <summary>A trade price ≤ 0, or a negative quote price (a zero quote price means "no quote on that side" and is valid).</summary>
    NonPositivePrice,

    /// <summary>A trade size ≤ 0, or a negative quote size.</summary>
    NonPositiveSize,

    /// <summary>The timestamp is strictly earlier than an earlier accepted record of the same file (equal timestamps are normal in millisecond data and are accepted).</summary>
    OutOfOrder,

    /// <summary>
    /// A quote price more than <see cref="QualityFilterOptions.MaxPriceMultiple"/> times above or below the reference
    /// (the mid of the last accepted NBBO), e.g. an ask of $100M on a $182 stock; or an NBBO whose ask is more than that
    /// multiple of its bid. The line never reaches the NBBO (or the NBBO is not delivered). See <see cref="QualityFilter"/>.
    /// </summary>
    PriceOutlier,

    /// <summary>The NBBO after this quote has bid &gt; ask; it is not delivered.</summary>
    CrossedNbbo,

    /// <summary>The NBBO after this quote has bid = ask; it is not delivered.</summary>
    LockedNbbo,
}
