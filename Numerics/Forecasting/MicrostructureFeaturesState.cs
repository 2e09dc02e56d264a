namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>A checkpoint of a <see cref="MicrostructureFeatures"/> (<see cref="MicrostructureFeatures.Capture"/>). Plain data.</summary>
/// <param name="Bid">Prevailing two-sided bid, USD (0 before the first two-sided quote).</param>
/// <param name="Ask">Prevailing two-sided ask, USD (0 before the first two-sided quote).</param>
/// <param name="LastTradePrice">Price of the last trade, USD (0 before the first).</param>
/// <param name="LastTickSign">Sign of the last non-zero trade-price change (−1, 0 or +1), the tick rule's memory.</param>
/// <param name="BuyVolume">Weighted buy volume B as of the last trade, shares.</param>
/// <param name="SellVolume">Weighted sell volume S as of the last trade, shares.</param>
/// <param name="LastTradeTimeNanos">Time of the last trade, <see cref="Core.UnixNanos"/> value.</param>
/// <param name="LastTimeNanos">Time of the last accepted event, <see cref="Core.UnixNanos"/> value (<see cref="long.MinValue"/> before any).</param>
/// <param name="QuoteCount">Quotes accepted.</param>
/// <param name="TradeCount">Trades accepted.</param>
/// <param name="RejectedCount">Events refused.</param>
public sealed record MicrostructureFeaturesState(
    double Bid,
    double Ask,
    double LastTradePrice,
    int LastTickSign,
    double BuyVolume,
    double SellVolume,
    long LastTradeTimeNanos,
    long LastTimeNanos,
    long QuoteCount,
    long TradeCount,
    long RejectedCount);
