using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// A depth view across venues rebuilt from quote lines that name one venue on one side (Lean's AlgoSeek tick quotes):
/// each venue keeps the last bid and the last ask it was named with (price, size, time). Against the consolidated best
/// bid/ask, a venue's bid counts <b>at the best</b> when its price equals the best bid, <b>one tick behind</b> when it
/// equals the best bid minus <see cref="Tick"/>; likewise on the ask side (best ask plus a tick). An entry older than
/// <see cref="MaxAge"/> counts nowhere, and <see cref="Evict"/> drops entries better than the consolidated best (that
/// venue must have left the price, or it would still be the best).
/// <para>This is a reconstruction, not a venue book: the AlgoSeek lines carry the NBBO with the venue at each best
/// price (see <c>docs/market-data.md</c>), so a venue is seen only while it is at the best; its size one tick behind is
/// what it last showed at that price when it was the best. Four fixed arrays of 26 slots; allocation-free. Not
/// thread-safe.</para>
/// </summary>
public sealed class VenueDepthBook
{
    private readonly long[] _bidPrice = new long[ExchangeCodes.Count];
    private readonly long[] _bidSize = new long[ExchangeCodes.Count];
    private readonly long[] _bidTime = new long[ExchangeCodes.Count];
    private readonly long[] _askPrice = new long[ExchangeCodes.Count];
    private readonly long[] _askSize = new long[ExchangeCodes.Count];
    private readonly long[] _askTime = new long[ExchangeCodes.Count];
    private readonly long _maxAgeNanos;

    /// <summary>Creates an empty book.</summary>
    /// <param name="maxAge">How long a venue's entry counts, positive.</param>
    /// <param name="tick">The price step of "one tick behind", positive; null for 0.01 USD.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not positive.</exception>
    public VenueDepthBook(TimeSpan maxAge, Price? tick = null)
    {
        if (maxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, "maxAge must be positive.");
        }

        var step = tick ?? new Price(Price.Scale / 100);
        if (!step.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(tick), step, "tick must be positive.");
        }

        MaxAge = maxAge;
        Tick = step;
        _maxAgeNanos = maxAge.Ticks * 100L;
    }

    /// <summary>How long a venue's entry counts.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>The price step of "one tick behind".</summary>
    public Price Tick { get; }

    /// <summary>Applies one quote line: a side with a positive price and size replaces that venue's entry on that side;
    /// an empty side leaves it unchanged.</summary>
    /// <param name="quote">The line (already accepted by the quality filter).</param>
    /// <exception cref="ArgumentOutOfRangeException">The exchange code is not 'A'..'Z'.</exception>
    public void Apply(in ExchangeQuote quote)
    {
        var slot = ExchangeCodes.ToIndex(quote.Exchange);
        if (quote.BidPrice.Raw > 0 && quote.BidSize.Raw > 0)
        {
            _bidPrice[slot] = quote.BidPrice.Raw;
            _bidSize[slot] = quote.BidSize.Raw;
            _bidTime[slot] = quote.Time.Value;
        }

        if (quote.AskPrice.Raw > 0 && quote.AskSize.Raw > 0)
        {
            _askPrice[slot] = quote.AskPrice.Raw;
            _askSize[slot] = quote.AskSize.Raw;
            _askTime[slot] = quote.Time.Value;
        }
    }

    /// <summary>Drops every bid above <paramref name="bestBid"/> and every ask below <paramref name="bestAsk"/>; a
    /// non-positive best leaves its side unchanged.</summary>
    /// <param name="bestBid">The consolidated best bid.</param>
    /// <param name="bestAsk">The consolidated best ask.</param>
    public void Evict(Price bestBid, Price bestAsk)
    {
        for (var i = 0; i < ExchangeCodes.Count; i++)
        {
            if (bestBid.Raw > 0 && _bidPrice[i] > bestBid.Raw)
            {
                _bidPrice[i] = 0;
                _bidSize[i] = 0;
            }

            if (bestAsk.Raw > 0 && _askPrice[i] > 0 && _askPrice[i] < bestAsk.Raw)
            {
                _askPrice[i] = 0;
                _askSize[i] = 0;
            }
        }
    }

    /// <summary>The depth around <paramref name="bestBid"/>/<paramref name="bestAsk"/> at <paramref name="now"/>, from
    /// the entries not older than <see cref="MaxAge"/>; a non-positive best gives zeros on its side.</summary>
    /// <param name="bestBid">The consolidated best bid.</param>
    /// <param name="bestAsk">The consolidated best ask.</param>
    /// <param name="now">The time of the view.</param>
    /// <returns>Sizes in shares and venue counts.</returns>
    public DepthSnapshot Snapshot(Price bestBid, Price bestAsk, UnixNanos now)
    {
        var oldest = now.Value - _maxAgeNanos;
        long bidAt = 0, bidBehind = 0, askAt = 0, askBehind = 0;
        int bidVenues = 0, askVenues = 0;
        for (var i = 0; i < ExchangeCodes.Count; i++)
        {
            if (bestBid.Raw > 0 && _bidPrice[i] > 0 && _bidTime[i] >= oldest)
            {
                if (_bidPrice[i] == bestBid.Raw)
                {
                    bidAt += _bidSize[i];
                    bidVenues++;
                }
                else if (_bidPrice[i] == bestBid.Raw - Tick.Raw)
                {
                    bidBehind += _bidSize[i];
                }
            }

            if (bestAsk.Raw > 0 && _askPrice[i] > 0 && _askTime[i] >= oldest)
            {
                if (_askPrice[i] == bestAsk.Raw)
                {
                    askAt += _askSize[i];
                    askVenues++;
                }
                else if (_askPrice[i] == bestAsk.Raw + Tick.Raw)
                {
                    askBehind += _askSize[i];
                }
            }
        }

        return new DepthSnapshot(
            bidAt / Quantity.Scale, bidVenues, bidBehind / Quantity.Scale, askAt / Quantity.Scale, askVenues, askBehind / Quantity.Scale);
    }

    /// <summary>Forgets every venue.</summary>
    public void Reset()
    {
        Array.Clear(_bidPrice);
        Array.Clear(_bidSize);
        Array.Clear(_bidTime);
        Array.Clear(_askPrice);
        Array.Clear(_askSize);
        Array.Clear(_askTime);
    }
}

/// <summary>The depth around the consolidated best bid and ask (<see cref="VenueDepthBook.Snapshot"/>).</summary>
/// <param name="BidSizeAtBest">Shares at the best bid, summed over venues.</param>
/// <param name="BidVenuesAtBest">Venues at the best bid.</param>
/// <param name="BidSizeBehind">Shares one tick below the best bid, summed over venues.</param>
/// <param name="AskSizeAtBest">Shares at the best ask, summed over venues.</param>
/// <param name="AskVenuesAtBest">Venues at the best ask.</param>
/// <param name="AskSizeBehind">Shares one tick above the best ask, summed over venues.</param>
public readonly record struct DepthSnapshot(long BidSizeAtBest, int BidVenuesAtBest, long BidSizeBehind, long AskSizeAtBest, int AskVenuesAtBest, long AskSizeBehind)
{
    /// <summary>(bid − ask) / (bid + ask) of the sizes at the best, in [−1, 1]; 0 when both are 0.</summary>
    public double ImbalanceAtBest => Imbalance(BidSizeAtBest, AskSizeAtBest);

    /// <summary>The same over the best and one tick behind on each side, in [−1, 1]; 0 when all are 0.</summary>
    public double ImbalanceTwoTicks => Imbalance(BidSizeAtBest + BidSizeBehind, AskSizeAtBest + AskSizeBehind);

    private static double Imbalance(long bid, long ask) => bid + ask > 0 ? (bid - ask) / (double)(bid + ask) : 0.0;
}
